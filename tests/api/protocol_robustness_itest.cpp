// Bad input over a real WebSocket: every malformed request gets a clear error, the
// connection stays usable, and nothing is half-written.
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

namespace gongkai::testing {
namespace {

class ProtocolRobustness : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_, [](api::AppSettings& settings) {
                           settings.server.limits.max_message_bytes = 64 * 1024;
                       }};
    WsClient client_{server_.host(), server_.port()};

    boost::json::object raw(std::string_view text) {
        client_.send_text(text);
        return client_.read_frame();
    }

    static std::string code_of(const boost::json::object& reply) {
        EXPECT_FALSE(reply.at("ok").as_bool());
        return std::string(reply.at("error").at("code").as_string());
    }

    void expect_still_usable() { EXPECT_EQ(client_.ok("ping").at("pong"), true); }

    std::int64_t audit_entries() {
        std::int64_t entries = 0;
        server_.database().read(
            [&](storage::Stores& stores) { entries = stores.audit.recorded_head().first; });
        return entries;
    }
};

TEST_F(ProtocolRobustness, MalformedJsonIsABadRequest) {
    client_.login("drafter", kDemoPassword);
    auto reply = raw("{\"id\": 1, \"op\": ");
    EXPECT_EQ(code_of(reply), "bad_request");
    EXPECT_TRUE(reply.at("id").is_null());
    EXPECT_EQ(code_of(raw("not json at all")), "bad_request");
    EXPECT_EQ(code_of(raw("")), "bad_request");
    expect_still_usable();
}

TEST_F(ProtocolRobustness, NonObjectsAndMissingIdsAreBadRequests) {
    client_.login("drafter", kDemoPassword);
    EXPECT_EQ(code_of(raw("[1, 2, 3]")), "bad_request");
    EXPECT_EQ(code_of(raw("42")), "bad_request");
    EXPECT_EQ(code_of(raw(R"({"op": "ping"})")), "bad_request");
    EXPECT_EQ(code_of(raw(R"({"id": {"nested": 1}, "op": "ping"})")), "bad_request");
    auto reply = raw(R"({"id": "abc", "op": 7})");
    EXPECT_EQ(code_of(reply), "bad_request");
    EXPECT_EQ(reply.at("id"), "abc");
    expect_still_usable();
}

TEST_F(ProtocolRobustness, UnknownOperationIsNamed) {
    client_.login("drafter", kDemoPassword);
    auto reply = client_.call("report.explode");
    EXPECT_EQ(code_of(reply), "bad_request");
    EXPECT_NE(std::string(reply.at("error").at("message").as_string()).find("report.explode"),
              std::string::npos);
    expect_still_usable();
}

TEST_F(ProtocolRobustness, WrongTypesAndMissingFieldsNameTheField) {
    client_.login("drafter", kDemoPassword);
    auto reply = client_.call(
        "report.create",
        {{"org", "shuita"}, {"kind", "notice"}, {"title", 42}, {"content", {{"body", "x"}}}});
    EXPECT_EQ(code_of(reply), "bad_request");
    EXPECT_EQ(reply.at("error").at("field"), "title");
    reply = client_.call("report.create", {{"org", "shuita"}, {"kind", "notice"}, {"title", "t"}});
    EXPECT_EQ(reply.at("error").at("field"), "content");
    EXPECT_EQ(client_.error("report.get", {{"report_id", "1"}}), "bad_request");
    EXPECT_EQ(client_.error("report.get", {{"report_id", 1.5}}), "bad_request");
    EXPECT_EQ(client_.error("report.list", {{"limit", 0}}), "bad_request");
    EXPECT_EQ(client_.error("report.list", {{"awaiting_me", "yes"}}), "bad_request");
    EXPECT_EQ(client_.error("report.list", {{"cursor", "garbage"}}), "bad_request");
    EXPECT_EQ(
        client_.error(
            "report.create",
            {{"org", "shuita"}, {"kind", "notice"}, {"title", "t"}, {"content", "not an object"}}),
        "bad_request");
    EXPECT_EQ(audit_entries(), 19);  // seed (18) + login; nothing from the failures
    expect_still_usable();
}

TEST_F(ProtocolRobustness, ContentThatCannotBeStoredIsRefusedWhole) {
    client_.login("drafter", kDemoPassword);
    EXPECT_EQ(
        client_.error(
            "report.create",
            {{"org", "shuita"}, {"kind", "poem"}, {"title", "t"}, {"content", {{"body", "x"}}}}),
        "validation_failed");
    EXPECT_EQ(client_.error("report.create", {{"org", "shuita"},
                                              {"kind", "notice"},
                                              {"title", "   "},
                                              {"content", {{"body", "x"}}}}),
              "validation_failed");
    EXPECT_EQ(client_.error("report.create", {{"org", "shuita"},
                                              {"kind", "notice"},
                                              {"title", std::string(201 * 3, 'x')},
                                              {"content", {{"body", "x"}}}}),
              "too_large");
    EXPECT_EQ(
        client_.error(
            "report.create",
            {{"org", "nowhere"}, {"kind", "notice"}, {"title", "t"}, {"content", {{"body", "x"}}}}),
        "not_found");
    EXPECT_TRUE(client_.ok("report.list").at("items").as_array().empty());
    expect_still_usable();
}

