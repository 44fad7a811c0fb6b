// The whole review path over a real WebSocket against the real server in this process.
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace gongkai::testing {
namespace {

class ReportFlowTest : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }
};

TEST_F(ReportFlowTest, ReportGoesFromDraftToPublished) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto leader = connect_as("leader");

    auto created = drafter->ok("report.create", {{"org", "shuita"},
                                                {"kind", "notice"},
                                                {"title", "关于停水的通知"},
                                                {"content", {{"body", "明日停水。"}}}});
    auto report = created.at("report").as_object();
    auto id = report.at("id").as_int64();
    EXPECT_EQ(report.at("state"), "draft");
    EXPECT_EQ(report.at("revision"), 1);
    EXPECT_EQ(report.at("created_by"), "drafter");
    EXPECT_EQ(report.at("content").at("body"), "明日停水。");

    auto updated = drafter->ok("report.update", {{"report_id", id},
                                                {"base_revision", 1},
                                                {"content", {{"body", "明日 8 时至 12 时停水。"}}}});
    EXPECT_EQ(updated.at("report").at("revision"), 2);

    auto submitted = drafter->ok("report.transition",
                                {{"report_id", id}, {"action", "submit"}, {"revision", 2}});
    EXPECT_EQ(submitted.at("report").at("state"), "secrecy_review");
    EXPECT_GT(submitted.at("audit_seq").as_int64(), 0);

    reviewer->ok("report.transition", {{"report_id", id},
                                      {"action", "pass_review"},
                                      {"revision", 2},
                                      {"checklist", kClearChecklist}});
    leader->ok("report.transition", {{"report_id", id}, {"action", "approve"}, {"revision", 2}});
    auto published =
        leader->ok("report.transition", {{"report_id", id}, {"action", "publish"}, {"revision", 2}});
    EXPECT_EQ(published.at("report").at("state"), "published");

    auto history = drafter->ok("report.history", {{"report_id", id}});
    std::vector<std::string> kinds;
    for (const auto& entry : history.at("entries").as_array()) {
        const auto& object = entry.as_object();
        kinds.push_back(std::string(object.at("type").as_string()) + ":" +
                        std::string(object.contains("action") ? object.at("action").as_string()
                                                              : "r"));
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"revision:r", "revision:r", "decision:submit",
                                               "decision:pass_review", "decision:approve",
                                               "decision:publish"}));
}

// People are shown by the name they sign with, next to the account the record keeps.
TEST_F(ReportFlowTest, RecordsCarryTheNamesOfThePeopleWhoActed) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = drafter
                  ->ok("report.create", {{"org", "shuita"},
                                         {"kind", "notice"},
                                         {"title", "关于停水的通知"},
                                         {"content", {{"body", "明日停水。"}}}})
                  .at("report")
                  .at("id")
                  .as_int64();
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    reviewer->ok("report.transition", {{"report_id", id},
                                       {"action", "pass_review"},
                                       {"revision", 1},
                                       {"checklist", kClearChecklist}});

    auto report = reviewer->ok("report.get", {{"report_id", id}}).at("report").as_object();
    EXPECT_EQ(report.at("created_by"), "drafter");
    EXPECT_EQ(report.at("created_by_name"), "张伟");
    EXPECT_EQ(report.at("revision_author_name"), "张伟");
    auto listed = reviewer->ok("report.list").at("items").as_array();
    ASSERT_FALSE(listed.empty());
    EXPECT_EQ(listed.at(0).at("created_by_name"), "张伟");

    std::map<std::string, std::string> names;  // type:action → name
    auto history = reviewer->ok("report.history", {{"report_id", id}});
    for (const auto& entry : history.at("entries").as_array()) {
        const auto& object = entry.as_object();
        auto key = std::string(object.at("type").as_string());
        if (object.contains("action")) key += ":" + std::string(object.at("action").as_string());
        names[key] = object.contains("author_name") ? object.at("author_name").as_string().c_str()
                                                    : object.at("actor_name").as_string().c_str();
    }
    EXPECT_EQ(names["revision"], "张伟");
    EXPECT_EQ(names["decision:submit"], "张伟");
    EXPECT_EQ(names["decision:pass_review"], "李娜");

    auto entries =
        connect_as("auditor")->ok("audit.query", {{"report_id", id}}).at("entries").as_array();
    ASSERT_EQ(entries.size(), 3u);
    std::set<std::pair<std::string, std::string>> actors;
    for (const auto& entry : entries) {
        actors.emplace(entry.at("actor").as_string(), entry.at("actor_name").as_string());
    }
    EXPECT_EQ(actors, (std::set<std::pair<std::string, std::string>>{{"drafter", "张伟"},
                                                                     {"reviewer", "李娜"}}));
}

TEST_F(ReportFlowTest, TwoClientsRacingTheSameTransitionOneWins) {
    auto drafter = connect_as("drafter");
    auto first = connect_as("reviewer");
    auto second = connect_as("reviewer");
    for (int round = 0; round < 5; ++round) {
        auto id = drafter->ok("report.create", {{"org", "shuita"},
                                                {"kind", "notice"},
                                                {"title", "并发测试"},
                                                {"content", {{"body", "正文"}}}})
                      .at("report")
                      .at("id")
                      .as_int64();
        drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
        boost::json::object request{{"id", 1},
                                    {"op", "report.transition"},
                                    {"report_id", id},
                                    {"action", "pass_review"},
                                    {"revision", 1},
                                    {"checklist", kClearChecklist}};
        // Both requests are on the wire before either reply is read.
        first->send_text(boost::json::serialize(request));
        second->send_text(boost::json::serialize(request));
        auto a = first->read_reply();
        auto b = second->read_reply();
        std::multiset<std::string> outcomes;
        for (const auto& reply : {a, b}) {
            outcomes.insert(reply.at("ok").as_bool()
                                ? "ok"
                                : std::string(reply.at("error").at("code").as_string()));
        }
        EXPECT_EQ(outcomes, (std::multiset<std::string>{"conflict", "ok"}));
        std::int64_t entries = 0;
        server_.database().read([&](storage::Stores& stores) {
            storage::AuditFilter filter;
            filter.report_id = id;
            filter.action = "report.pass_review";
            entries = static_cast<std::int64_t>(stores.audit.query(filter).size());
        });
        EXPECT_EQ(entries, 1);
    }
}

}  // namespace
}  // namespace gongkai::testing
