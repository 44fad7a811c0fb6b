// Attacks that once worked against the server, each kept as a test against the real server
// on real sockets: bounded in count and time, on loopback addresses only.
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>
#include <gongkai/workflow/directory_admin.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include <map>
#include <set>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::vector<AuditEntry> audit(TestServer& server, const std::string& action) {
    std::vector<AuditEntry> entries;
    server.database().read([&](storage::Stores& stores) {
        storage::AuditFilter filter;
        filter.action = action;
        filter.limit = 100000;
        entries = stores.audit.query(filter);
    });
    return entries;
}

std::string login_frame(const std::string& id, const std::string& username,
                        const std::string& password) {
    return boost::json::serialize(boost::json::object{
        {"id", id}, {"op", "auth.login"}, {"username", username}, {"password", password}});
}

std::string error_code(const boost::json::object& reply) {
    return reply.at("ok").as_bool() ? "" : std::string(reply.at("error").at("code").as_string());
}

std::int64_t submitted_notice(WsClient& drafter) {
    auto id = drafter
                  .ok("report.create", {{"org", "shuita"},
                                        {"kind", "notice"},
                                        {"title", "关于停水的通知"},
                                        {"content", {{"body", "正文"}}}})
                  .at("report")
                  .at("id")
                  .as_int64();
    drafter.ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    return id;
}

// Reads frames until a report.updated about `report_id` arrives.
void wait_for_update(WsClient& client, std::int64_t report_id) {
    for (;;) {
        auto frame = client.read_frame();
        if (frame.contains("event") && frame.at("event") == "report.updated" &&
            frame.at("data").at("report_id") == report_id) {
            return;
        }
    }
}

// Guesses sent at once were all checked: the wait was looked at when an attempt arrived,
// the failure counted only after its password hash. 59 wrong guesses and then the right
// password, sent together over four connections, logged in.
TEST(Hardening, GuessesSentAtOnceAreThrottledBeforeAnyPasswordIsChecked) {
    SystemClock clock;
    TestServer server(clock);
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int c = 0; c < 4; ++c) {
        clients.push_back(std::make_unique<WsClient>(server.host(), server.port()));
    }
    for (int i = 0; i < 15; ++i) {
        for (int c = 0; c < 4; ++c) {
            const bool last = c == 3 && i == 14;
            clients[c]->send_text(login_frame(std::to_string(c) + "-" + std::to_string(i), "leader",
                                              last ? kDemoPassword : "guess"));
        }
    }
    std::map<std::string, std::string> codes;
    for (auto& client : clients) {
        for (int i = 0; i < 15; ++i) {
            auto reply = client->read_reply();
            codes[std::string(reply.at("id").as_string())] = error_code(reply);
        }
    }
    ASSERT_EQ(codes.size(), 60u);
    EXPECT_EQ(codes["3-14"], "rate_limited");  // the right password, too late
    int checked = 0;
    for (const auto& [id, code] : codes) {
        EXPECT_NE(code, "") << id << " logged in";
        checked += code == "unauthenticated";
    }
    // The five free attempts, and not one more, reached a password check.
    EXPECT_EQ(checked, 5);
    EXPECT_EQ(audit(server, "auth.login_failed").size(), 5u);
    EXPECT_TRUE(audit(server, "auth.login").empty());
}

TEST(Hardening, FiveFailuresAreFreeAndTheSixthAttemptWaits) {
    SystemClock clock;
    TestServer server(clock);
    WsClient client(server.host(), server.port());
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(client.error("auth.login", {{"username", "leader"}, {"password", "guess"}}),
                  "unauthenticated");
    }
    EXPECT_EQ(client.error("auth.login", {{"username", "leader"}, {"password", kDemoPassword}}),
              "rate_limited");
}

