#include "gongkai/testing/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/time.h>

namespace gongkai::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

void set_receive_timeout(tcp::socket& socket, int seconds) {
    timeval timeout{seconds, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

void connect(tcp::socket& socket, net::io_context& ioc, const std::string& host, std::uint16_t port,
             const std::string& source) {
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(host, std::to_string(port));
    if (source.empty()) {
        net::connect(socket, endpoints);
    } else {
        auto target = endpoints.begin()->endpoint();
        socket.open(target.protocol());
        socket.bind(tcp::endpoint(net::ip::make_address(source), 0));
        socket.connect(target);
    }
    set_receive_timeout(socket, 20);
}

}  // namespace

WsClient::WsClient(const std::string& host, std::uint16_t port, const std::string& origin,
                   const std::string& source)
    : ws_(ioc_) {
    connect(ws_.next_layer(), ioc_, host, port, source);
    ws_.set_option(websocket::stream_base::decorator([origin](websocket::request_type& request) {
        if (!origin.empty()) request.set(http::field::origin, origin);
    }));
    ws_.read_message_max(64 * 1024 * 1024);
    ws_.handshake(host + ":" + std::to_string(port), "/ws");
}

WsClient::~WsClient() {
    beast::error_code ec;
    if (ws_.is_open()) {
        ws_.close(websocket::close_code::normal, ec);
    }
}

boost::json::object WsClient::call(std::string_view op, boost::json::object fields) {
    const auto id = ++next_id_;
    fields["id"] = id;
    fields["op"] = op;
    send_text(boost::json::serialize(fields));
    auto frame = read_reply();
    if (frame.contains("id") && frame.at("id") == boost::json::value(id)) return frame;
    throw std::runtime_error("unexpected frame: " + boost::json::serialize(frame));
}

boost::json::object WsClient::read_reply() {
    for (;;) {
        auto frame = read_frame();
        if (!frame.contains("event")) return frame;
        events_.push_back(std::move(frame));
    }
}

boost::json::object WsClient::ok(std::string_view op, boost::json::object fields) {
    auto reply = call(op, std::move(fields));
    if (!reply.at("ok").as_bool()) {
        throw std::runtime_error(std::string(op) + " failed: " + boost::json::serialize(reply));
    }
    return reply.at("result").as_object();
}

std::string WsClient::error(std::string_view op, boost::json::object fields) {
    auto reply = call(op, std::move(fields));
    if (reply.at("ok").as_bool()) {
        throw std::runtime_error(std::string(op) +
                                 " unexpectedly succeeded: " + boost::json::serialize(reply));
    }
    return std::string(reply.at("error").at("code").as_string());
}

boost::json::object WsClient::login(const std::string& username, const std::string& password) {
    return ok("auth.login", {{"username", username}, {"password", password}});
}

void WsClient::send_text(std::string_view text) {
    ws_.text(true);
    ws_.write(net::buffer(text.data(), text.size()));
}

void WsClient::send_binary(std::string_view data) {
    ws_.binary(true);
    ws_.write(net::buffer(data.data(), data.size()));
}

boost::json::object WsClient::read_frame() {
    beast::flat_buffer buffer;
    ws_.read(buffer);
    return boost::json::parse(beast::buffers_to_string(buffer.data())).as_object();
}

int WsClient::wait_close() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    for (;;) {
        buffer.clear();
        ws_.read(buffer, ec);
        if (ec == websocket::error::closed) {
            return ws_.reason().code;
        }
        if (ec) {
            // The server may close the socket before our echo of its close frame goes
            // out; the close code it sent is still known.
            return ws_.reason().code;
        }
    }
}

void WsClient::close() {
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
}

int WsClient::handshake_status(const std::string& host, std::uint16_t port,
                               const std::string& origin) {
    net::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    connect(ws.next_layer(), ioc, host, port, {});
    ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& request) {
        if (!origin.empty()) request.set(http::field::origin, origin);
    }));
    websocket::response_type response;
    beast::error_code ec;
    ws.handshake(response, host + ":" + std::to_string(port), "/ws", ec);
    return static_cast<int>(response.result_int());
}

std::map<std::string, double> prometheus_samples(const std::string& page) {
    std::map<std::string, double> samples;
    std::istringstream lines(page);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto space = line.rfind(' ');
        EXPECT_NE(space, std::string::npos) << line;
        if (space == std::string::npos) continue;
        samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return samples;
}

std::pair<int, std::string> http_get(const std::string& host, std::uint16_t port,
                                     const std::string& target) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    connect(socket, ioc, host, port, {});
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, host);
    request.keep_alive(false);
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace gongkai::testing
