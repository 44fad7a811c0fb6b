// The notification pipeline on its own: a real Redis, a real SQLite outbox.
#include <gongkai/notifier/notification_pipeline.hpp>
#include <gongkai/testing/redis_process.hpp>
#include <gongkai/testing/test_database.hpp>
#include <gongkai/testing/test_server.hpp>

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;

template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

class Pipeline : public ::testing::Test {
protected:
    void SetUp() override {
        database_ = open_test_database(dir_, "pipeline.db", clock_);
        seed_demo(*database_, clock_);
        database_->read([&](storage::Stores& stores) {
            recipient_ = stores.directory.find_user_by_name("reviewer")->id;
        });
    }

    std::vector<std::int64_t> enqueue(int count) {
        std::vector<std::int64_t> ids;
        database_->write([&](storage::Stores& stores) {
            for (int i = 0; i < count; ++i) {
                storage::Notification n;
                n.recipient_id = recipient_;
                n.kind = "submitted";
                n.title = "通知 " + std::to_string(i);
                n.text = "张伟 提交了《通知》";
                n.actor = "drafter";
                n.created_at = format_iso8601(clock_.now());
                ids.push_back(stores.notifications.enqueue(n));
                created_at_[ids.back()] = n.created_at;
            }
        });
        return ids;
    }

    notifier::RedisSettings settings(bool relay, bool consumer) {
        notifier::RedisSettings s;
        s.port = redis_.port();
        s.run_relay = relay;
        s.run_consumer = consumer;
        s.claim_idle = 300ms;
        s.max_backoff = 200ms;
        return s;
    }

    std::int64_t undelivered() {
        std::int64_t n = 0;
        database_->read([&](storage::Stores& stores) { n = stores.notifications.undelivered_count(); });
        return n;
    }

    std::int64_t in_inbox(std::int64_t id) {
        std::int64_t n = 0;
        database_->read([&](storage::Stores& stores) { n = stores.notifications.inbox_count(id); });
        return n;
    }

    int stream_length() {
        auto out = redis_.cli({"XLEN", "gongkai:notifications"});
        return out.empty() ? -1 : std::stoi(out);
    }

    RedisProcess redis_;
    TempDir dir_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> database_;
    // A stream entry as the relay writes it.
    void add_entry(std::int64_t id, std::int64_t recipient, const std::string& created_at) {
        redis_.cli({"XADD", "gongkai:notifications", "*", "id", std::to_string(id), "n",
                    R"({"id":)" + std::to_string(id) + R"(,"recipient_id":)" +
                        std::to_string(recipient) +
                        R"(,"kind":"submitted","title":"x","text":"y","created_at":")" +
                        created_at + R"("})"});
    }

    std::int64_t user_id(const std::string& name) {
        std::int64_t id = 0;
        database_->read(
            [&](storage::Stores& stores) { id = stores.directory.find_user_by_name(name)->id; });
        return id;
    }

    std::vector<std::int64_t> inbox_of(std::int64_t user) {
        std::vector<std::int64_t> ids;
        database_->read([&](storage::Stores& stores) {
            for (const auto& n : stores.notifications.inbox(user, false, 100, std::nullopt)) {
                ids.push_back(n.id);
            }
        });
        return ids;
    }

    std::int64_t recipient_ = 0;
    std::map<std::int64_t, std::string> created_at_;
};

TEST_F(Pipeline, EntriesOfADeadConsumerAreClaimedAndDeliveredOnce) {
    auto ids = enqueue(30);
    notifier::NotificationPipeline relay(*database_, settings(true, false), {});
    relay.start();
    ASSERT_TRUE(eventually([&] { return stream_length() == 30; }));
    relay.stop();

    // A consumer reads everything and dies before acknowledging.
    redis_.cli({"XGROUP", "CREATE", "gongkai:notifications", "gongkai-delivery", "0"});
    redis_.cli({"XREADGROUP", "GROUP", "gongkai-delivery", "doomed", "COUNT", "100", "STREAMS",
                "gongkai:notifications", ">"});
    ASSERT_EQ(redis_.cli({"XPENDING", "gongkai:notifications", "gongkai-delivery"}).substr(0, 2),
              "30");
    EXPECT_EQ(undelivered(), 30);

    std::mutex mutex;
    std::multiset<std::int64_t> pushed;
    notifier::NotificationPipeline survivor(
        *database_, settings(false, true), [&](const storage::Notification& n) {
            std::lock_guard lock(mutex);
            pushed.insert(n.id);
        });
    survivor.start();
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));
    for (auto id : ids) EXPECT_EQ(in_inbox(id), 1) << id;
    {
        std::lock_guard lock(mutex);
        EXPECT_EQ(pushed, std::multiset<std::int64_t>(ids.begin(), ids.end()));
    }
    EXPECT_GE(survivor.stats().claimed, 30u);
    ASSERT_TRUE(eventually([&] {
        return redis_.cli({"XPENDING", "gongkai:notifications", "gongkai-delivery"})
            .starts_with("0");
    }));
}

