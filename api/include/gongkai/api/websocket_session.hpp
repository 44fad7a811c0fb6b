#pragma once

#include "gongkai/api/client_state.hpp"
#include "gongkai/api/connection_registry.hpp"
#include "gongkai/api/dispatcher.hpp"
#include "gongkai/api/net.hpp"
#include "gongkai/api/server_settings.hpp"

#include <atomic>
#include <deque>
#include <memory>
#include <string>

namespace gongkai::api {

// One WebSocket connection: reads request frames, hands each to the dispatcher, and writes
// the replies (and later, pushed events) one at a time. Everything runs on the connection's
// strand; other threads reach it only through post(). Requests may be pipelined up to
// `max_in_flight`; beyond that reading pauses until replies go out (backpressure).
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
public:
    // `slot` counts this connection against the server's limit while it lives.
    WebSocketSession(tcp::socket&& socket, std::shared_ptr<ClientState> client,
                     Dispatcher& dispatcher, ConnectionRegistry& registry,
                     const ConnectionLimits& limits, ConnectionRegistry::Slot slot);
    ~WebSocketSession();

    // Completes the upgrade handshake of `request` and starts reading.
    void start(http::request<http::string_body> request);
    // Queues a frame for the client (a reply or a pushed event). Thread-safe.
    void send(std::string frame);
    // Finishes the requests in flight, then closes with "going away". Thread-safe.
    void shut_down();

    const std::shared_ptr<ClientState>& client() const { return client_; }
    // Nothing more to send: every request was answered and the close has begun (or the
    // connection broke). Shutdown waits for this, not for slow clients' close replies.
    bool settled() const { return settled_; }
    // Bytes waiting to be written to this client. Thread-safe.
    std::size_t queued_bytes() const { return queued_bytes_; }
    // Closes at once, dropping what is queued: the client reads too slowly for the
    // server's memory. Thread-safe.
    void cut_off();

private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void on_reply(std::string frame);
    void enqueue(std::string frame, bool event = false);
    void do_write();
    void on_write(beast::error_code ec, std::size_t bytes);
    void close_if_drained();
    void watch_login();
    void apply_message_limit();
    void drop(std::string_view why);

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::shared_ptr<ClientState> client_;
    Dispatcher& dispatcher_;
    ConnectionRegistry& registry_;
    const ConnectionLimits& limits_;
    struct Outgoing {
        std::string frame;
        bool event = false;  // pushed, not a reply (counted apart in /metrics)
    };
    std::deque<Outgoing> outgoing_;
    std::atomic<std::size_t> queued_bytes_{0};  // written on the strand, read by the registry
    ConnectionRegistry::Slot slot_;
    net::steady_timer login_timer_;
    std::size_t in_flight_ = 0;
    bool accepted_ = false;  // the handshake's 101 response has been written
    bool reading_ = false;
    bool writing_ = false;
    bool shutting_down_ = false;
    bool closing_ = false;
    bool failed_ = false;
    std::atomic<bool> settled_{false};
};

}  // namespace gongkai::api
