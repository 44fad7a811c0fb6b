#include "gongkai/api/http_session.hpp"

#include "gongkai/api/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace gongkai::api {

namespace {

constexpr std::size_t kMaxHttpBody = 64 * 1024;
constexpr auto kHttpTimeout = std::chrono::seconds(30);

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

// The host name of a Host header ("127.0.0.1:8080", "[::1]:8080", "localhost").
std::string_view host_name(std::string_view host) {
    if (!host.empty() && host.front() == '[') {
        auto end = host.find(']');
        return end == std::string_view::npos ? std::string_view{} : host.substr(1, end - 1);
    }
    auto colon = host.find(':');
    return colon == std::string_view::npos ? host : host.substr(0, colon);
}

// A name that no DNS answer can point elsewhere: an IP address, or localhost.
bool cannot_be_rebound(std::string_view host) {
    auto name = host_name(host);
    if (iequals(name, "localhost")) return true;
    beast::error_code ec;
    net::ip::make_address(std::string(name), ec);
    return !ec && !name.empty();
}

bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& public_origins) {
    if (origin.empty()) {
        return true;
    }
    if (!public_origins.empty()) {
        return std::any_of(public_origins.begin(), public_origins.end(),
                           [&](const std::string& entry) { return iequals(entry, origin); });
    }
    // Without a list, Origin equal to Host is not enough on its own: a page of
    // evil.example whose name was rebound to this server's address sends both as
    // evil.example. Only hosts named by address (or localhost) are trusted this way.
    if (!cannot_be_rebound(host)) {
        return false;
    }
    for (std::string_view scheme : {"http://", "https://"}) {
        if (origin.size() > scheme.size() && iequals(origin.substr(0, scheme.size()), scheme)) {
            return iequals(origin.substr(scheme.size()), host);
        }
    }
    return false;
}

HttpSession::HttpSession(tcp::socket&& socket, ConnectionContext context,
                         ConnectionRegistry::Slot slot)
    : stream_(std::move(socket)), context_(context), slot_(std::move(slot)) {}

void HttpSession::run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
    parser_.emplace();
    parser_->body_limit(kMaxHttpBody);
    stream_.expires_after(kHttpTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec) {
        return;  // timeouts and broken requests: nothing to answer
    }
    auto request = parser_->release();
    if (websocket::is_upgrade(request)) {
        upgrade(std::move(request));
        return;
    }
    respond(context_.routes.handle(request));
}

void HttpSession::upgrade(HttpRequest request) {
    std::string_view target = request.target();
    if (target.substr(0, target.find('?')) != "/ws") {
        respond(HttpRoutes::text(request, http::status::not_found, "text/plain; charset=utf-8",
                                 "WebSocket endpoint is /ws\n"));
        return;
    }
    if (!origin_allowed(request[http::field::origin], request[http::field::host],
                        context_.settings.public_origins)) {
        spdlog::warn("refused WebSocket from origin {}", std::string(request[http::field::origin]));
        auto response = HttpRoutes::text(request, http::status::forbidden,
                                         "text/plain; charset=utf-8", "origin not allowed\n");
        response.keep_alive(false);
        respond(std::move(response));
        return;
    }
    beast::error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    auto client = std::make_shared<ClientState>(
        ++context_.next_client_id, ec ? std::string("?") : remote.address().to_string(),
        context_.settings.limits.messages_per_second, context_.settings.limits.burst,
        &context_.registry);
    std::make_shared<WebSocketSession>(stream_.release_socket(), std::move(client),
                                       context_.dispatcher, context_.registry,
                                       context_.settings.limits, std::move(slot_))
        ->start(std::move(request));
}

void HttpSession::respond(HttpResponse response) {
    response_ = std::make_shared<HttpResponse>(std::move(response));
    bool keep_alive = response_->keep_alive();
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) {
        return;
    }
    if (!keep_alive) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

}  // namespace gongkai::api
