// Login, sessions and their limits, against the real server with a manual clock.
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;

class Sessions : public ::testing::Test {
protected:
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2025} / 1 / 6}}};
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect() {
        return std::make_unique<WsClient>(server_.host(), server_.port());
    }

    std::vector<AuditEntry> audit(const std::string& action) {
        std::vector<AuditEntry> entries;
        server_.database().read([&](storage::Stores& stores) {
            storage::AuditFilter filter;
            filter.action = action;
            entries = stores.audit.query(filter);
        });
        return entries;
    }
};

TEST_F(Sessions, LoginReturnsTheUserAndTheirRoles) {
    auto client = connect();
    auto result = client->login("reviewer", kDemoPassword);
    EXPECT_EQ(result.at("token").as_string().size(), 43u);
    EXPECT_EQ(result.at("user").at("username"), "reviewer");
    EXPECT_EQ(result.at("user").at("display_name"), "李娜");
    EXPECT_EQ(result.at("user").at("roles"),
              boost::json::parse(R"([{"org": "shuita", "role": "reviewer"}])"));
    ASSERT_EQ(audit("auth.login").size(), 1u);
    EXPECT_EQ(audit("auth.login")[0].actor, "reviewer");
}

TEST_F(Sessions, FailedLoginNeverSaysWhetherTheUserExists) {
    auto client = connect();
    auto wrong_password =
        client->call("auth.login", {{"username", "reviewer"}, {"password", "wrong-password"}});
    auto no_such_user =
        client->call("auth.login", {{"username", "nobody"}, {"password", "wrong-password"}});
    EXPECT_EQ(wrong_password.at("error").at("code"), "unauthenticated");
    EXPECT_EQ(wrong_password.at("error").at("message"), no_such_user.at("error").at("message"));
    EXPECT_EQ(wrong_password.at("error").at("code"), no_such_user.at("error").at("code"));
    auto failures = audit("auth.login_failed");
    ASSERT_EQ(failures.size(), 2u);
    EXPECT_EQ(failures[0].actor, "nobody");
    EXPECT_EQ(failures[1].actor, "reviewer");
    EXPECT_EQ(client->error("ping"), "unauthenticated");
}

TEST_F(Sessions, RepeatedFailuresSlowDownThatUsername) {
    auto client = connect();
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(client->error("auth.login", {{"username", "leader"}, {"password", "guess"}}),
                  "unauthenticated");
    }
    // Five failures are free; the sixth attempt waits, even with the right password.
    auto reply = client->call("auth.login", {{"username", "leader"}, {"password", kDemoPassword}});
    EXPECT_EQ(reply.at("error").at("code"), "rate_limited");
    EXPECT_GT(reply.at("error").at("retry_after_ms").as_int64(), 0);
    // Other users are not affected.
    EXPECT_NO_THROW(client->login("drafter", kDemoPassword));
    clock_.advance(2s);
    EXPECT_NO_THROW(connect()->login("leader", kDemoPassword));
}

TEST_F(Sessions, IdleSessionExpires) {
    auto client = connect();
    client->login("drafter", kDemoPassword);
    clock_.advance(29min);
    EXPECT_EQ(client->ok("ping").at("pong"), true);
    clock_.advance(31min);
    EXPECT_EQ(client->error("ping"), "unauthenticated");
}

// The browser's heartbeat is answered before and after login, and an open tab sending it
// every second does not keep an idle session alive.
TEST_F(Sessions, HeartbeatIsAnsweredWithoutKeepingTheSessionAlive) {
    auto client = connect();
    EXPECT_TRUE(client->ok("heartbeat").empty());
    client->login("drafter", kDemoPassword);
    for (int i = 0; i < 31; ++i) {
        clock_.advance(1min);
        ASSERT_TRUE(client->ok("heartbeat").empty()) << i;
    }
    EXPECT_EQ(client->error("ping"), "unauthenticated");
    EXPECT_TRUE(client->ok("heartbeat").empty());
}

