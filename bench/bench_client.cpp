#include "bench_client.hpp"

#include <openssl/evp.h>

#include <regex>

namespace gongkai::bench {

Target parse_url(const std::string& url) {
    std::smatch match;
    static const std::regex pattern(R"(ws://([^/:]+):(\d+)(/.*)?)");
    if (!std::regex_match(url, match, pattern)) {
        throw std::invalid_argument("--url must look like ws://HOST:PORT/ws");
    }
    return {match[1], match[2], match[3].matched ? std::string(match[3]) : "/ws", {}};
}

namespace {

namespace http = beast::http;

constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;

enum Opcode : unsigned char {
    kContinuation = 0x0,
    kText = 0x1,
    kBinary = 0x2,
    kClose = 0x8,
    kPing = 0x9,
    kPong = 0xA,
};

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

// Sec-WebSocket-Accept for a key (RFC 6455 §4.2.2).
std::string expected_accept(const std::string& key) {
    const std::string input = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha1(), nullptr) != 1) {
        throw std::runtime_error("SHA-1 is not available");
    }
    return base64(digest, size);
}

[[noreturn]] void protocol_error(const std::string& message) {
    throw RequestFailed("protocol", message);
}

}  // namespace

Connection::Connection(beast::tcp_stream stream, beast::flat_buffer received)
    : stream_(std::move(stream)),
      received_(std::move(received)),
      mask_keys_(std::random_device{}()) {}

net::awaitable<std::unique_ptr<Connection>> Connection::open(const Target& target) {
    auto executor = co_await net::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(target.host, target.port, net::use_awaitable);
    beast::tcp_stream stream(executor);
    stream.expires_after(std::chrono::seconds(30));
    if (target.source.empty()) {
        co_await stream.async_connect(endpoints, net::use_awaitable);
    } else {
        // Another client machine, as far as the server's per-address limits can tell.
        const auto server = endpoints.begin()->endpoint();
        stream.socket().open(server.protocol());
        stream.socket().bind(tcp::endpoint(net::ip::make_address(target.source), 0));
        co_await stream.async_connect(server, net::use_awaitable);
    }
    stream.socket().set_option(tcp::no_delay(true));

    std::random_device random;
    unsigned char nonce[16];
    for (auto& byte : nonce)
        byte = static_cast<unsigned char>(random());
    const std::string key = base64(nonce, sizeof nonce);
    http::request<http::empty_body> request{http::verb::get, target.path, 11};
    request.set(http::field::host, target.host + ":" + target.port);
    request.set(http::field::upgrade, "websocket");
    request.set(http::field::connection, "Upgrade");
    request.set(http::field::sec_websocket_key, key);
    request.set(http::field::sec_websocket_version, "13");
    co_await http::async_write(stream, request, net::use_awaitable);
    beast::flat_buffer received;
    http::response_parser<http::empty_body> response;
    co_await http::async_read_header(stream, received, response, net::use_awaitable);
    if (response.get().result() != http::status::switching_protocols ||
        response.get()[http::field::sec_websocket_accept] != expected_accept(key)) {
        protocol_error("the WebSocket handshake was refused (HTTP " +
                       std::to_string(response.get().result_int()) + ")");
    }
    stream.expires_never();
    // Whatever the server sent after its answer stays in `received`, the start of a frame.
    co_return std::unique_ptr<Connection>(new Connection(std::move(stream), std::move(received)));
}

net::awaitable<void> Connection::receive_at_least(std::size_t size) {
    while (received_.size() < size) {
        auto count =
            co_await stream_.async_read_some(received_.prepare(64 * 1024), net::use_awaitable);
        received_.commit(count);
    }
}

net::awaitable<void> Connection::send_frame(unsigned char opcode, std::string_view payload) {
    std::string frame;
    frame.reserve(payload.size() + 14);
    frame.push_back(static_cast<char>(0x80 | opcode));  // FIN: never fragmented
    const std::uint64_t size = payload.size();
    if (size < 126) {
        frame.push_back(static_cast<char>(0x80 | size));
    } else if (size <= 0xFFFF) {
        frame.push_back(static_cast<char>(0x80 | 126));
        for (int shift = 8; shift >= 0; shift -= 8)
            frame.push_back(static_cast<char>(size >> shift));
    } else {
        frame.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.push_back(static_cast<char>(size >> shift));
    }
    const std::uint32_t key = mask_keys_();
    const char mask[4] = {static_cast<char>(key >> 24), static_cast<char>(key >> 16),
                          static_cast<char>(key >> 8), static_cast<char>(key)};
    frame.append(mask, 4);
    const std::size_t start = frame.size();
    frame.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        frame[start + i] ^= mask[i % 4];
    co_await net::async_write(stream_, net::buffer(frame), net::use_awaitable);
}

