#pragma once

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
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
    std::string source;  // the local address to connect from; empty: any
};

// "ws://HOST:PORT/PATH"
Target parse_url(const std::string& url);

// A protocol error or a failed request, counted as an error by the workloads.
class RequestFailed : public std::runtime_error {
public:
    RequestFailed(std::string code, const std::string& message,
                  std::chrono::milliseconds retry_after = {})
        : std::runtime_error(code + ": " + message),
          code_(std::move(code)),
          retry_after_(retry_after) {}
    const std::string& code() const { return code_; }
    // For rate_limited: when the server says to try again (zero when it does not say).
    std::chrono::milliseconds retry_after() const { return retry_after_; }

private:
    std::string code_;
    std::chrono::milliseconds retry_after_;
};

// One WebSocket connection to the server, used by one coroutine at a time: call() sends a
// request and reads frames until its reply arrives; pushed events met on the way go to
// on_event.
//
// The client side of RFC 6455 is written here rather than taken from Beast, which the
// server uses: Beast checks the UTF-8 of every text message it receives, with no way to
// turn it off, and on the replies of `read` that check was a fifth of this program's CPU
// (perf, docs/benchmarks.md, stop 18). The load generator shares the server's machine, so
// its waste is taken from the server. Boost.JSON checks the same bytes again when it parses
// them, so nothing goes unchecked. The handshake is Beast's HTTP; the frames are simple on
// this side (ours are masked, the server's are not).
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
    Connection(beast::tcp_stream stream, beast::flat_buffer received);

    // The next data message, parsed; answers pings and fails on a close.
    net::awaitable<boost::json::object> read_message();
    // Until at least `size` bytes are buffered.
    net::awaitable<void> receive_at_least(std::size_t size);
    // One frame, masked as a client must.
    net::awaitable<void> send_frame(unsigned char opcode, std::string_view payload);

    beast::tcp_stream stream_;
    beast::flat_buffer received_;
    std::string fragments_;       // a message that came in several frames (the server sends one)
    std::minstd_rand mask_keys_;  // small: `idle` opens 10,000 connections
    std::int64_t next_id_ = 0;
};

}  // namespace gongkai::bench
