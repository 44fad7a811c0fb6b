// The workbench's lists over the real server: 已办 (reports the caller took a workflow
// decision on) and 我发起的 (reports the caller created), each report once; and what its
// report forms offer (report.options).
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace gongkai::testing {
namespace {

class ReportLists : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    static std::int64_t create_notice(WsClient& drafter, const std::string& title) {
        return drafter
            .ok("report.create", {{"org", "shuita"},
                                  {"kind", "notice"},
                                  {"title", title},
                                  {"content", {{"body", "正文。"}}}})
            .at("report")
            .at("id")
            .as_int64();
    }

    static void act(WsClient& client, std::int64_t id, const std::string& action,
                    boost::json::object extra = {}) {
        extra["report_id"] = id;
        extra["action"] = action;
        extra["revision"] = 1;
        client.ok("report.transition", std::move(extra));
    }

    static std::vector<std::int64_t> ids(WsClient& client, boost::json::object query) {
        std::vector<std::int64_t> result;
        const auto page = client.ok("report.list", std::move(query));
        for (const auto& item : page.at("items").as_array()) {
            result.push_back(item.at("id").as_int64());
        }
        return result;
    }
};

TEST_F(ReportLists, HandledByMeListsEachReportTheCallerDecidedOnOnce) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto returned_then_passed = create_notice(*drafter, "退回后通过的通知");
    auto waiting = create_notice(*drafter, "待审的通知");
    auto untouched = create_notice(*drafter, "未提交的通知");

    act(*drafter, returned_then_passed, "submit");
    act(*reviewer, returned_then_passed, "return", {{"comment", "请补充"}});
    act(*drafter, returned_then_passed, "submit");
    act(*reviewer, returned_then_passed, "pass_review", {{"checklist", kClearChecklist}});
    act(*drafter, waiting, "submit");

    EXPECT_EQ(ids(*reviewer, {{"handled_by_me", true}}),
              (std::vector<std::int64_t>{returned_then_passed}));
    EXPECT_EQ(ids(*drafter, {{"handled_by_me", true}}),
              (std::vector<std::int64_t>{waiting, returned_then_passed}));
    // The reviewer sees all three; only the one decided on is 已办.
    EXPECT_EQ(ids(*reviewer, {}).size(), 3u);
    (void)untouched;
    // Combined with the other filters: a state, and a page at a time.
    EXPECT_TRUE(ids(*reviewer, {{"handled_by_me", true}, {"state", "draft"}}).empty());
    auto page = drafter->ok("report.list", {{"handled_by_me", true}, {"limit", 1}});
    ASSERT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("items").at(0).at("id"), waiting);
    auto next = ids(*drafter, {{"handled_by_me", true}, {"cursor", page.at("next_cursor")}});
    EXPECT_EQ(next, (std::vector<std::int64_t>{returned_then_passed}));
}

// The notice form offers the categories the installation configured, in their order.
TEST(ReportOptions, OfferTheConfiguredNoticeCategories) {
    SystemClock clock;
    TestServer server(clock, [](api::AppSettings& settings) {
        settings.report_limits.notice_categories = {"公示", "通告"};
        settings.report_limits.max_title_chars = 80;
    });
    WsClient drafter(server.host(), server.port());
    drafter.login("drafter", kDemoPassword);
    auto options = drafter.ok("report.options", {});
    EXPECT_EQ(options.at("notice_categories"), (boost::json::array{"公示", "通告"}));
    EXPECT_EQ(options.at("max_title_chars"), 80);
    EXPECT_EQ(WsClient(server.host(), server.port()).error("report.options", {}),
              "unauthenticated");
}

TEST_F(ReportLists, CreatedByMeListsOnlyTheCallersOwnReports) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto first = create_notice(*drafter, "第一份通知");
    auto second = create_notice(*drafter, "第二份通知");
    act(*drafter, second, "submit");

    EXPECT_EQ(ids(*drafter, {{"created_by_me", true}}), (std::vector<std::int64_t>{second, first}));
    EXPECT_EQ(ids(*drafter, {{"created_by_me", true}, {"state", "draft"}}),
              (std::vector<std::int64_t>{first}));
    EXPECT_TRUE(ids(*reviewer, {{"created_by_me", true}}).empty());
    EXPECT_EQ(ids(*reviewer, {}).size(), 2u);
    EXPECT_EQ(drafter->error("report.list", {{"created_by_me", "yes"}}), "bad_request");
}

}  // namespace
}  // namespace gongkai::testing
