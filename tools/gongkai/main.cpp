// gongkai: the administration tool (database set-up, users, roles, organisations, audit
// verification, online backups). Every subcommand has --help. Exit codes: 0 done, 1 refused
// or a problem found, 2 bad arguments or no usable database.
#include "commands.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/password.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace gongkai::cli {

std::unique_ptr<storage::Database> open_database(const std::string& path, const Clock& clock,
                                                 bool must_exist) {
    std::error_code ec;
    if (must_exist && !storage::is_postgresql_location(path) &&
        !std::filesystem::exists(path, ec)) {
        throw storage::StorageError("no database at " + path + " (create it with gongkai init)");
    }
    storage::DatabaseSettings settings;
    settings.path = path;
    // Opened only when used; `audit verify` walks a long log in one stretch per core.
    settings.read_connections = std::max(1u, std::thread::hardware_concurrency());
    auto database = storage::Database::open(settings, clock);
    database->migrate();
    return database;
}

std::string tool_actor() { return "system"; }

}  // namespace gongkai::cli

int main(int argc, char** argv) {
    using namespace gongkai::cli;
    CLI::App app{"Gongkai administration tool"};
    app.require_subcommand(1);
    Context context;
    add_admin_commands(app, context);
    add_audit_commands(app, context);
    add_backup_commands(app, context);
    add_workflow_commands(app, context);
    add_report_commands(app, context);
    add_scan_commands(app, context);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    try {
        gongkai::ensure_sodium_initialised();
        return context.action ? context.action() : kExitUsage;
    } catch (const gongkai::storage::StorageError& e) {
        std::cerr << "gongkai: " << e.what() << "\n";
        return kExitUsage;
    } catch (const gongkai::Error& e) {
        std::cerr << "gongkai: " << e.what() << " (" << gongkai::to_string(e.code()) << ")\n";
        return kExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "gongkai: " << e.what() << "\n";
        return kExitFailed;
    }
}
