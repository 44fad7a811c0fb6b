#pragma once

#include "gongkai/api/connection_registry.hpp"
#include "gongkai/api/dispatcher.hpp"
#include "gongkai/api/http_routes.hpp"
#include "gongkai/api/net.hpp"
#include "gongkai/api/server_settings.hpp"

#include <atomic>
#include <memory>
#include <optional>

namespace gongkai::api {

// What every connection needs from the server that accepted it.
struct ConnectionContext {
    const ServerSettings& settings;
    Dispatcher& dispatcher;
    const HttpRoutes& routes;
    ConnectionRegistry& registry;
    std::atomic<std::uint64_t>& next_client_id;
};

// Whether the browser page at `origin` may open the WebSocket: one of `public_origins`, or
// with none configured, a page from this same host when the host is an IP address or
// localhost (a DNS name could have been rebound). A client that sends no Origin is not a
// browser (browsers always send it on WebSocket handshakes) and is let through.
bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& public_origins);

// One HTTP connection: answers plain requests and hands a WebSocket upgrade on /ws over to
// a WebSocketSession.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    // `slot` counts the connection (and the WebSocket it may become) against the limit.
    HttpSession(tcp::socket&& socket, ConnectionContext context, ConnectionRegistry::Slot slot);
    void run();

private:
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void upgrade(HttpRequest request);
    void respond(HttpResponse response);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    ConnectionContext context_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<HttpResponse> response_;
    ConnectionRegistry::Slot slot_;
};

}  // namespace gongkai::api
