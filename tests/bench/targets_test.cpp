// The verdicts gongkai-bench prints after a run: met, missed, and unreachable when the run
// itself shows the target is beyond what any server could do on this machine.
#include "targets.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace gongkai::bench {
namespace {

const TargetCheck* find(const std::vector<TargetCheck>& checks, std::string_view target) {
    for (const auto& check : checks) {
        if (check.target == target) return &check;
    }
    return nullptr;
}

boost::json::object run_of_stop_18() {
    return boost::json::parse(R"({
        "fsync-baseline": {"ops_per_s": 12979},
        "lifecycle": {"ops_per_s": 4568, "p99_ms": 40.2, "errors": 0, "push_p99_ms": 57,
                      "outbox_pending_max": 94, "outbox_pending_after_1s": 0,
                      "server_cpu_us_per_op": 257, "client_cpu_us_per_op": 37,
                      "server_reply_frames_per_op": 1, "server_event_frames_per_op": 4},
        "read": {"ops_per_s": 46361},
        "ping": {"ops_per_s": 60386, "server_cpu_us_per_op": 21.2, "client_cpu_us_per_op": 9.3},
        "idle": {"server_kib_per_connection": 7.48, "connections": 10000}
    })")
        .as_object();
}

TEST(BenchTargets, ARunIsJudgedTargetByTarget) {
    const auto checks = check_targets(run_of_stop_18(), 2);

    ASSERT_NE(find(checks, "read >= 0.6x ping"), nullptr);
    EXPECT_EQ(find(checks, "read >= 0.6x ping")->verdict, Verdict::met);
    EXPECT_EQ(find(checks, "read >= 0.6x ping")->measured, "0.77x (46361/s / 60386/s)");
    EXPECT_EQ(find(checks, "idle <= 32 KiB per connection")->verdict, Verdict::met);
    EXPECT_EQ(find(checks, "lifecycle p99 <= 20 ms")->verdict, Verdict::missed);
    EXPECT_EQ(find(checks, "lifecycle errors = 0")->verdict, Verdict::met);
    EXPECT_EQ(find(checks, "lifecycle commit -> push p99 < 100 ms")->verdict, Verdict::met);
    EXPECT_EQ(find(checks, "lifecycle outbox bounded, empty 1 s after")->verdict, Verdict::met);
    // 15,000/s is below ping's rate: missed by this build, not out of reach.
    const auto* throughput = find(checks, "lifecycle >= 15000 transitions/s");
    ASSERT_NE(throughput, nullptr);
    EXPECT_EQ(throughput->verdict, Verdict::missed);
    // 2 cores over 294 us per transition.
    EXPECT_NE(throughput->why.find("at most 6803/s"), std::string::npos) << throughput->why;
}

TEST(BenchTargets, FourTimesAFastDiskAbovePingIsUnreachable) {
    const auto checks = check_targets(run_of_stop_18(), 2);
    const auto* ratio = find(checks, "lifecycle >= 4x fsync-baseline");
    ASSERT_NE(ratio, nullptr);
    // 4 x 12,979 = 51,916/s, less than ping's 60,386/s: any server could in principle.
    EXPECT_EQ(ratio->verdict, Verdict::missed);
    EXPECT_NE(ratio->why.find("0.86x ping's 60386/s"), std::string::npos) << ratio->why;
    // Six frames at half of ping's 30.5 us: 2 cores / 91.5 us.
    EXPECT_NE(ratio->why.find("6.0 frames at 15.2 us each (half a ping) would allow about 21858/s"),
              std::string::npos)
        << ratio->why;

    auto slow_ping = run_of_stop_18();
    slow_ping["ping"].as_object()["ops_per_s"] = 48000;
    const auto judged = check_targets(slow_ping, 2);
    ratio = find(judged, "lifecycle >= 4x fsync-baseline");
    ASSERT_NE(ratio, nullptr);
    EXPECT_EQ(ratio->verdict, Verdict::unreachable);
    EXPECT_NE(ratio->why.find("48000/s"), std::string::npos) << ratio->why;
    EXPECT_EQ(ratio->measured, "0.35x of 12979/s (4x is 51916/s)");
}

TEST(BenchTargets, ASlowDiskMakesTheRatioReachableAndMet) {
    auto workloads = run_of_stop_18();
    workloads["fsync-baseline"].as_object()["ops_per_s"] = 1000;
    const auto checks = check_targets(workloads, 2);
    EXPECT_EQ(find(checks, "lifecycle >= 4x fsync-baseline")->verdict, Verdict::met);
}

TEST(BenchTargets, OnlyWhatRanIsChecked) {
    auto workloads = boost::json::parse(R"({"ping": {"ops_per_s": 50000}})").as_object();
    EXPECT_TRUE(check_targets(workloads, 2).empty());
    EXPECT_EQ(format_checks({}), "");

    workloads["read"] = boost::json::object{{"ops_per_s", 20000}};
    const auto checks = check_targets(workloads, 2);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].verdict, Verdict::missed);
}

TEST(BenchTargets, ErrorsOrAnOutboxLeftBehindAreMissed) {
    auto workloads = run_of_stop_18();
    auto& lifecycle = workloads["lifecycle"].as_object();
    lifecycle["errors"] = 3;
    lifecycle["outbox_pending_after_1s"] = 12;
    const auto checks = check_targets(workloads, 2);
    EXPECT_EQ(find(checks, "lifecycle errors = 0")->verdict, Verdict::missed);
    EXPECT_EQ(find(checks, "lifecycle outbox bounded, empty 1 s after")->verdict, Verdict::missed);
}

TEST(BenchTargets, PrintedAndWrittenWithTheirVerdicts) {
    const auto checks = check_targets(run_of_stop_18(), 2);
    const auto text = format_checks(checks);
    EXPECT_EQ(text.rfind("targets", 0), 0u);
    EXPECT_NE(text.find("read >= 0.6x ping"), std::string::npos);
    EXPECT_NE(text.find("missed"), std::string::npos);

    const auto json = to_json(checks);
    ASSERT_EQ(json.size(), checks.size());
    const auto& first = json.at(0).as_object();
    EXPECT_EQ(first.at("target").as_string(), "lifecycle >= 15000 transitions/s");
    EXPECT_EQ(first.at("verdict").as_string(), "missed");
    EXPECT_TRUE(first.contains("why"));
}

}  // namespace
}  // namespace gongkai::bench
