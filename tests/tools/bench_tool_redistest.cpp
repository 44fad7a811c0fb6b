// gongkai-bench as issue 6 specifies it, against the real server with a real Redis: the
// command line, the JSON it writes, and the figures a short run must show (work done, no
// errors, every notification of the run delivered).
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/redis_process.hpp>
#include <gongkai/testing/server_process.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

namespace gongkai::testing {
namespace {

constexpr const char* kPassword = "bench-tool-password";

CommandResult run_tool(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), (bin_dir() / name).string());
    return run_command(args);
}

boost::json::object read_json(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str()).as_object();
}

TEST(BenchTool, ShortRunsReportWorkWithoutErrorsAndTheOutboxDrains) {
    TempDir dir;
    const auto db = dir.file("bench.db");
    ASSERT_EQ(run_tool("gongkai", {"init", "--db", db}).exit_code, 0);
    ASSERT_EQ(run_tool("gongkai",
                       {"seed-demo", "--db", db, "--password", kPassword, "--bench-workers", "4"})
                  .exit_code,
              0);
    RedisProcess redis;
    ServerProcess server(db, redis_args(redis.port()));

    // Each workload with enough connections to keep every one below the server's rate
    // limit (2,000 messages/s, a burst of 4,000) in a one-second run: `read` on a fast
    // machine passes it on two, and the refusals would count as errors, rightly. (`ping`,
    // cheaper still, is left out for the same reason.)
    boost::json::object workloads;
    for (auto [name, connections] : {std::pair{"lifecycle", "2"}, std::pair{"read", "16"}}) {
        SCOPED_TRACE(name);
        const auto json = dir.file(std::string(name) + ".json");
        auto bench =
            run_tool("gongkai-bench", {"--url", server.ws_url(), "--password", kPassword,
                                       "--workload", name, "--per-worker-users", "--connections",
                                       connections, "--seconds", "1", "--json", json});
        ASSERT_EQ(bench.exit_code, 0) << bench.err;
        // One summary line on stdout, and the full result in the file, in the shape the
        // issue gives.
        EXPECT_NE(("\n" + bench.out).find(std::string("\n") + name), std::string::npos)
            << name << " missing from:\n"
            << bench.out;
        auto document = read_json(json);
        auto written = document.at("workloads").as_object();
        ASSERT_TRUE(written.contains(name));
        workloads[name] = written.at(name);
        // Then the targets that apply to what ran, each with its verdict, printed and written
        // (`read` alone has none: its target is a ratio to `ping`).
        if (std::string(name) == "lifecycle") {
            EXPECT_NE(bench.out.find("targets ("), std::string::npos) << bench.out;
            ASSERT_TRUE(document.contains("targets"));
            bool errors_judged = false;
            for (const auto& check : document.at("targets").as_array()) {
                if (check.at("target").as_string() != "lifecycle errors = 0") continue;
                errors_judged = true;
                EXPECT_EQ(check.at("verdict").as_string(), "met");
            }
            EXPECT_TRUE(errors_judged);
        }
    }
    for (const char* name : {"lifecycle", "read"}) {
        SCOPED_TRACE(name);
        const auto& result = workloads.at(name).as_object();
        EXPECT_GT(result.at("ops").to_number<double>(), 0);
        EXPECT_GT(result.at("ops_per_s").to_number<double>(), 0);
        EXPECT_EQ(result.at("errors").to_number<double>(), 0);
        EXPECT_GE(result.at("p99_ms").to_number<double>(), result.at("p50_ms").to_number<double>());
        // Where the machine's time went: the server's CPU per operation (from its
        // /metrics) and the client's own, each within what the machine's cores allow.
        EXPECT_GT(result.at("server_cpu_us_per_op").to_number<double>(), 0);
        EXPECT_GT(result.at("client_cpu_us_per_op").to_number<double>(), 0);
        const double cores = std::thread::hardware_concurrency();
        EXPECT_GT(result.at("server_cores").to_number<double>(), 0);
        EXPECT_LE(result.at("server_cores").to_number<double>(), cores + 0.1);
        EXPECT_LE(result.at("client_cores").to_number<double>(), cores + 0.1);
        EXPECT_TRUE(result.contains("server_io_cpu_us_per_op"));
        // One reply per operation, give or take the requests in flight at the run's two
        // edges, one per connection at each. With few operations those are a large share: a
        // sanitized build on a busy machine drove 7 lifecycle steps in a second, and one
        // reply counted outside the window made 6/7.
        const double ops = result.at("ops").to_number<double>();
        const double connections = result.at("connections").to_number<double>();
        EXPECT_NEAR(result.at("server_reply_frames_per_op").to_number<double>(), 1.0,
                    std::max(0.1, 2 * connections / ops));
    }
    // Reading changes nothing, so nobody is told of anything; every lifecycle step is pushed
    // to the office's people as report.updated, and some also notify.
    EXPECT_LT(workloads.at("read").at("server_event_frames_per_op").to_number<double>(), 0.1);
    const auto& lifecycle = workloads.at("lifecycle").as_object();
    // Every transition notifies someone, and the run's pushes were timed.
    EXPECT_GT(lifecycle.at("notifications").to_number<double>(), 0);
    EXPECT_GE(lifecycle.at("server_event_frames_per_op").to_number<double>(), 1.0);
    // The writer's share is its own figure: the group commit's thread is the ceiling.
    EXPECT_TRUE(lifecycle.contains("server_writer_cpu_us_per_op"));
    // The outbox was watched during the run and had drained a second after it.
    ASSERT_TRUE(lifecycle.contains("outbox_pending_max"));
    EXPECT_EQ(lifecycle.at("outbox_pending_after_1s").to_number<double>(), 0);
    EXPECT_EQ(server.terminate(), 0);
}

}  // namespace
}  // namespace gongkai::testing
