#pragma once

#include "gongkai/testing/temp_dir.hpp"

#include <gongkai/api/server_app.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/password.hpp>

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace gongkai::testing {

// Cheapest Argon2id libsodium accepts: tests hash many passwords; the cost does not
// change what is being tested.
inline constexpr PasswordHashSettings kFastHashing{1, 8};
inline constexpr const char* kDemoPassword = "demo-password";

// The settings of config/gongkai.toml with a database in `dir`, port 0, fast hashing, no
// Redis, no reminder timer and no web front-end.
api::AppSettings test_settings(const TempDir& dir);

// Creates the demo organisations and users (password kDemoPassword) in `database`.
void seed_demo(storage::Database& database, const Clock& clock);

// The real server, in this process, on a free port, over a fresh seeded database. With
// `handle_signals` it handles SIGINT/SIGTERM/SIGHUP as gongkai-server does.
class TestServer {
public:
    explicit TestServer(const Clock& clock,
                        const std::function<void(api::AppSettings&)>& adjust = {},
                        bool handle_signals = false);
    ~TestServer();

    const std::string& host() const { return host_; }
    std::uint16_t port() const { return port_; }
    storage::Database& database() { return app_->database(); }
    api::ServerApp& app() { return *app_; }
    const TempDir& dir() const { return dir_; }

private:
    TempDir dir_;
    std::unique_ptr<api::ServerApp> app_;
    std::string host_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace gongkai::testing
