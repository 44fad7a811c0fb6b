// Notifications end to end over WebSockets, through a real Redis the test starts, stops
// and restarts.
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/redis_process.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;

notifier::RedisSettings redis_at(const RedisProcess& redis) {
    notifier::RedisSettings settings;
    settings.port = redis.port();
    settings.max_backoff = 200ms;
    settings.claim_idle = 500ms;
    return settings;
}

// Waits (up to `limit`) until `condition` holds: the asynchronous delivery finishing, not
// time passing for its own sake.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

class Notifications : public ::testing::Test {
protected:
    RedisProcess redis_;
    SystemClock clock_;
    TestServer server_{clock_, [this](api::AppSettings& settings) {
                           settings.redis = redis_at(redis_);
                       }};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    std::int64_t create_and_submit(WsClient& drafter, const std::string& title) {
        auto id = drafter.ok("report.create", {{"org", "shuita"},
                                               {"kind", "notice"},
                                               {"title", title},
                                               {"content", {{"body", "正文"}}}})
                      .at("report")
                      .at("id")
                      .as_int64();
        drafter.ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
        return id;
    }

    // Outbox rows not yet delivered to an inbox.
    std::int64_t undelivered() {
        std::int64_t total = 0;
        server_.database().read([&](storage::Stores& stores) {
            total = stores.notifications.undelivered_count();
        });
        return total;
    }

    std::int64_t inbox_total(const std::vector<std::string>& users) {
        std::int64_t total = 0;
        server_.database().read([&](storage::Stores& stores) {
            for (const auto& name : users) {
                auto user = stores.directory.find_user_by_name(name);
                total += static_cast<std::int64_t>(
                    stores.notifications.inbox(user->id, false, 100000, std::nullopt).size());
            }
        });
        return total;
    }
};

TEST_F(Notifications, ConnectedReviewerGetsThePushAtOnce) {
    auto reviewer = connect_as("reviewer");
    auto drafter = connect_as("drafter");
    auto id = create_and_submit(*drafter, "2024年政府信息公开工作年度报告");
    boost::json::object notification;
    bool updated = false;
    while (notification.empty()) {
        auto frame = reviewer->read_frame();  // times out (fails) if nothing comes
        ASSERT_TRUE(frame.contains("event"));
        if (frame.at("event") == "report.updated") updated = true;
        if (frame.at("event") == "notification") notification = frame.at("data").as_object();
    }
    EXPECT_TRUE(updated);
    EXPECT_EQ(notification.at("kind"), "submitted");
    EXPECT_EQ(notification.at("report_id"), id);
    EXPECT_EQ(notification.at("actor"), "drafter");
    EXPECT_EQ(notification.at("title"), "2024年政府信息公开工作年度报告");
    EXPECT_EQ(notification.at("text"),
              "张伟 提交了《2024年政府信息公开工作年度报告》，等待您进行保密审查");
    EXPECT_TRUE(notification.contains("created_at"));
    EXPECT_GT(notification.at("id").as_int64(), 0);
}

TEST_F(Notifications, ReviewerWhoComesLaterFindsItInTheInbox) {
    auto drafter = connect_as("drafter");
    auto id = create_and_submit(*drafter, "关于停水的通知");
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));
    auto reviewer = connect_as("reviewer");
    auto list = reviewer->ok("notifications.list");
    ASSERT_EQ(list.at("items").as_array().size(), 1u);
    EXPECT_EQ(list.at("unread"), 1);
    auto item = list.at("items").at(0).as_object();
    EXPECT_EQ(item.at("report_id"), id);
    EXPECT_EQ(item.at("read"), false);
    reviewer->ok("notifications.mark_read", {{"ids", {item.at("id")}}});
    EXPECT_EQ(reviewer->ok("notifications.list").at("unread"), 0);
    EXPECT_EQ(reviewer->ok("notifications.list", {{"unread_only", true}}).at("items").as_array().size(),
              0u);
    // Nobody else is told: not the drafter (own action), not another org's reviewer.
    EXPECT_TRUE(drafter->ok("notifications.list").at("items").as_array().empty());
    EXPECT_TRUE(connect_as("lt.reviewer")->ok("notifications.list").at("items").as_array().empty());
}

TEST_F(Notifications, RedisDownDuringABurstLosesNothingAndDuplicatesNothing) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto leader = connect_as("leader");
    redis_.kill();
    // 50 reports × 4 transitions = 200, all while Redis is down.
    constexpr int kReports = 50;
    for (int i = 0; i < kReports; ++i) {
        auto id = create_and_submit(*drafter, "通知 " + std::to_string(i));
        reviewer->ok("report.transition", {{"report_id", id},
                                           {"action", "pass_review"},
                                           {"revision", 1},
                                           {"checklist", kClearChecklist}});
        leader->ok("report.transition", {{"report_id", id}, {"action", "approve"}, {"revision", 1}});
        leader->ok("report.transition", {{"report_id", id}, {"action", "publish"}, {"revision", 1}});
    }
    // submit → reviewer; pass_review → leader; approve → drafter (the submitter);
    // publish by the leader → drafter and reviewer (the approver is the actor).
    constexpr int kExpected = kReports * 5;
    EXPECT_EQ(undelivered(), kExpected);  // not one pushed...
    // ...but every one is in its inbox already: written with the transition itself.
    EXPECT_EQ(inbox_total({"drafter", "reviewer", "leader"}), kExpected);
    EXPECT_EQ(reviewer->ok("notifications.list").at("unread"), kReports * 2);  // submit, publish
    auto [status, health] = http_get(server_.host(), server_.port(), "/healthz");
    EXPECT_EQ(status, 200);
    EXPECT_NE(health.find("\"redis\":\"degraded\""), std::string::npos) << health;

    redis_.start();
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; })) << undelivered();
    EXPECT_EQ(inbox_total({"drafter", "reviewer", "leader"}), kExpected);
    auto drafter_inbox = drafter->ok("notifications.list", {{"limit", 200}});
    EXPECT_EQ(drafter_inbox.at("items").as_array().size(), static_cast<std::size_t>(kReports * 2));
    ASSERT_TRUE(eventually([&] { return server_.app().redis_ok(); }));
    EXPECT_NE(http_get(server_.host(), server_.port(), "/healthz").second.find("\"redis\":\"ok\""),
              std::string::npos);
}

TEST_F(Notifications, StreamIsTrimmedOnceAcknowledged) {
    auto drafter = connect_as("drafter");
    for (int i = 0; i < 20; ++i) create_and_submit(*drafter, "通知 " + std::to_string(i));
    ASSERT_TRUE(eventually([&] { return undelivered() == 0; }));
    ASSERT_TRUE(eventually([&] {
        auto length = redis_.cli({"XLEN", "gongkai:notifications"});
        return !length.empty() && std::stoi(length) <= 1;
    }));
    EXPECT_NE(redis_.cli({"XPENDING", "gongkai:notifications", "gongkai-delivery"}).find("0"),
              std::string::npos);
}

}  // namespace
}  // namespace gongkai::testing
