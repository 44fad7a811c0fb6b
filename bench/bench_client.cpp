#include "bench_client.hpp"

#include <regex>

namespace gongkai::bench {

Target parse_url(const std::string& url) {
    std::smatch match;
    static const std::regex pattern(R"(ws://([^/:]+):(\d+)(/.*)?)");
    if (!std::regex_match(url, match, pattern)) {
        throw std::invalid_argument("--url must look like ws://HOST:PORT/ws");
    }
    return {match[1], match[2], match[3].matched ? std::string(match[3]) : "/ws"};
}

net::awaitable<std::unique_ptr<Connection>> Connection::open(const Target& target) {
    auto executor = co_await net::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(target.host, target.port, net::use_awaitable);
    websocket::stream<beast::tcp_stream> ws(executor);
    co_await beast::get_lowest_layer(ws).async_connect(endpoints, net::use_awaitable);
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws.read_message_max(64 * 1024 * 1024);
    co_await ws.async_handshake(target.host + ":" + target.port, target.path, net::use_awaitable);
    ws.text(true);
    co_return std::unique_ptr<Connection>(new Connection(std::move(ws)));
}

net::awaitable<boost::json::object> Connection::read_frame() {
    buffer_.clear();
    co_await ws_.async_read(buffer_, net::use_awaitable);
    auto data = buffer_.cdata();
    co_return boost::json::parse(
        std::string_view(static_cast<const char*>(data.data()), data.size()))
        .as_object();
}

net::awaitable<boost::json::object> Connection::call(boost::json::object request) {
    const auto id = ++next_id_;
    request["id"] = id;
    auto text = boost::json::serialize(request);
    co_await ws_.async_write(net::buffer(text), net::use_awaitable);
    for (;;) {
        auto frame = co_await read_frame();
        if (frame.contains("event")) {
            if (on_event) on_event(frame);
            continue;
        }
        if (frame.at("id") != id) continue;
        if (!frame.at("ok").as_bool()) {
            const auto& error = frame.at("error").as_object();
            throw RequestFailed(std::string(error.at("code").as_string()),
                                std::string(error.at("message").as_string()));
        }
        co_return std::move(frame.at("result").as_object());
    }
}

net::awaitable<std::string> Connection::login(const std::string& username,
                                              const std::string& password) {
    // Built before co_await: GCC 12 cannot keep a braced list alive across a suspension.
    boost::json::object request{
        {"op", "auth.login"}, {"username", username}, {"password", password}};
    auto result = co_await call(std::move(request));
    co_return std::string(result.at("token").as_string());
}

net::awaitable<void> Connection::resume(const std::string& token) {
    boost::json::object request{{"op", "auth.resume"}, {"token", token}};
    co_await call(std::move(request));
}

net::awaitable<void> Connection::listen() {
    for (;;) {
        auto frame = co_await read_frame();
        if (frame.contains("event") && on_event) on_event(frame);
    }
}

}  // namespace gongkai::bench
