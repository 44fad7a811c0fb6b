// Discussion threads over the WebSocket API.
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>
#include <gongkai/workflow/comment_service.hpp>

#include <gtest/gtest.h>

#include <set>

namespace gongkai::testing {
namespace {

class Comments : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    std::int64_t submitted_report(WsClient& drafter) {
        auto id = drafter.ok("report.create", {{"org", "shuita"},
                                               {"kind", "notice"},
                                               {"title", "关于停水的通知"},
                                               {"content", {{"body", "正文"}}}})
                      .at("report")
                      .at("id")
                      .as_int64();
        drafter.ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
        return id;
    }

    std::multiset<std::string> outbox(const std::string& kind) {
        std::multiset<std::string> recipients;
        server_.database().read([&](storage::Stores& stores) {
            for (const auto& n : stores.notifications.undelivered(0, 1000, std::nullopt)) {
                if (n.kind == kind) {
                    recipients.insert(stores.directory.find_user(n.recipient_id)->username);
                }
            }
        });
        return recipients;
    }
};

TEST_F(Comments, ThreadsWithRepliesAnchorsAndResolve) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = submitted_report(*drafter);
    auto first = reviewer->ok("comment.add", {{"report_id", id},
                                              {"revision", 1},
                                              {"body", "第二段有手机号，请删除。"},
                                              {"anchor", "body"}})
                     .at("comment")
                     .as_object();
    EXPECT_EQ(first.at("author"), "reviewer");
    EXPECT_EQ(first.at("author_name"), "李娜");
    EXPECT_EQ(first.at("anchor"), "body");
    EXPECT_EQ(first.at("resolved"), false);
    drafter->ok("comment.add", {{"report_id", id},
                                {"revision", 1},
                                {"body", "已删除，谢谢。"},
                                {"reply_to", first.at("id")}});
    reviewer->ok("comment.add", {{"report_id", id}, {"revision", 1}, {"body", "另起一个话题"}});
    auto threads = drafter->ok("comment.list", {{"report_id", id}}).at("threads").as_array();
    ASSERT_EQ(threads.size(), 2u);
    ASSERT_EQ(threads[0].at("replies").as_array().size(), 1u);
    EXPECT_EQ(threads[0].at("replies").at(0).at("body"), "已删除，谢谢。");
    EXPECT_EQ(threads[0].at("replies").at(0).at("thread_id"), first.at("id"));

    // The drafter did not start the thread and is neither reviewer nor leader.
    EXPECT_EQ(drafter->error("comment.resolve", {{"comment_id", first.at("id")}}), "forbidden");
    auto resolved = reviewer->ok("comment.resolve", {{"comment_id", first.at("id")}});
    EXPECT_EQ(resolved.at("comment").at("resolved"), true);
    EXPECT_EQ(resolved.at("comment").at("resolved_by"), "reviewer");
    EXPECT_EQ(resolved.at("comment").at("resolved_by_name"), "李娜");
    threads = drafter->ok("comment.list", {{"report_id", id}}).at("threads").as_array();
    EXPECT_EQ(threads[0].at("replies").at(0).at("resolved"), true);
}

// The next comment.updated event pushed to `client` (read_frame fails the test on timeout).
boost::json::object next_comment_event(WsClient& client) {
    for (;;) {
        auto frame = client.read_frame();
        if (frame.contains("event") && frame.at("event") == "comment.updated") {
            return frame.at("data").as_object();
        }
    }
}

// Everyone with the report open sees the discussion change, not only the people notified.
TEST_F(Comments, AddedCommentsAndResolvesArePushedToEveryoneWhoMaySeeTheReport) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = submitted_report(*drafter);
    auto auditor = connect_as("auditor");        // sees the district's reports, no part in it
    auto other_org = connect_as("lt.reviewer");  // cannot see a street report
    auto comment =
        reviewer->ok("comment.add", {{"report_id", id}, {"revision", 1}, {"body", "请核对"}})
            .at("comment")
            .as_object();
    auto added = next_comment_event(*auditor);
    EXPECT_EQ(added.at("report_id"), id);
    EXPECT_EQ(added.at("comment_id"), comment.at("id"));
    EXPECT_EQ(added.at("thread_id"), comment.at("id"));
    EXPECT_EQ(added.at("change"), "added");
    EXPECT_FALSE(added.contains("body"));  // the text comes with comment.list, access checked

    reviewer->ok("comment.resolve", {{"comment_id", comment.at("id")}});
    auto resolved = next_comment_event(*auditor);
    EXPECT_EQ(resolved.at("thread_id"), comment.at("id"));
    EXPECT_EQ(resolved.at("change"), "resolved");
    EXPECT_EQ(next_comment_event(*drafter).at("change"), "added");
    EXPECT_EQ(next_comment_event(*drafter).at("change"), "resolved");

    // Resolving again changes nothing and pushes nothing; the other org heard nothing.
    reviewer->ok("comment.resolve", {{"comment_id", comment.at("id")}});
    other_org->ok("ping");
    auditor->ok("ping");
    for (auto* client : {other_org.get(), auditor.get()}) {
        for (const auto& event : client->events()) {
            EXPECT_NE(event.at("event"), "comment.updated") << boost::json::serialize(event);
        }
    }
}

