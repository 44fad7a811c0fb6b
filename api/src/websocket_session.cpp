#include "gongkai/api/websocket_session.hpp"

#include <spdlog/spdlog.h>

namespace gongkai::api {

namespace {

// After a big message the read buffer gives its memory back, so that idle connections
// stay small.
constexpr std::size_t kKeepBufferBytes = 16 * 1024;

bool is_normal_end(beast::error_code ec) {
    return ec == websocket::error::closed || ec == net::error::operation_aborted ||
           ec == net::error::eof || ec == net::error::connection_reset ||
           ec == beast::error::timeout;
}

}  // namespace

WebSocketSession::WebSocketSession(tcp::socket&& socket, std::shared_ptr<ClientState> client,
                                   Dispatcher& dispatcher, ConnectionRegistry& registry,
                                   const ConnectionLimits& limits, ConnectionRegistry::Slot slot)
    : ws_(std::move(socket)),
      client_(std::move(client)),
      dispatcher_(dispatcher),
      registry_(registry),
      limits_(limits),
      slot_(std::move(slot)),
      login_timer_(ws_.get_executor()) {}

WebSocketSession::~WebSocketSession() {
    registry_.release_queued(queued_bytes_);
    registry_.remove(client_->id());
}

void WebSocketSession::start(http::request<http::string_body> request) {
    registry_.add(client_->id(), weak_from_this());
    // The HTTP layer's timeout must not cut the WebSocket; the stream's own takes over.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = limits_.handshake_timeout;
    timeouts.idle_timeout = limits_.idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, "gongkai"); }));
    apply_message_limit();
    // Each reply or event leaves as one frame, header and payload in one write: Beast would
    // otherwise cut every message at its 4 KiB write buffer, and a page of twenty reports
    // (6.5 KB) cost two writes and two frames for the client to put back together.
    ws_.auto_fragment(false);
    ws_.async_accept(request,
                     beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
    if (ec) {
        failed_ = true;
        settled_ = true;
        if (!is_normal_end(ec)) {
            spdlog::debug("connection {}: handshake failed: {}", client_->id(), ec.message());
        }
        return;
    }
    accepted_ = true;
    watch_login();
    do_write();
    if (shutting_down_) {
        close_if_drained();  // the server began to stop during the handshake
        return;
    }
    do_read();
}

void WebSocketSession::do_read() {
    if (reading_ || closing_ || failed_) {
        return;
    }
    reading_ = true;
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec) {
        // Too big (1009) and invalid UTF-8 (1007) were answered with their close codes by
        // the stream itself; either way this connection is over.
        failed_ = true;
        settled_ = true;
        if (!is_normal_end(ec)) {
            spdlog::info("connection {}: closed: {}", client_->id(), ec.message());
        }
        return;
    }
    if (shutting_down_) {
        // The server is going away: requests not yet taken are not carried out (the
        // client sees the close without their replies). Keep reading so that no unread
        // data makes the kernel reset the connection and destroy replies still in flight.
        buffer_.consume(buffer_.size());
        do_read();
        return;
    }
    if (!ws_.got_text()) {
        enqueue(Dispatcher::error_frame("bad_request", "只接受文本帧（JSON），不接受二进制帧"));
    } else {
        ++in_flight_;
        auto data = buffer_.cdata();
        std::string_view frame(static_cast<const char*>(data.data()), data.size());
        // The reply keeps the connection alive: with max_in_flight requests taken, no read
        // is pending, and a write may not be either; the replies of committed requests
        // must still go out, and reading resumes from on_reply.
        dispatcher_.dispatch(client_, frame, [self = shared_from_this()](std::string reply) {
            net::post(self->ws_.get_executor(), [self, reply = std::move(reply)]() mutable {
                self->on_reply(std::move(reply));
            });
        });
    }
    buffer_.consume(buffer_.size());
    if (buffer_.capacity() > kKeepBufferBytes) {
        buffer_.shrink_to_fit();
    }
    if (in_flight_ < limits_.max_in_flight) {
        do_read();
    }
}

