// report.get and report.list answered from the reply cache on the real server: a repeated
// read is a hit, every reader has answers of their own, and no answer outlives a commit,
// whoever made it (this server, or another process writing to the database file).
#include <gongkai/api/reply_cache.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/test_database.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace gongkai::testing {
namespace {

struct Lookups {
    double hits = 0;
    double misses = 0;
};

Lookups cache_lookups(TestServer& server) {
    auto [status, page] = http_get(server.host(), server.port(), "/metrics");
    EXPECT_EQ(status, 200);
    auto samples = prometheus_samples(page);
    return {samples[R"(gongkai_reply_cache_lookups_total{result="hit"})"],
            samples[R"(gongkai_reply_cache_lookups_total{result="miss"})"]};
}

class ReplyCacheTest : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};
    WsClient drafter_{server_.host(), server_.port()};
    std::int64_t report_id_ = 0;

    void SetUp() override {
        drafter_.login("drafter", kDemoPassword);
        auto created = drafter_.ok("report.create", {{"org", "shuita"},
                                                     {"kind", "notice"},
                                                     {"title", "关于缓存测试的通知"},
                                                     {"content", {{"body", "第一版"}}}});
        report_id_ = created.at("report").at("id").as_int64();
    }

    boost::json::object get(WsClient& client) {
        return client.ok("report.get", {{"report_id", report_id_}}).at("report").as_object();
    }
    const std::string& database_file() { return server_.database().settings().path; }
};

TEST_F(ReplyCacheTest, ARepeatedReadIsAHitUntilTheReportChanges) {
    const auto first = get(drafter_);
    const auto before = cache_lookups(server_);
    EXPECT_EQ(get(drafter_), first);
    auto after = cache_lookups(server_);
    EXPECT_EQ(after.hits, before.hits + 1);
    EXPECT_EQ(after.misses, before.misses);

    const auto page = drafter_.ok("report.list", {{"limit", 20}});
    EXPECT_EQ(drafter_.ok("report.list", {{"limit", 20}}), page);
    EXPECT_EQ(cache_lookups(server_).hits, after.hits + 1);

    drafter_.ok("report.update", {{"report_id", report_id_},
                                  {"base_revision", 1},
                                  {"title", "关于缓存测试的通知（修订）"},
                                  {"content", {{"body", "第二版"}}}});
    const auto updated = get(drafter_);
    EXPECT_EQ(updated.at("revision"), 2);
    EXPECT_EQ(updated.at("content").at("body"), "第二版");
    const auto listed = drafter_.ok("report.list", {{"limit", 20}}).at("items").at(0);
    EXPECT_EQ(listed.at("id"), report_id_);
    EXPECT_EQ(listed.at("title"), "关于缓存测试的通知（修订）");
    // Asked for by number, the old revision is still there: a key of its own.
    auto old = drafter_.ok("report.get", {{"report_id", report_id_}, {"revision", 1}});
    EXPECT_EQ(old.at("report").at("content").at("body"), "第一版");
}

TEST_F(ReplyCacheTest, EveryReaderGetsTheirOwnAnswer) {
    // Logged in first: a login is a commit, which would empty the cache between the reads.
    WsClient reviewer(server_.host(), server_.port());
    reviewer.login("reviewer", kDemoPassword);
    WsClient outsider(server_.host(), server_.port());  // a drafter of a community below
    outsider.login("lt.drafter", kDemoPassword);

    const auto drafters = get(drafter_);
    EXPECT_EQ(get(drafter_), drafters);
    drafter_.ok("report.list", {{"limit", 20}});
    const auto before = cache_lookups(server_);
    EXPECT_GE(before.hits, 1) << "the drafter's answer is in the cache";
    EXPECT_TRUE(drafters.at("editable").as_bool());
    EXPECT_FALSE(drafters.at("actions").as_array().empty());

    const auto reviewers = get(reviewer);
    EXPECT_FALSE(reviewers.at("editable").as_bool()) << "not the drafter's cached answer";
    EXPECT_TRUE(reviewers.at("actions").as_array().empty());

    // The outsider cannot see the office's reports, whatever the cache holds.
    EXPECT_EQ(outsider.error("report.get", {{"report_id", report_id_}}), "not_found");
    EXPECT_TRUE(outsider.ok("report.list", {{"limit", 20}}).at("items").as_array().empty());
    EXPECT_EQ(cache_lookups(server_).hits, before.hits) << "no one else's answer was given";
}

