// GET /metrics on the real server: requests by operation and result, latency histograms,
// group commit, outbox, audit entries, connections and CPU time, in the Prometheus text format.
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

namespace gongkai::testing {
namespace {

TEST(Metrics, CountsRequestsCommitsAndConnections) {
    SystemClock clock;
    TestServer server(clock);
    WsClient client(server.host(), server.port());
    client.login("drafter", kDemoPassword);
    client.ok("ping");
    client.ok("ping");
    EXPECT_EQ(client.error("no.such.op"), "bad_request");
    client.send_text("not json");
    EXPECT_FALSE(client.read_reply().at("ok").as_bool());
    client.ok("report.create", {{"org", "shuita"},
                                {"kind", "notice"},
                                {"title", "关于开展测试的通知"},
                                {"content", {{"body", "测试正文。"}}}});
    EXPECT_EQ(client.error("report.get", {{"report_id", 999999}}), "not_found");

    auto [status, page] = http_get(server.host(), server.port(), "/metrics");
    ASSERT_EQ(status, 200);
    auto samples = prometheus_samples(page);
    EXPECT_EQ(samples[R"(gongkai_requests_total{op="ping",result="ok"})"], 2);
    EXPECT_EQ(samples[R"(gongkai_requests_total{op="auth.login",result="ok"})"], 1);
    EXPECT_EQ(samples[R"m(gongkai_requests_total{op="(none)",result="bad_request"})m"], 2);
    EXPECT_EQ(samples[R"(gongkai_requests_total{op="report.create",result="ok"})"], 1);
    EXPECT_EQ(samples[R"(gongkai_requests_total{op="report.get",result="not_found"})"], 1);
    EXPECT_EQ(samples[R"(gongkai_request_duration_seconds_count{op="ping"})"], 2);
    EXPECT_EQ(samples[R"(gongkai_request_duration_seconds_bucket{op="ping",le="+Inf"})"], 2);
    // Buckets are cumulative.
    EXPECT_LE(samples[R"(gongkai_request_duration_seconds_bucket{op="ping",le="0.001"})"],
              samples[R"(gongkai_request_duration_seconds_bucket{op="ping",le="0.01"})"]);

    // The login and the create were written; seeding happened before the server served.
    EXPECT_GE(samples["gongkai_group_commit_batch_size_count"], 2);
    EXPECT_GE(samples["gongkai_group_commit_duration_seconds_count"], 2);
    EXPECT_EQ(samples["gongkai_group_commits_failed_total"], 0);
    EXPECT_EQ(samples["gongkai_database_up"], 1);
    EXPECT_EQ(samples["gongkai_redis_configured"], 0);
    EXPECT_EQ(samples["gongkai_connections_open"], 1);
    EXPECT_GT(samples["process_resident_memory_bytes"], 0);

    // CPU time: the process's, and its live threads' by role (counted in clock ticks, so
    // rounded down), which cannot add up to more.
    ASSERT_TRUE(samples.contains(R"(gongkai_thread_cpu_seconds_total{thread="writer"})"));
    ASSERT_TRUE(samples.contains(R"(gongkai_thread_cpu_seconds_total{thread="io"})"));
    // The blocking pool names its threads too: the login's Argon2id check ran there.
    ASSERT_TRUE(samples.contains(R"(gongkai_thread_cpu_seconds_total{thread="blocking"})"));
    double threads = 0;
    for (const auto& [name, value] : samples) {
        if (name.starts_with("gongkai_thread_cpu_seconds_total{")) threads += value;
    }
    EXPECT_GT(samples["process_cpu_seconds_total"], 0);
    EXPECT_LE(threads, samples["process_cpu_seconds_total"] + 0.02);

    std::int64_t head = 0;
    server.database().read(
        [&](storage::Stores& stores) { head = stores.audit.recorded_head().first; });
    EXPECT_GT(head, 0);
    EXPECT_EQ(samples["gongkai_audit_entries"], static_cast<double>(head));
    EXPECT_EQ(samples["gongkai_outbox_pending"], 0);
}

// Frames written to clients, replies apart from pushed events. A frame is counted once its
// write completes, which may be just after the client has read it, so the page is read
// again until the last reply is in.
TEST(Metrics, CountsTheFramesSentByKind) {
    SystemClock clock;
    TestServer server(clock);
    WsClient drafter(server.host(), server.port());
    WsClient reviewer(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    reviewer.login("reviewer", kDemoPassword);
    drafter.ok("ping");
    EXPECT_EQ(drafter.error("no.such.op"), "bad_request");
    // Pushed as report.updated to everybody who may see the office's reports: the drafter
    // and the reviewer, one event each.
    drafter.ok("report.create", {{"org", "shuita"},
                                 {"kind", "notice"},
                                 {"title", "关于开展测试的通知"},
                                 {"content", {{"body", "测试正文。"}}}});
    EXPECT_EQ(reviewer.read_frame().at("event"), "report.updated");

    const std::string replies = R"(gongkai_websocket_frames_sent_total{kind="reply"})";
    const std::string events = R"(gongkai_websocket_frames_sent_total{kind="event"})";
    std::map<std::string, double> samples;
    for (int attempt = 0; attempt < 100; ++attempt) {
        samples = prometheus_samples(http_get(server.host(), server.port(), "/metrics").second);
        if (samples[replies] >= 5 && samples[events] >= 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(samples[replies], 5);  // two logins, the ping, the refusal, the create
    EXPECT_EQ(samples[events], 2);
    // Every frame carries at least {"id":…,"ok":…} or {"event":…}.
    EXPECT_GT(samples["gongkai_websocket_sent_bytes_total"], 7 * 15);
}

}  // namespace
}  // namespace gongkai::testing