// 20 connections × 60 logins with made-up usernames made a real user's login take 17 s:
// every attempt was hashed, first come first served, and wrote an audit row.
TEST(Hardening, ALoginFloodFromOneAddressIsRefusedWhileOthersLogIn) {
    SystemClock clock;
    TestServer server(clock, [](api::AppSettings& settings) {
        settings.server.auth.refusal_summary_interval = 1s;
    });
    constexpr int kConnections = 20;
    constexpr int kAttempts = 60;
    std::vector<std::unique_ptr<WsClient>> flood;
    for (int c = 0; c < kConnections; ++c) {
        flood.push_back(std::make_unique<WsClient>(server.host(), server.port()));
    }
    for (int i = 0; i < kAttempts; ++i) {
        for (int c = 0; c < kConnections; ++c) {
            const auto name = "flood-" + std::to_string(c) + "-" + std::to_string(i);
            flood[c]->send_text(login_frame(name, name, "guess"));
        }
    }
    // Someone of another office, from another address, logs in meanwhile.
    WsClient colleague(server.host(), server.port(), {}, "127.0.0.2");
    EXPECT_NO_THROW(colleague.login("reviewer", kDemoPassword));

    int refused = 0, checked = 0;
    for (auto& client : flood) {
        for (int i = 0; i < kAttempts; ++i) {
            auto code = error_code(client->read_reply());
            refused += code == "rate_limited";
            checked += code == "unauthenticated";
        }
    }
    EXPECT_EQ(refused + checked, kConnections * kAttempts);
    // The address's burst of failures (20), the checks already waiting when it ran out (at
    // most 8), and what its rate (10 a minute) adds while the test runs.
    EXPECT_LE(checked, 20 + 8 + 2);
    EXPECT_EQ(audit(server, "auth.login_failed").size(), static_cast<std::size_t>(checked));
    // The refused attempts are in the audit log as summaries per address, not as rows.
    std::int64_t summarised = 0;
    for (int tries = 0; tries < 100 && summarised < refused; ++tries) {
        std::this_thread::sleep_for(100ms);  // waits for the summary, not for time to pass
        summarised = 0;
        for (const auto& entry : audit(server, "auth.login_refused")) {
            auto details = boost::json::parse(entry.details).as_object();
            EXPECT_EQ(details.at("remote"), "127.0.0.1");
            summarised += details.at("refused").as_int64();
        }
    }
    EXPECT_EQ(summarised, refused);
}

// A second connection that resumed the token kept receiving report.updated, comment.updated
// and notifications after auth.logout on the first, until it next sent a request.
TEST(Hardening, NoEventsReachAConnectionWhoseSessionWasLoggedOut) {
    SystemClock clock;
    TestServer server(clock);
    WsClient first(server.host(), server.port());
    auto token = std::string(first.login("leader", kDemoPassword).at("token").as_string());
    WsClient second(server.host(), server.port());
    second.ok("auth.resume", {{"token", token}});
    WsClient watcher(server.host(), server.port());
    watcher.login("reviewer", kDemoPassword);
    first.ok("auth.logout");

    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto id = submitted_notice(drafter);
    wait_for_update(watcher, id);
    EXPECT_EQ(second.error("ping"), "unauthenticated");
    EXPECT_TRUE(second.events().empty()) << boost::json::serialize(second.events().front());
}

TEST(Hardening, NoEventsReachAConnectionWhoseSessionWentIdle) {
    ManualClock clock{TimePoint{std::chrono::sys_days{std::chrono::year{2025} / 1 / 6}}};
    TestServer server(clock);
    WsClient idle(server.host(), server.port());
    idle.login("leader", kDemoPassword);
    clock.advance(31min);
    WsClient watcher(server.host(), server.port());
    watcher.login("reviewer", kDemoPassword);
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto id = submitted_notice(drafter);
    wait_for_update(watcher, id);
    EXPECT_EQ(idle.error("ping"), "unauthenticated");
    EXPECT_TRUE(idle.events().empty()) << boost::json::serialize(idle.events().front());
}

// 100 pipelined comment.add: 64 comments stored, no reply, the connection dropped without
// a close frame. Nothing kept the connection alive while it waited for replies.
TEST(Hardening, RequestsPipelinedPastTheInFlightLimitAreAllAnswered) {
    SystemClock clock;
    TestServer server(clock);
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto id = submitted_notice(drafter);
    constexpr int kRequests = 100;
    for (int i = 0; i < kRequests; ++i) {
        drafter.send_text(boost::json::serialize(boost::json::object{{"id", i},
                                                                     {"op", "comment.add"},
                                                                     {"report_id", id},
                                                                     {"revision", 1},
                                                                     {"body", "意见"}}));
    }
    std::set<std::int64_t> answered;
    for (int i = 0; i < kRequests; ++i) {
        auto reply = drafter.read_reply();
        EXPECT_TRUE(reply.at("ok").as_bool()) << boost::json::serialize(reply);
        answered.insert(reply.at("id").as_int64());
    }
    EXPECT_EQ(answered.size(), static_cast<std::size_t>(kRequests));
    auto threads = drafter.ok("comment.list", {{"report_id", id}}).at("threads").as_array();
    EXPECT_EQ(threads.size(), static_cast<std::size_t>(kRequests));

    // Logins are answered too, whatever they answer.
    WsClient client(server.host(), server.port());
    for (int i = 0; i < 64; ++i) {
        client.send_text(login_frame(std::to_string(i), "drafter", kDemoPassword));
    }
    for (int i = 0; i < 64; ++i) {
        EXPECT_TRUE(client.read_reply().contains("id"));
    }
}

