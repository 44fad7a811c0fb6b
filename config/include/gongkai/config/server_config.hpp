#pragma once

#include <gongkai/api/server_app.hpp>
#include <gongkai/workflow/workflow_spec.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The configuration layer: the only code that reads configuration files. Everything else
// takes the plain settings structs these functions fill.
namespace gongkai::config {

// A configuration problem, with the file, line and key in its message.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LogSettings {
    std::string level = "info";  // trace, debug, info, warn, error
    bool json = false;
};

struct ServerConfig {
    api::AppSettings app;  // app.redis: notifications through Redis, when configured
    LogSettings log;
};

// "HOST:PORT" (port 0–65535; IPv6 hosts in brackets: "[::1]:8080").
std::optional<api::ListenAddress> parse_host_port(std::string_view text);

// Reads config/gongkai.toml (or another file of that shape). Relative paths in it are
// resolved against the file's own folder. Unknown keys are errors, so a typo is not
// silently ignored. Throws ConfigError.
ServerConfig load_server_config(const std::filesystem::path& file);

// Reads one workflow file (config/workflows/*.toml). Throws ConfigError.
workflow::WorkflowSpec load_workflow(const std::filesystem::path& file);
// Every *.toml in the folder, sorted by file name.
std::vector<workflow::WorkflowSpec> load_workflows(const std::filesystem::path& directory);

}  // namespace gongkai::config
