#pragma once

#include <gongkai/core/password.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gongkai::api {

struct ListenAddress {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: any free port
};

struct ConnectionLimits {
    std::size_t max_message_bytes = 1024 * 1024;  // larger frames: close 1009
    std::size_t max_in_flight = 64;               // per connection; reading pauses beyond it
    std::size_t max_queued_bytes = 16 * 1024 * 1024;  // unsent replies before the client is cut off
    double messages_per_second = 2000;            // per connection, token bucket
    double burst = 4000;
    std::size_t max_connections = 20000;
    std::chrono::seconds handshake_timeout{30};
    std::chrono::seconds idle_timeout{300};  // pings at half of it; no answer: closed
};

struct AuthSettings {
    std::chrono::minutes session_idle{30};
    std::chrono::hours session_absolute{12};
    PasswordHashSettings password_hash;
    // Failed logins for one username: after `free_failures` in a row, each further attempt
    // must wait `lockout_base` · 2^(n − free_failures), at most `lockout_max`.
    int free_failures = 5;
    std::chrono::seconds lockout_base{1};
    std::chrono::seconds lockout_max{300};
};

struct ServerSettings {
    ListenAddress listen;
    std::size_t io_threads = 2;
    std::size_t blocking_threads = 2;  // password hashing, chain verification
    // Origins allowed to open the WebSocket (e.g. "https://gongkai.example.gov.cn").
    // Empty: only pages served by this server (Origin host equals the Host header).
    std::vector<std::string> allowed_origins;
    // The built browser front-end (web/dist), read at start and served at / (StaticFiles).
    // Empty, missing or without index.html: / answers 503 saying how to build it.
    std::filesystem::path web_root;
    ConnectionLimits limits;
    AuthSettings auth;
    // Memory for results of reads kept until the next commit (ReplyCache); 0: none kept.
    std::size_t reply_cache_bytes = 64 * 1024 * 1024;
    std::chrono::seconds shutdown_grace{10};
};

}  // namespace gongkai::api