// A connection that never logged in and answered pings stayed forever.
TEST(Hardening, AConnectionThatDoesNotLogInIsClosed) {
    SystemClock clock;
    TestServer server(
        clock, [](api::AppSettings& settings) { settings.server.limits.login_timeout = 1s; });
    WsClient logged_in(server.host(), server.port());
    logged_in.login("drafter", kDemoPassword);
    WsClient anonymous(server.host(), server.port());
    EXPECT_EQ(anonymous.wait_close(), 1008);  // policy violation
    EXPECT_NO_THROW(logged_in.ok("ping"));
}

// Idle TCP connections did not count towards the limit (only WebSocket ones did).
TEST(Hardening, PlainConnectionsCountTowardsTheConnectionLimit) {
    SystemClock clock;
    TestServer server(
        clock, [](api::AppSettings& settings) { settings.server.limits.max_connections = 4; });
    net::io_context ioc;
    std::vector<tcp::socket> idle;
    for (int i = 0; i < 4; ++i) {
        idle.emplace_back(ioc).connect(
            tcp::endpoint(net::ip::make_address(server.host()), server.port()));
    }
    EXPECT_NE(WsClient::handshake_status(server.host(), server.port(), ""), 101);  // closed
    idle.clear();
    int status = 0;
    for (int tries = 0; tries < 100 && status != 101; ++tries) {
        std::this_thread::sleep_for(20ms);  // waits for the server to see the closes
        status = WsClient::handshake_status(server.host(), server.port(), "");
    }
    EXPECT_EQ(status, 101);
}

TEST(Hardening, TheConnectionLimitFollowsTheDescriptorLimit) {
    EXPECT_EQ(api::connection_limit(0, 1024), 1024u - 128u);
    EXPECT_EQ(api::connection_limit(100, 1024), 100u);
    EXPECT_EQ(api::connection_limit(20000, 1024), 1024u - 128u);
    EXPECT_GE(api::connection_limit(0, 64), 1u);
}

// Reading a comment on a report the caller cannot see answered 「报告 6 不存在」, a missing
// comment 「评论 N 不存在」: the comment's existence and its report leaked.
TEST(Hardening, ACommentOnAnUnseenReportIsAnsweredLikeAMissingOne) {
    SystemClock clock;
    TestServer server(clock);
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto id = submitted_notice(drafter);
    auto comment = drafter.ok("comment.add", {{"report_id", id}, {"revision", 1}, {"body", "意见"}})
                       .at("comment")
                       .at("id")
                       .as_int64();
    WsClient outsider(server.host(), server.port());
    outsider.login("lt.reviewer", kDemoPassword);  // 龙潭社区, below 水塔街: cannot see it
    auto hidden = outsider.call("comment.resolve", {{"comment_id", comment}});
    auto missing = outsider.call("comment.resolve", {{"comment_id", comment + 1000}});
    EXPECT_EQ(error_code(hidden), "not_found");
    EXPECT_EQ(error_code(missing), "not_found");
    auto without_number = [](std::string message, std::int64_t number) {
        auto at = message.find(std::to_string(number));
        return at == std::string::npos ? message : message.erase(at, std::to_string(number).size());
    };
    EXPECT_EQ(
        without_number(std::string(hidden.at("error").at("message").as_string()), comment),
        without_number(std::string(missing.at("error").at("message").as_string()), comment + 1000));
}

// A reviewer who lost a race (another reviewer's pass_review against their return) got
// forbidden.
TEST(Hardening, AReviewerLosingARaceGetsConflict) {
    SystemClock clock;
    TestServer server(clock);
    workflow::DirectoryAdmin admin(server.database(), clock, kFastHashing);
    admin.add_user("reviewer2", "周芳", kDemoPassword, "system");
    admin.grant_role("reviewer2", "shuita", Role::reviewer, "system");
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto id = submitted_notice(drafter);
    WsClient first(server.host(), server.port());
    first.login("reviewer", kDemoPassword);
    WsClient second(server.host(), server.port());
    second.login("reviewer2", kDemoPassword);
    first.ok("report.transition", {{"report_id", id},
                                   {"action", "pass_review"},
                                   {"revision", 1},
                                   {"checklist", kClearChecklist}});
    boost::json::object give_back{
        {"report_id", id}, {"action", "return"}, {"revision", 1}, {"comment", "请修改"}};
    auto lost = second.call("report.transition", give_back);
    EXPECT_EQ(error_code(lost), "conflict");
    EXPECT_EQ(lost.at("error").at("state"), "leader_approval");
    // Who could never have returned it is still told it is not theirs to do.
    EXPECT_EQ(drafter.error("report.transition", give_back), "forbidden");
}

