#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::testing {

// A blocking WebSocket client for tests, speaking the Gongkai protocol against a real
// server. Reads time out (the test fails instead of hanging).
class WsClient {
public:
    // `source`: the local address to connect from (another loopback address such as
    // 127.0.0.2 makes a second client machine, for limits kept per address).
    WsClient(const std::string& host, std::uint16_t port, const std::string& origin = {},
             const std::string& source = {});
    ~WsClient();

    // Sends {"id": <next>, "op": op, ...fields} and returns the whole reply frame. Events
    // pushed meanwhile are kept in events().
    boost::json::object call(std::string_view op, boost::json::object fields = {});
    // call() that must succeed; returns "result" (throws with the error otherwise).
    boost::json::object ok(std::string_view op, boost::json::object fields = {});
    // call() that must fail; returns the error code.
    std::string error(std::string_view op, boost::json::object fields = {});

    boost::json::object login(const std::string& username, const std::string& password);

    void send_text(std::string_view text);
    void send_binary(std::string_view data);
    boost::json::object read_frame();
    // The next frame that is not a pushed event (events are kept in events()).
    boost::json::object read_reply();
    // Reads until the server closes; returns its close code (0 if the socket just ended).
    int wait_close();
    void close();

    std::vector<boost::json::object>& events() { return events_; }

    // The HTTP status of a handshake to /ws with this Origin (101 when accepted).
    static int handshake_status(const std::string& host, std::uint16_t port,
                                const std::string& origin);

private:
    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
    std::int64_t next_id_ = 0;
    std::vector<boost::json::object> events_;
};

// The samples of a Prometheus text page (GET /metrics): "name{labels}" → value, comments
// skipped. Fails the current test on a line without a value.
std::map<std::string, double> prometheus_samples(const std::string& page);

// A plain HTTP GET; returns {status, body}.
std::pair<int, std::string> http_get(const std::string& host, std::uint16_t port,
                                     const std::string& target);

}  // namespace gongkai::testing