TEST_F(Pipeline, RedisThatForgetsEverythingIsRefilledFromTheOutbox) {
    auto ids = enqueue(10);
    {
        notifier::NotificationPipeline relay(*database_, settings(true, false), {});
        relay.start();
        ASSERT_TRUE(eventually([&] { return stream_length() == 10; }));
        // Redis crashes with the entries relayed but not delivered...
        redis_.kill();
        redis_.start();
        EXPECT_EQ(stream_length(), 0);
        // ...and the relay, reconnecting, relays them again.
        ASSERT_TRUE(eventually([&] { return stream_length() == 10; }));
    }
    notifier::NotificationPipeline consumer(*database_, settings(false, true), {});
    consumer.start();
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));
    for (auto id : ids) EXPECT_EQ(in_inbox(id), 1) << id;
}

TEST_F(Pipeline, RedeliveredEntriesShowOnce) {
    auto ids = enqueue(5);
    notifier::NotificationPipeline both(*database_, settings(true, true), {});
    both.start();
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));
    // The same entries come again (as after a relay sweep): nothing changes.
    add_entry(ids[0], recipient_, created_at_[ids[0]]);
    ASSERT_TRUE(eventually([&] { return both.stats().duplicates >= 1; }));
    EXPECT_EQ(in_inbox(ids[0]), 1);
    EXPECT_EQ(both.stats().foreign, 0u);
}

// Ids are unique within one database only. Redis kept its stream while the database was
// replaced (a fresh one, or a backup restored): its entries name ids that here are
// someone else's notification, or nobody's yet. Such an entry used to store an inbox row
// under its id, and the change that later enqueued that id here failed on the duplicate
// (every transition of a batch, when `gongkai-bench` ran against a fresh database on a
// Redis that older runs had left entries in); a matching id would have been pushed to the
// entry's recipient.
TEST_F(Pipeline, EntriesOfAnotherDatabaseAreAcknowledgedAndIgnored) {
    auto ids = enqueue(2);
    std::mutex mutex;
    std::vector<std::int64_t> pushed;
    notifier::NotificationPipeline both(*database_, settings(true, true),
                                        [&](const storage::Notification& n) {
                                            std::lock_guard lock(mutex);
                                            pushed.push_back(n.id);
                                        });
    both.start();
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));

    const auto drafter = user_id("drafter");
    const auto next_id = ids.back() + 1;
    add_entry(next_id, recipient_, "2020-01-01T00:00:00.000Z");  // nobody's yet
    add_entry(ids[0], drafter, "2020-01-01T00:00:00.000Z");      // the reviewer's here
    ASSERT_TRUE(eventually([&] { return both.stats().foreign >= 2; }));
    EXPECT_EQ(in_inbox(next_id), 0);
    EXPECT_TRUE(inbox_of(drafter).empty());
    ASSERT_TRUE(eventually([&] {
        return redis_.cli({"XPENDING", "gongkai:notifications", "gongkai-delivery"})
            .starts_with("0");
    }));

    // The id the foreign entry named is enqueued here now, and delivered as usual.
    auto later = enqueue(1);
    ASSERT_EQ(later[0], next_id);
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));
    EXPECT_EQ(in_inbox(next_id), 1);
    std::lock_guard lock(mutex);
    EXPECT_EQ(pushed, (std::vector<std::int64_t>{ids[0], ids[1], next_id}));
}

}  // namespace
}  // namespace gongkai::testing
