#pragma once

#include "gongkai/api/server_settings.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/notifier/redis_settings.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/workflow/reminder_service.hpp>
#include <gongkai/workflow/report_service.hpp>
#include <gongkai/workflow/workflow_registry.hpp>
#include <gongkai/workflow/workflow_spec.hpp>

#include <memory>
#include <string>
#include <vector>

namespace gongkai::api {

// Everything the server is configured with, as plain data (the config module fills it).
struct AppSettings {
    ServerSettings server;
    storage::DatabaseSettings database;
    std::vector<workflow::WorkflowSpec> workflows;
    workflow::WorkflowAssignment assignment;
    workflow::ReportLimits report_limits;
    // Notifications go through Redis when set; without it they wait in the outbox.
    std::optional<notifier::RedisSettings> redis;
    workflow::DeadlineSettings deadlines;
    // How often reminders and deadline warnings are checked (0: never).
    std::chrono::seconds reminder_interval{60};
    // The annual-report templates (validation, rendering, import of annual reports);
    // without them, annual reports cannot be created.
    std::shared_ptr<const annual::AnnualReports> annual_reports;
    // The secrecy pre-review scanner (its lexicons reload on SIGHUP); without it nothing
    // is scanned and markings do not block submission.
    std::shared_ptr<scanner::ScannerHolder> scanner;
};

// How many connections the server may hold open: `configured` (0: as many as `descriptors`,
// the process's RLIMIT_NOFILE, allows), never more than the descriptors left after a reserve
// for the database, Redis, files and the accept loop's spare.
std::size_t connection_limit(std::size_t configured, std::size_t descriptors);

// The composition root: opens and migrates the database, compiles the workflows, wires the
// services to the dispatcher and the dispatcher to the network, and runs it all until a
// stop is requested (SIGINT/SIGTERM or request_stop()).
class ServerApp {
public:
    // Throws StorageError (database unusable) or WorkflowError (bad workflow files).
    ServerApp(AppSettings settings, const Clock& clock);
    ~ServerApp();

    // Binds and listens; returns the real address (useful with port 0).
    std::pair<std::string, std::uint16_t> listen();
    // Serves until stopped; then finishes what is in flight and returns.
    void run(bool handle_signals = true);
    // Thread-safe. Stops accepting, lets in-flight requests finish, closes connections.
    void request_stop();

    storage::Database& database();
    // Redis reachable (or not configured)?
    bool redis_ok() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::api