TEST_F(Comments, BodiesArePlainTextStoredAsWritten) {
    auto drafter = connect_as("drafter");
    auto id = submitted_report(*drafter);
    std::string body = "<script>alert('x')</script> & \"引号\"";
    auto comment = drafter->ok("comment.add", {{"report_id", id}, {"revision", 1}, {"body", body}});
    EXPECT_EQ(comment.at("comment").at("body"), boost::json::value(body));
}

TEST_F(Comments, BadCommentsAreRefused) {
    auto drafter = connect_as("drafter");
    auto id = submitted_report(*drafter);
    EXPECT_EQ(drafter->error("comment.add", {{"report_id", id}, {"revision", 1}, {"body", "  "}}),
              "validation_failed");
    EXPECT_EQ(drafter->error("comment.add",
                             {{"report_id", id}, {"revision", 1}, {"body", std::string(2001, 'x')}}),
              "too_large");
    EXPECT_EQ(drafter->error("comment.add", {{"report_id", id}, {"revision", 9}, {"body", "x"}}),
              "not_found");
    EXPECT_EQ(drafter->error("comment.add",
                             {{"report_id", id}, {"revision", 1}, {"body", "x"}, {"anchor", "<b>"}}),
              "bad_request");
    EXPECT_EQ(drafter->error("comment.add",
                             {{"report_id", id}, {"revision", 1}, {"body", "x"}, {"reply_to", 999}}),
              "not_found");
    EXPECT_EQ(connect_as("lt.reviewer")
                  ->error("comment.add", {{"report_id", id}, {"revision", 1}, {"body", "x"}}),
              "not_found");
    EXPECT_TRUE(drafter->ok("comment.list", {{"report_id", id}}).at("threads").as_array().empty());
}

TEST_F(Comments, ParticipantsAndMentionedUsersAreTold) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = submitted_report(*drafter);
    reviewer->ok("comment.add", {{"report_id", id},
                                 {"revision", 1},
                                 {"body", "请 @leader 看一下第三段；@lt.reviewer 也看看。"}});
    // The drafter took part (wrote it, submitted it); the leader is mentioned; the
    // community reviewer cannot see a street report and is not told.
    EXPECT_EQ(outbox("comment"), (std::multiset<std::string>{"drafter"}));
    EXPECT_EQ(outbox("mention"), (std::multiset<std::string>{"leader"}));
    std::int64_t audited = 0;
    server_.database().read([&](storage::Stores& stores) {
        storage::AuditFilter filter;
        filter.action = "comment.add";
        audited = static_cast<std::int64_t>(stores.audit.query(filter).size());
    });
    EXPECT_EQ(audited, 1);
}

TEST_F(Comments, PeopleAreMentionedByTheirChineseNamesToo) {
    auto drafter = connect_as("drafter");
    auto id = submitted_report(*drafter);
    // 李娜 is the reviewer, 王强 the leader; the names run straight into the sentence.
    drafter->ok("comment.add", {{"report_id", id},
                                {"revision", 1},
                                {"body", "@李娜请审核第三部分，@王强 请阅。@陈静看看"}});
    // 陈静 (lt.reviewer) cannot see a street report and is not told.
    EXPECT_EQ(outbox("mention"), (std::multiset<std::string>{"reviewer", "leader"}));
    // Clients are told which text names whom, to emphasise exactly that.
    auto threads = drafter->ok("comment.list", {{"report_id", id}}).at("threads").as_array();
    ASSERT_EQ(threads.size(), 1u);
    EXPECT_EQ(threads.at(0).at("mentions"), (boost::json::array{"@李娜", "@王强"}));
}

TEST(CommentMentions, NameMentionsAreTheTextAfterEachNonAsciiAt) {
    EXPECT_EQ(workflow::CommentService::name_mentions("@李娜请审核 @leader @王强。"),
              (std::vector<std::string>{"李娜请审核", "王强。"}));
    EXPECT_EQ(workflow::CommentService::name_mentions("@一二三四五六七八九十十一"),
              (std::vector<std::string>{"一二三四五六七八九十"}));
    EXPECT_TRUE(workflow::CommentService::name_mentions("mail@example.org @").empty());
}

}  // namespace
}  // namespace gongkai::testing
