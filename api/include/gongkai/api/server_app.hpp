#pragma once

#include "gongkai/api/server_settings.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>
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
};

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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::api
