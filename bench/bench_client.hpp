#pragma once

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace gongkai::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

struct Target {
    std::string host;
    std::string port;
    std::string path = "/ws";
};

// "ws://HOST:PORT/PATH"
Target parse_url(const std::string& url);

// A protocol error or a failed request, counted as an error by the workloads.
class RequestFailed : public std::runtime_error {
public:
    RequestFailed(std::string code, const std::string& message)
        : std::runtime_error(code + ": " + message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

// One WebSocket connection to the server, used by one coroutine at a time: call() sends a
// request and reads frames until its reply arrives; pushed events met on the way go to
// on_event.
class Connection {
public:
    using EventHandler = std::function<void(const boost::json::object& event)>;

    static net::awaitable<std::unique_ptr<Connection>> open(const Target& target);

    // The result object, or throws RequestFailed.
    net::awaitable<boost::json::object> call(boost::json::object request);
    net::awaitable<std::string> login(const std::string& username, const std::string& password);
    net::awaitable<void> resume(const std::string& token);
    // Reads forever, handing events to on_event (for listener connections).
    net::awaitable<void> listen();

    EventHandler on_event;

private:
    explicit Connection(websocket::stream<beast::tcp_stream> ws) : ws_(std::move(ws)) {}
    net::awaitable<boost::json::object> read_frame();

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::int64_t next_id_ = 0;
};

}  // namespace gongkai::bench