// Commits made outside the server (an administrator's tool, or a second process on the same
// file) reach the next read although the server's own writer never saw them.
TEST_F(ReplyCacheTest, CommitsByAnotherProcessEndCachedAnswers) {
    WsClient reviewer(server_.host(), server_.port());
    reviewer.login("reviewer", kDemoPassword);
    get(reviewer);
    get(reviewer);
    reviewer.ok("report.list", {{"limit", 20}});

    exec_raw(database_file(), "UPDATE reports SET title = '外部修改的标题' WHERE id = " +
                                  std::to_string(report_id_));
    EXPECT_EQ(get(reviewer).at("title"), "外部修改的标题");
    EXPECT_EQ(reviewer.ok("report.list", {{"limit", 20}}).at("items").at(0).at("title"),
              "外部修改的标题");

    // A role taken away by another process ends the reader's access with the next request,
    // cached answer or not.
    exec_raw(database_file(),
             "DELETE FROM role_grants WHERE user_id = "
             "(SELECT id FROM users WHERE username = 'reviewer')");
    EXPECT_EQ(reviewer.error("report.get", {{"report_id", report_id_}}), "not_found");
    EXPECT_TRUE(reviewer.ok("report.list", {{"limit", 20}}).at("items").as_array().empty());
}

TEST(ReplyCacheOff, ReadsAreComputedEveryTime) {
    SystemClock clock;
    TestServer server(clock,
                      [](api::AppSettings& settings) { settings.server.reply_cache_bytes = 0; });
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto created = drafter.ok("report.create", {{"org", "shuita"},
                                                {"kind", "notice"},
                                                {"title", "关于缓存测试的通知"},
                                                {"content", {{"body", "正文"}}}});
    const auto id = created.at("report").at("id").as_int64();
    EXPECT_EQ(drafter.ok("report.get", {{"report_id", id}}),
              drafter.ok("report.get", {{"report_id", id}}));
    auto lookups = cache_lookups(server);
    EXPECT_EQ(lookups.hits, 0);
    EXPECT_EQ(lookups.misses, 0);
}

// The contract the handlers rely on, under concurrency: with the epoch read before the
// snapshot, an answer given out, cached or computed, is never older than a commit that had
// completed when the request began. Readers race a writer for a second on real SQLite.
TEST(ReplyCacheCoherence, NoAnswerPredatesACommitThatCameBeforeTheRequest) {
    TempDir dir;
    ManualClock clock{TimePoint{}};
    auto database = open_test_database(dir, "coherence.db", clock);
    api::ReplyCache cache(1 << 20);
    std::atomic<std::int64_t> committed{0};  // the audit head after the newest commit
    std::atomic<bool> stop{false};
    std::atomic<int> stale{0}, hits{0};

    auto head = [&] {
        std::int64_t seq = 0;
        database->read([&](storage::Stores& stores) { seq = stores.audit.recorded_head().first; });
        return seq;
    };
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r) {
        readers.emplace_back([&] {
            while (!stop) {
                const auto floor = committed.load();
                const auto epoch = database->change_epoch();
                ASSERT_TRUE(epoch.has_value());
                std::int64_t answer = 0;
                if (auto kept = cache.find("head", *epoch)) {
                    answer = std::stoll(*kept);
                    ++hits;
                } else {
                    answer = head();
                    cache.store("head", *epoch,
                                std::make_shared<const std::string>(std::to_string(answer)));
                }
                if (answer < floor) ++stale;
            }
        });
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (std::chrono::steady_clock::now() < until) {
        database->write([](storage::Stores& stores) {
            stores.audit.append({"system", "test.tick", {}, {}, {}, {}, {}, {}});
        });
        committed = head();
        // Room between commits, so that answers are also given from the cache.
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    stop = true;
    for (auto& reader : readers)
        reader.join();
    EXPECT_EQ(stale, 0);
    EXPECT_GT(hits, 0) << "the cache answered some of the reads";
    EXPECT_GT(committed.load(), 10);
}

}  // namespace
}  // namespace gongkai::testing