// Until someone logs in here, nothing big is accepted (a login is a few hundred bytes).
// Asked again after every reply, a login's or a logout's among them; a read already waiting
// applies the limit to the next frame header it meets.
void WebSocketSession::apply_message_limit() {
    ws_.read_message_max(client_->session() ? limits_.max_message_bytes
                                            : limits_.max_unauthenticated_message_bytes);
}

void WebSocketSession::on_reply(std::string frame) {
    --in_flight_;
    apply_message_limit();
    enqueue(std::move(frame));
    if (in_flight_ < limits_.max_in_flight) {
        do_read();
    }
    close_if_drained();
}

void WebSocketSession::send(std::string frame) {
    net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
        self->enqueue(std::move(frame), true);
    });
}

void WebSocketSession::enqueue(std::string frame, bool event) {
    if (failed_ || closing_) {
        return;
    }
    const auto size = frame.size();
    queued_bytes_ += size;
    const bool within_total = registry_.reserve_queued(size, limits_.max_total_queued_bytes);
    if (queued_bytes_ > limits_.max_queued_bytes) {
        // The client does not read what it asked for; protect the server's memory.
        drop("client too slow");
        return;
    }
    outgoing_.push_back({std::move(frame), event});
    do_write();
    if (!within_total) {
        registry_.cut_largest_backlog();
    }
}

void WebSocketSession::cut_off() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        if (!self->failed_) self->drop("all clients together hold too much unsent data");
    });
}

void WebSocketSession::drop(std::string_view why) {
    spdlog::warn("connection {}: {}, {} bytes queued; closing", client_->id(), why,
                 queued_bytes_.load());
    failed_ = true;
    settled_ = true;
    registry_.count_cut_off();
    registry_.release_queued(queued_bytes_.exchange(0));
    // The frame being written stays until its write completes: the socket still uses it.
    outgoing_.erase(writing_ ? std::next(outgoing_.begin()) : outgoing_.begin(), outgoing_.end());
    login_timer_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

// A connection nobody has logged in on gets `login_timeout`, then it is closed; checked
// again every `login_timeout` while it lives, so a connection logged out is closed too.
void WebSocketSession::watch_login() {
    login_timer_.expires_after(limits_.login_timeout);
    login_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || self->failed_ || self->closing_) return;
        if (self->client_->session() || self->in_flight_ > 0) {
            self->watch_login();  // logged in, or a login may be on its way
            return;
        }
        if (self->writing_ || !self->outgoing_.empty()) {
            return self->watch_login();  // closed politely once its replies have gone out
        }
        self->closing_ = true;
        self->settled_ = true;
        self->ws_.async_close(
            websocket::close_reason(websocket::close_code::policy_error, "login timeout"),
            [self](beast::error_code) {});
    });
}

void WebSocketSession::do_write() {
    if (writing_ || !accepted_ || outgoing_.empty() || failed_) {
        return;  // (before the handshake completes, frames wait; on_accept sends them)
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(outgoing_.front().frame),
                    beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec || failed_) {
        failed_ = true;
        settled_ = true;
        registry_.release_queued(queued_bytes_.exchange(0));
        outgoing_.clear();
        login_timer_.cancel();
        return;
    }
    const auto& sent = outgoing_.front();
    registry_.count_sent(sent.event, sent.frame.size());
    queued_bytes_ -= sent.frame.size();
    registry_.release_queued(sent.frame.size());
    outgoing_.pop_front();
    do_write();
    close_if_drained();
}

void WebSocketSession::shut_down() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->shutting_down_ = true;
        self->close_if_drained();
    });
}

void WebSocketSession::close_if_drained() {
    if (failed_) {
        settled_ = true;
    }
    // Not before the handshake's own write has completed: Beast does not order a close
    // frame after the 101 response (two writes at once on the socket; found by a sanitized
    // test run that stopped the server right after a handshake).
    if (!shutting_down_ || !accepted_ || closing_ || failed_ || in_flight_ > 0 || writing_ ||
        !outgoing_.empty()) {
        return;
    }
    closing_ = true;
    settled_ = true;
    ws_.async_close(websocket::close_code::going_away,
                    [self = shared_from_this()](beast::error_code) {});
}

}  // namespace gongkai::api
