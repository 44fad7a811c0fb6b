#pragma once

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

namespace gongkai::cli {

// Exit codes of the gongkai tool.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the operation was refused or found a problem
inline constexpr int kExitUsage = 2;   // bad arguments, or no usable database

// What a subcommand does once the command line is parsed.
using Action = std::function<int()>;

struct Context {
    SystemClock clock;
    Action action;  // set by the chosen subcommand
};

// Opens the database at `path`, migrating it. With `must_exist`, a missing file is an
// error instead of a new database.
std::unique_ptr<storage::Database> open_database(const std::string& path, const Clock& clock,
                                                 bool must_exist);

// The audit actor for changes made with this tool.
std::string tool_actor();

void add_admin_commands(CLI::App& app, Context& context);     // init, seed-demo, user, role, org
void add_audit_commands(CLI::App& app, Context& context);     // audit verify
void add_backup_commands(CLI::App& app, Context& context);    // backup
void add_workflow_commands(CLI::App& app, Context& context);  // workflow dot
void add_report_commands(CLI::App& app, Context& context);    // report validate|render|import
void add_scan_commands(CLI::App& app, Context& context);      // scan

}  // namespace gongkai::cli
