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
    // Before a login, a connection has no use for large frames (auth.login is small).
    std::size_t max_unauthenticated_message_bytes = 16 * 1024;
    std::size_t max_in_flight = 64;                   // per connection; reading pauses beyond it
    std::size_t max_queued_bytes = 16 * 1024 * 1024;  // unsent replies before the client is cut off
    // Unsent bytes of all connections together; beyond it the slowest reader is cut off.
    std::size_t max_total_queued_bytes = 256 * 1024 * 1024;
    double messages_per_second = 2000;  // per connection, token bucket
    double burst = 4000;
    // Open TCP connections (HTTP and WebSocket); 0: derived from the descriptor limit
    // (RLIMIT_NOFILE less a reserve for the database, Redis and files).
    std::size_t max_connections = 0;
    std::chrono::seconds handshake_timeout{30};
    std::chrono::seconds idle_timeout{300};  // pings at half of it; no answer: closed
    // A WebSocket connection without a session for this long is closed (1008).
    std::chrono::seconds login_timeout{30};
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
    // Failed logins from one address (known users or not): a burst, then a steady rate;
    // beyond it attempts from the address are refused unchecked. Successes do not count,
    // so an office behind one address is not held up by its own people logging in.
    double address_attempts_burst = 20;
    double address_attempts_per_minute = 10;
    // Password checks waiting or running at once, per address and for the whole server.
    // Checks are taken from the addresses in turn, so a flood from one address does not
    // hold up logins from the others.
    std::size_t max_pending_per_address = 8;
    std::size_t max_pending = 64;
    // Attempts refused without a password check are audit-logged as one entry per address
    // for each such interval, not one row per guess.
    std::chrono::seconds refusal_summary_interval{60};
};

struct ServerSettings {
    ListenAddress listen;
    std::size_t io_threads = 2;
    std::size_t blocking_threads = 2;  // password hashing, chain verification
    // The origins of the pages allowed to open the WebSocket, exactly as browsers send them
    // (e.g. "https://gongkai.example.gov.cn"). Empty: only pages this server serves under an
    // IP address or localhost (Origin equal to Host), which no DNS rebinding can imitate.
    std::vector<std::string> public_origins;
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