TEST(Hardening, TitlesMustBeOneLineOfVisibleText) {
    SystemClock clock;
    TestServer server(clock);
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    for (const char* title :
         {"通知\u2028第二行", "通知\u2029", "通知\u0085", "通知\x7F", "通知\u0090", "\u202E知通",
          "通知\u2066x\u2069", "\u200B", "\u3000 \u200B"}) {
        auto reply = drafter.call("report.create", {{"org", "shuita"},
                                                    {"kind", "notice"},
                                                    {"title", title},
                                                    {"content", {{"body", "正文"}}}});
        EXPECT_EQ(error_code(reply), "validation_failed") << boost::json::serialize(reply);
        if (!reply.at("ok").as_bool()) {
            EXPECT_EQ(reply.at("error").at("field"), "title") << boost::json::serialize(reply);
        }
    }
    auto reports = drafter.ok("report.list").at("items").as_array();
    EXPECT_TRUE(reports.empty());
}

TEST(Hardening, RequestsThatNameAKeyTwiceAreRefused) {
    SystemClock clock;
    TestServer server(clock);
    WsClient client(server.host(), server.port());
    auto token = std::string(client.login("drafter", kDemoPassword).at("token").as_string());
    client.send_text(R"({"id": 1, "op": "ping", "op": "auth.logout"})");
    auto reply = client.read_reply();
    EXPECT_EQ(error_code(reply), "bad_request");
    EXPECT_TRUE(reply.at("id").is_null());
    client.send_text(R"({"id": 2, "op": "ping", "x": {"a": 1, "a": 2}})");
    EXPECT_EQ(error_code(client.read_reply()), "bad_request");
    // Nothing was done: the session is still there.
    EXPECT_NO_THROW(client.ok("ping"));
    WsClient other(server.host(), server.port());
    EXPECT_NO_THROW(other.ok("auth.resume", {{"token", token}}));
}

TEST(Hardening, AnUnauthenticatedClientCannotMakeTheServerHoldMuch) {
    SystemClock clock;
    TestServer server(clock);
    WsClient client(server.host(), server.port());
    client.send_text(R"({"id": ")" + std::string(200, 'x') + R"(", "op": "ping"})");
    auto reply = client.read_reply();
    EXPECT_EQ(error_code(reply), "bad_request");
    EXPECT_TRUE(reply.at("id").is_null());  // the long id is not echoed
    // Before a login, a frame over 16 KiB closes the connection (1009), well below the
    // 1 MiB allowed after it. (Small enough to sit in the socket buffers whole, so the
    // client's write cannot race the server's close.)
    client.send_text(R"({"id": 1, "op": "auth.login", "username": ")" +
                     std::string(17 * 1024, 'x') + R"(", "password": "x"})");
    EXPECT_EQ(client.wait_close(), 1009);
}

// Each connection may queue 16 MiB; nothing bounded the sum. Connections that ask for a
// large report and never read it are cut, largest backlog first, once all of them together
// hold more than max_total_queued_bytes.
TEST(Hardening, ClientsThatDoNotReadCannotTakeTheServersMemory) {
    SystemClock clock;
    TestServer server(clock, [](api::AppSettings& settings) {
        settings.server.limits.max_total_queued_bytes = 4 * 1024 * 1024;
        settings.server.limits.max_queued_bytes = 64 * 1024 * 1024;  // the sum decides
    });
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    // A report of about 600 KB (the body limit allows it).
    auto id =
        drafter
            .ok("report.create",
                {{"org", "shuita"},
                 {"kind", "notice"},
                 {"title", "大报告"},
                 {"content", {{"body", std::string(200000, 'x') + std::string(130000, 'y')}}}})
            .at("report")
            .at("id")
            .as_int64();
    std::vector<std::unique_ptr<WsClient>> readers;
    for (int c = 0; c < 8; ++c) {
        readers.push_back(std::make_unique<WsClient>(server.host(), server.port()));
        readers.back()->login("drafter", kDemoPassword);
    }
    const auto request = boost::json::serialize(
        boost::json::object{{"id", 1}, {"op", "report.get"}, {"report_id", id}});
    for (int round = 0; round < 60; ++round) {
        for (auto& reader : readers) {
            try {
                reader->send_text(request);  // and never read the answer
            } catch (const std::exception&) {
                // cut off already
            }
        }
    }
    // The sum stays within the bound, give or take the frames queued at the moment it was
    // crossed (one per I/O thread); readers were cut off to keep it there; others are
    // answered as before.
    std::map<std::string, double> samples;
    for (int tries = 0; tries < 200 && samples["gongkai_websocket_cut_off_total"] < 1; ++tries) {
        std::this_thread::sleep_for(50ms);  // waits for the replies to pile up
        auto [status, page] = http_get(server.host(), server.port(), "/metrics");
        ASSERT_EQ(status, 200);
        samples = prometheus_samples(page);
    }
    EXPECT_LE(samples["gongkai_websocket_queued_bytes"], 4.0 * 1024 * 1024 + 2 * 700000);
    EXPECT_GE(samples["gongkai_websocket_cut_off_total"], 1);
    EXPECT_NO_THROW(drafter.ok("ping"));
}

}  // namespace
}  // namespace gongkai::testing