net::awaitable<boost::json::object> Connection::read_message() {
    for (;;) {
        co_await receive_at_least(2);
        const auto* head = static_cast<const unsigned char*>(received_.data().data());
        const bool fin = (head[0] & 0x80) != 0;
        const unsigned char opcode = head[0] & 0x0F;
        if ((head[0] & 0x70) != 0) protocol_error("a frame with reserved bits set");
        if ((head[1] & 0x80) != 0) protocol_error("a masked frame from the server");
        std::uint64_t size = head[1] & 0x7F;
        std::size_t header = 2;
        if (size >= 126) {
            const std::size_t width = size == 126 ? 2 : 8;
            co_await receive_at_least(2 + width);
            head = static_cast<const unsigned char*>(received_.data().data());
            size = 0;
            for (std::size_t i = 0; i < width; ++i)
                size = (size << 8) | head[2 + i];
            header += width;
        }
        if (size > kMaxMessageBytes || fragments_.size() + size > kMaxMessageBytes) {
            protocol_error("a message over 64 MiB");
        }
        co_await receive_at_least(header + size);
        const std::string_view payload(static_cast<const char*>(received_.data().data()) + header,
                                       size);
        switch (opcode) {
            case kText:
            case kBinary:
            case kContinuation: {
                if (opcode != kContinuation) fragments_.clear();
                if (!fin) {
                    fragments_.append(payload);
                    received_.consume(header + size);
                    continue;
                }
                boost::json::value message;
                if (fragments_.empty()) {
                    // Parsed where it lies; Boost.JSON rejects invalid UTF-8 here.
                    message = boost::json::parse(payload);
                } else {
                    fragments_.append(payload);
                    message = boost::json::parse(fragments_);
                    fragments_.clear();
                }
                received_.consume(header + size);
                if (!message.is_object()) protocol_error("a message that is not a JSON object");
                co_return std::move(message.as_object());
            }
            case kPing: {
                const std::string echo(payload);
                received_.consume(header + size);
                co_await send_frame(kPong, echo);
                continue;
            }
            case kPong:
                received_.consume(header + size);
                continue;
            case kClose:
                throw RequestFailed("closed", "the server closed the connection");
            default:
                protocol_error("a frame with opcode " + std::to_string(opcode));
        }
    }
}

net::awaitable<boost::json::object> Connection::call(boost::json::object request) {
    const auto id = ++next_id_;
    request["id"] = id;
    co_await send_frame(kText, boost::json::serialize(request));
    for (;;) {
        auto frame = co_await read_message();
        if (frame.contains("event")) {
            if (on_event) on_event(frame);
            continue;
        }
        if (frame.at("id") != id) continue;
        if (!frame.at("ok").as_bool()) {
            const auto& error = frame.at("error").as_object();
            const auto* retry = error.if_contains("retry_after_ms");
            throw RequestFailed(
                std::string(error.at("code").as_string()),
                std::string(error.at("message").as_string()),
                std::chrono::milliseconds(retry && retry->is_int64() ? retry->get_int64() : 0));
        }
        co_return std::move(frame.at("result").as_object());
    }
}

net::awaitable<std::string> Connection::login(const std::string& username,
                                              const std::string& password) {
    // Built before co_await: GCC 12 cannot keep a braced list alive across a suspension.
    // Many connections logging in at once from one address, as the benchmark does, meet
    // the server's queue of password checks: wait as long as it says, and try again.
    for (int attempt = 1;; ++attempt) {
        boost::json::object request{
            {"op", "auth.login"}, {"username", username}, {"password", password}};
        std::chrono::milliseconds wait{};
        try {
            auto result = co_await call(std::move(request));
            co_return std::string(result.at("token").as_string());
        } catch (const RequestFailed& e) {
            if (e.code() != "rate_limited" || attempt == 100) throw;
            wait = std::max(e.retry_after(), std::chrono::milliseconds(10));
        }
        net::steady_timer timer(co_await net::this_coro::executor, wait);
        co_await timer.async_wait(net::use_awaitable);
    }
}

net::awaitable<void> Connection::resume(const std::string& token) {
    boost::json::object request{{"op", "auth.resume"}, {"token", token}};
    co_await call(std::move(request));
}

net::awaitable<void> Connection::listen() {
    for (;;) {
        auto frame = co_await read_message();
        if (frame.contains("event") && on_event) on_event(frame);
    }
}

}  // namespace gongkai::bench
