// audit.query as auditors search: by a person's name or account, by report title, with the
// report's title on each entry.
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>
#include <gongkai/workflow/directory_admin.hpp>

#include <gtest/gtest.h>

#include <set>

namespace gongkai::testing {
namespace {

class AuditSearchTest : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    // A notice by the drafter that the reviewer (李娜) passes.
    std::int64_t reviewed_notice(const std::string& title) {
        auto drafter = connect_as("drafter");
        auto reviewer = connect_as("reviewer");
        auto id = drafter
                      ->ok("report.create", {{"org", "shuita"},
                                             {"kind", "notice"},
                                             {"title", title},
                                             {"content", {{"body", "明日停水。"}}}})
                      .at("report")
                      .at("id")
                      .as_int64();
        drafter->ok("report.transition",
                    {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
        reviewer->ok("report.transition", {{"report_id", id},
                                           {"action", "pass_review"},
                                           {"revision", 1},
                                           {"checklist", kClearChecklist}});
        return id;
    }

    boost::json::array search(boost::json::object fields) {
        return connect_as("auditor")->ok("audit.query", std::move(fields)).at("entries").as_array();
    }
};

std::set<std::string> actors_of(const boost::json::array& entries) {
    std::set<std::string> actors;
    for (const auto& entry : entries)
        actors.emplace(entry.at("actor").as_string());
    return actors;
}

TEST_F(AuditSearchTest, APersonIsFoundByDisplayNameAsByUsername) {
    reviewed_notice("关于停水的通知");
    auto by_name = search({{"actor", "李娜"}});
    auto by_account = search({{"actor", "reviewer"}});
    ASSERT_FALSE(by_name.empty());
    EXPECT_EQ(actors_of(by_name), std::set<std::string>{"reviewer"});
    EXPECT_EQ(by_name, by_account);
    bool passed = false;
    for (const auto& entry : by_name)
        passed |= entry.at("action") == "report.pass_review";
    EXPECT_TRUE(passed);
    // Part of a name finds everyone whose name contains it; newest first across them.
    auto by_part = search({{"actor", "张"}});
    EXPECT_EQ(actors_of(by_part), std::set<std::string>{"drafter"});
    auto everyone = search({{"actor", "王"}, {"limit", 1000}});
    for (std::size_t i = 1; i < everyone.size(); ++i) {
        EXPECT_GT(everyone[i - 1].at("seq").as_int64(), everyone[i].at("seq").as_int64());
    }
}

TEST_F(AuditSearchTest, SeveralPeopleAreMergedNewestFirstAndPaged) {
    workflow::DirectoryAdmin admin(server_.database(), clock_, kFastHashing);
    admin.add_user("reviewer2", "李娜娜", kDemoPassword, "system");
    admin.grant_role("reviewer2", "shuita", Role::reviewer, "system");
    reviewed_notice("关于停水的通知");
    connect_as("reviewer2");
    auto all = search({{"actor", "李娜"}, {"limit", 1000}});
    EXPECT_EQ(actors_of(all), (std::set<std::string>{"reviewer", "reviewer2"}));
    EXPECT_TRUE(actors_of(all).contains("reviewer"));
    EXPECT_TRUE(actors_of(all).contains("reviewer2"));
    for (std::size_t i = 1; i < all.size(); ++i) {
        EXPECT_GT(all[i - 1].at("seq").as_int64(), all[i].at("seq").as_int64());
    }
    // Pages of two follow the same order.
    auto auditor = connect_as("auditor");
    boost::json::array paged;
    boost::json::value cursor = nullptr;
    do {
        boost::json::object fields{{"actor", "李娜"}, {"limit", 2}};
        if (!cursor.is_null()) fields["cursor"] = cursor;
        auto page = auditor->ok("audit.query", fields);
        for (auto& entry : page.at("entries").as_array())
            paged.push_back(entry);
        cursor = page.at("next_cursor");
    } while (!cursor.is_null());
    EXPECT_EQ(paged, all);
}

TEST_F(AuditSearchTest, TooManyPeopleOfOneNameIsRefused) {
    workflow::DirectoryAdmin admin(server_.database(), clock_, kFastHashing);
    for (int i = 0; i < 21; ++i) {
        admin.add_user("temp" + std::to_string(i), "临时人员" + std::to_string(i), kDemoPassword,
                       "system");
    }
    EXPECT_EQ(connect_as("auditor")->error("audit.query", {{"actor", "临时人员"}}), "bad_request");
    connect_as("temp7");
    auto one = search({{"actor", "临时人员7"}});
    ASSERT_FALSE(one.empty());
    EXPECT_EQ(actors_of(one), std::set<std::string>{"temp7"});
}

TEST_F(AuditSearchTest, TheSystemIsFoundAs系统) {
    auto entries = search({{"actor", "系统"}});
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(actors_of(entries), std::set<std::string>{"system"});
}

TEST_F(AuditSearchTest, EntriesAreFoundByReportTitleAndCarryIt) {
    auto water = reviewed_notice("关于停水的通知");
    auto power = reviewed_notice("关于停电的通知");
    auto entries = search({{"title", "停水"}});
    ASSERT_FALSE(entries.empty());
    for (const auto& entry : entries) {
        EXPECT_EQ(entry.at("report_id"), water);
        EXPECT_EQ(entry.at("report_title"), "关于停水的通知");
    }
    EXPECT_EQ(search({{"title", "的通知"}, {"limit", 1000}}).size(),
              entries.size() + search({{"report_id", power}}).size());
    // Wildcards are taken literally.
    EXPECT_TRUE(search({{"title", "%"}}).empty());
    EXPECT_TRUE(search({{"title", "关于_水"}}).empty());
    // Title and person together.
    auto reviewed = search({{"title", "停电"}, {"actor", "李娜"}});
    ASSERT_FALSE(reviewed.empty());
    for (const auto& entry : reviewed) {
        EXPECT_EQ(entry.at("report_id"), power);
        EXPECT_EQ(entry.at("actor"), "reviewer");
    }
    // Entries about no report have no title.
    for (const auto& entry : search({{"action", "auth.login"}})) {
        EXPECT_TRUE(entry.at("report_title").is_null());
    }
}

// A title shared by many reports is searched by walking the log instead of by their ids:
// both ways find the same entries.
TEST_F(AuditSearchTest, ATitleOfManyReportsFindsThemAll) {
    auto drafter = connect_as("drafter");
    for (int i = 0; i < 210; ++i) {
        drafter->ok("report.create", {{"org", "shuita"},
                                      {"kind", "notice"},
                                      {"title", "批量通知" + std::to_string(i)},
                                      {"content", {{"body", "正文"}}}});
    }
    auto many = search({{"title", "批量通知"}, {"limit", 1000}});
    EXPECT_EQ(many.size(), 210u);
    auto few = search({{"title", "批量通知7"}, {"limit", 1000}});
    EXPECT_EQ(few.size(), 11u);  // 7, 70-79
    for (const auto& entry : few) {
        EXPECT_TRUE(
            std::string_view(entry.at("report_title").as_string()).starts_with("批量通知7"));
    }
    auto page = search({{"title", "批量通知"}, {"limit", 5}});
    ASSERT_EQ(page.size(), 5u);
    EXPECT_EQ(page[0], many[0]);
}

}  // namespace
}  // namespace gongkai::testing