TEST_F(ProtocolRobustness, EverythingButLoginNeedsASession) {
    for (auto op : {"ping", "org.list", "report.list", "report.get", "report.create",
                    "report.transition", "audit.query", "audit.verify", "auth.logout"}) {
        EXPECT_EQ(client_.error(op, {{"report_id", 1}}), "unauthenticated") << op;
    }
    client_.login("drafter", kDemoPassword);
    expect_still_usable();
}

TEST_F(ProtocolRobustness, BinaryFramesAreRefusedButTheConnectionStays) {
    client_.login("drafter", kDemoPassword);
    client_.send_binary(std::string("\x01\x02\x03", 3));
    auto reply = client_.read_frame();
    EXPECT_EQ(code_of(reply), "bad_request");
    expect_still_usable();
}

TEST_F(ProtocolRobustness, OversizedFrameIsClosedWith1009) {
    client_.login("drafter", kDemoPassword);
    // Just over the 64 KiB limit: small enough to sit in the socket buffers whole, so the
    // client's write cannot race the server's close.
    std::string big = R"({"id": 1, "op": "ping", "pad": ")" + std::string(65 * 1024, 'x') + "\"}";
    client_.send_text(big);
    EXPECT_EQ(client_.wait_close(), 1009);
    // The server is fine; a new connection works.
    WsClient again(server_.host(), server_.port());
    again.login("drafter", kDemoPassword);
    EXPECT_EQ(again.ok("ping").at("pong"), true);
}

TEST_F(ProtocolRobustness, InvalidUtf8IsClosedWith1007) {
    client_.send_text(std::string("{\"id\": 1, \"op\": \"\xC0\xAF\"}"));
    EXPECT_EQ(client_.wait_close(), 1007);
    WsClient again(server_.host(), server_.port());
    again.login("drafter", kDemoPassword);
    EXPECT_EQ(again.ok("ping").at("pong"), true);
}

TEST_F(ProtocolRobustness, DeepNestingIsRefused) {
    client_.login("drafter", kDemoPassword);
    std::string deep =
        R"({"id": 1, "op": "ping", "x": )" + std::string(200, '[') + std::string(200, ']') + "}";
    EXPECT_EQ(code_of(raw(deep)), "bad_request");
    expect_still_usable();
}

TEST_F(ProtocolRobustness, PipelinedRequestsAreAllAnswered) {
    client_.login("drafter", kDemoPassword);
    for (int i = 0; i < 100; ++i) {
        client_.send_text(R"({"id": )" + std::to_string(1000 + i) + R"(, "op": "ping"})");
    }
    std::set<std::int64_t> answered;
    for (int i = 0; i < 100; ++i) {
        auto reply = client_.read_frame();
        EXPECT_TRUE(reply.at("ok").as_bool());
        answered.insert(reply.at("id").as_int64());
    }
    EXPECT_EQ(answered.size(), 100u);
}

TEST_F(ProtocolRobustness, ForeignOriginIsRefusedAtTheHandshake) {
    EXPECT_EQ(WsClient::handshake_status(server_.host(), server_.port(), "https://evil.example"),
              403);
    auto same_host = "http://" + server_.host() + ":" + std::to_string(server_.port());
    EXPECT_EQ(WsClient::handshake_status(server_.host(), server_.port(), same_host), 101);
    EXPECT_EQ(WsClient::handshake_status(server_.host(), server_.port(), ""), 101);
}

TEST(ProtocolLimits, AllowlistedOriginsOnly) {
    SystemClock clock;
    TestServer server(clock, [](api::AppSettings& settings) {
        settings.server.public_origins = {"https://gongkai.example.gov.cn"};
    });
    EXPECT_EQ(
        WsClient::handshake_status(server.host(), server.port(), "https://gongkai.example.gov.cn"),
        101);
    auto same_host = "http://" + server.host() + ":" + std::to_string(server.port());
    EXPECT_EQ(WsClient::handshake_status(server.host(), server.port(), same_host), 403);
}

TEST(ProtocolLimits, FloodingClientIsRateLimitedButKeepsItsConnection) {
    SystemClock clock;
    TestServer server(clock, [](api::AppSettings& settings) {
        settings.server.limits.messages_per_second = 1;
        settings.server.limits.burst = 5;
    });
    WsClient client(server.host(), server.port());
    client.login("drafter", kDemoPassword);
    int limited = 0;
    for (int i = 0; i < 20; ++i) {
        client.send_text(R"({"id": )" + std::to_string(i) + R"(, "op": "ping"})");
        auto reply = client.read_frame();
        // Every answer, refusals included, names the request it answers.
        EXPECT_EQ(reply.at("id"), i);
        if (!reply.at("ok").as_bool() && reply.at("error").at("code") == "rate_limited") {
            ++limited;
        }
    }
    EXPECT_GE(limited, 14);
    // An unreadable frame spends a token too, and is refused without an id.
    client.send_text("{not json");
    auto reply = client.read_frame();
    EXPECT_TRUE(reply.at("id").is_null());
    EXPECT_EQ(reply.at("error").at("code"), "rate_limited");
}

TEST(ProtocolLimits, HealthEndpointAnswers) {
    SystemClock clock;
    TestServer server(clock);
    auto [status, body] = http_get(server.host(), server.port(), "/healthz");
    EXPECT_EQ(status, 200);
    EXPECT_NE(body.find("\"database\":\"ok\""), std::string::npos);
    EXPECT_EQ(http_get(server.host(), server.port(), "/nothing-here").first, 404);
}

}  // namespace
}  // namespace gongkai::testing