TEST_F(Sessions, SessionEndsAfterItsAbsoluteLimitEvenWhenBusy) {
    auto client = connect();
    client->login("drafter", kDemoPassword);
    for (int i = 0; i < 12 * 4 - 1; ++i) {
        clock_.advance(15min);
        ASSERT_EQ(client->ok("ping").at("pong"), true) << i;
    }
    clock_.advance(16min);
    EXPECT_EQ(client->error("ping"), "unauthenticated");
}

TEST_F(Sessions, TokenResumesOnANewConnection) {
    auto first = connect();
    auto token = std::string(first->login("leader", kDemoPassword).at("token").as_string());
    auto second = connect();
    auto resumed = second->ok("auth.resume", {{"token", token}});
    EXPECT_EQ(resumed.at("user").at("username"), "leader");
    EXPECT_EQ(second->ok("ping").at("pong"), true);
    EXPECT_EQ(connect()->error("auth.resume", {{"token", token + "x"}}), "unauthenticated");
    EXPECT_EQ(connect()->error("auth.resume", {{"token", ""}}), "unauthenticated");
}

TEST_F(Sessions, ExpiredTokenDoesNotResume) {
    auto first = connect();
    auto token = std::string(first->login("leader", kDemoPassword).at("token").as_string());
    first->close();
    clock_.advance(31min);
    EXPECT_EQ(connect()->error("auth.resume", {{"token", token}}), "unauthenticated");
}

TEST_F(Sessions, LogoutEndsTheSessionEverywhere) {
    auto first = connect();
    auto token = std::string(first->login("leader", kDemoPassword).at("token").as_string());
    auto second = connect();
    second->ok("auth.resume", {{"token", token}});
    first->ok("auth.logout");
    EXPECT_EQ(first->error("ping"), "unauthenticated");
    EXPECT_EQ(second->error("ping"), "unauthenticated");
    EXPECT_EQ(connect()->error("auth.resume", {{"token", token}}), "unauthenticated");
    EXPECT_EQ(audit("auth.logout").size(), 1u);
}

TEST_F(Sessions, TokensAreStoredOnlyAsHashes) {
    auto client = connect();
    auto token = std::string(client->login("leader", kDemoPassword).at("token").as_string());
    std::optional<storage::SessionRecord> by_token, by_digest;
    server_.database().read([&](storage::Stores& stores) {
        by_token = stores.sessions.find(token);
        by_digest = stores.sessions.find(token_digest(token));
    });
    EXPECT_FALSE(by_token.has_value());
    EXPECT_TRUE(by_digest.has_value());
}

TEST_F(Sessions, AuditLogIsForAuditorsAndAdminsOnly) {
    auto drafter = connect();
    drafter->login("drafter", kDemoPassword);
    EXPECT_EQ(drafter->error("audit.query"), "forbidden");
    EXPECT_EQ(drafter->error("audit.verify"), "forbidden");
    auto auditor = connect();
    auditor->login("auditor", kDemoPassword);
    auto entries = auditor->ok("audit.query", {{"limit", 5}});
    EXPECT_EQ(entries.at("entries").as_array().size(), 5u);
    EXPECT_FALSE(entries.at("next_cursor").is_null());
    auto next = auditor->ok("audit.query", {{"cursor", entries.at("next_cursor")}});
    EXPECT_GT(next.at("entries").as_array().size(), 0u);
    auto by_actor = auditor->ok("audit.query", {{"actor", "drafter"}});
    for (const auto& entry : by_actor.at("entries").as_array()) {
        EXPECT_EQ(entry.at("actor"), "drafter");
    }
    EXPECT_EQ(auditor->error("audit.query", {{"since", "last tuesday"}}), "bad_request");
    auto verified = auditor->ok("audit.verify");
    EXPECT_EQ(verified.at("ok"), true);
    EXPECT_GT(verified.at("entries").as_int64(), 18);
    EXPECT_EQ(verified.at("head_hash").as_string().size(), 64u);
}

}  // namespace
}  // namespace gongkai::testing
