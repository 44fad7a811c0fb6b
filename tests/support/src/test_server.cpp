#include "gongkai/testing/test_server.hpp"

#include "gongkai/testing/test_database.hpp"

#include <gongkai/config/server_config.hpp>
#include <gongkai/workflow/directory_admin.hpp>

namespace gongkai::testing {

api::AppSettings test_settings(const TempDir& dir) {
    auto config = config::load_server_config(source_dir() / "config" / "gongkai.toml");
    auto settings = config.app;
    settings.database.path = test_database_location(dir, "gongkai.db");
    settings.server.listen = {"127.0.0.1", 0};
    settings.server.io_threads = 2;
    settings.server.auth.password_hash = kFastHashing;
    // Tests that want Redis start their own and say so; reminders run when a test asks.
    settings.redis.reset();
    settings.reminder_interval = std::chrono::seconds(0);
    // No front-end (/ answers 503): the source tree's web/dist may be rebuilt while tests
    // run. Tests of the front-end's serving make their own web root.
    settings.server.web_root = dir.path() / "no-web-root";
    return settings;
}

void seed_demo(storage::Database& database, const Clock& clock) {
    database.migrate();
    workflow::DirectoryAdmin admin(database, clock, kFastHashing);
    admin.seed_demo(kDemoPassword, "system");
}

TestServer::TestServer(const Clock& clock, const std::function<void(api::AppSettings&)>& adjust,
                       bool handle_signals) {
    auto settings = test_settings(dir_);
    if (adjust) adjust(settings);
    app_ = std::make_unique<api::ServerApp>(settings, clock);
    seed_demo(app_->database(), clock);
    auto [host, port] = app_->listen();
    host_ = host;
    port_ = port;
    thread_ = std::thread([this, handle_signals] { app_->run(handle_signals); });
}

TestServer::~TestServer() {
    app_->request_stop();
    thread_.join();
    app_.reset();
}

}  // namespace gongkai::testing
