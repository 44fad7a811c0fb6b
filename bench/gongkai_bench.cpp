// gongkai-bench: measures a running Gongkai server (docs/benchmarks.md).
//
//   gongkai-bench --url ws://HOST:PORT/ws --password PW --workload NAME[,NAME...]
//                 [--seconds S] [--connections N] [--db-dir DIR] [--json FILE]
//
// Prints one summary line per workload; --json writes
// {"workloads": {"<name>": {"ops_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors", ...}}}.
// Then it checks issue 6's targets against what ran (targets.hpp), prints a line for each,
// and adds them to the JSON as "targets".
#include "targets.hpp"
#include "workloads.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <thread>

int main(int argc, char** argv) {
    using namespace gongkai::bench;
    CLI::App app{"Gongkai benchmark: load against a running server"};
    std::string url, workloads, json_file;
    Options options;
    app.add_option("--url", url, "ws://HOST:PORT/ws of the server")->required();
    app.add_option("--password", options.password, "Password of the demo users")->required();
    app.add_option("--workload", workloads,
                   "Comma-separated: lifecycle, read, ping, notify, fsync-baseline, idle")
        ->required();
    app.add_option("--seconds", options.seconds, "Seconds per workload")->capture_default_str();
    app.add_option("--connections", options.connections, "Concurrent workers")
        ->capture_default_str();
    app.add_option("--transitions", options.transitions, "notify: transitions to measure")
        ->capture_default_str();
    app.add_option("--db-dir", options.db_dir, "fsync-baseline: a folder on the database's disk")
        ->capture_default_str();
    app.add_option("--idle-connections", options.idle_connections,
                   "idle: authenticated connections to hold open")
        ->capture_default_str();
    app.add_flag("--per-worker-users", options.per_worker_users,
                 "lifecycle: worker i uses its own office bench-00i and its users "
                 "(gongkai seed-demo --bench-workers N)");
    app.add_option("--threads", options.threads, "Client threads")->capture_default_str();
    app.add_option("--json", json_file, "Write the full result as JSON to this file");
    CLI11_PARSE(app, argc, argv);

    const std::map<std::string, Result (*)(const Options&)> known{
        {"lifecycle", run_lifecycle},
        {"read", run_read},
        {"ping", run_ping},
        {"notify", run_notify},
        {"fsync-baseline", run_fsync_baseline},
        {"idle", run_idle},
        {"login-flood", run_login_flood}};
    boost::json::object results;
    try {
        options.target = parse_url(url);
        std::stringstream list(workloads);
        std::string name;
        while (std::getline(list, name, ',')) {
            auto workload = known.find(name);
            if (workload == known.end()) {
                fmt::print(stderr, "unknown workload {}\n", name);
                return 2;
            }
            auto result = workload->second(options);
            fmt::print("{}\n", result.summary());
            std::fflush(stdout);
            results[name] = result.to_json();
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "gongkai-bench: {}\n", e.what());
        return 1;
    }
    const auto checks = check_targets(results, std::thread::hardware_concurrency());
    fmt::print("{}", format_checks(checks));
    if (!json_file.empty()) {
        boost::json::object document{{"workloads", results}};
        if (!checks.empty()) document["targets"] = to_json(checks);
        std::ofstream(json_file) << boost::json::serialize(document) << "\n";
    }
    return 0;
}
