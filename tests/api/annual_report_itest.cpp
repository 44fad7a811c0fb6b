// The annual report in the server: import → edit → validate → submit refused while R1 is
// broken → fix → review → approve → publish → the public page shows the published revision.
#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <set>

namespace gongkai::testing {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

class AnnualReportInServer : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    // The sample report, imported as a draft of shuita.
    boost::json::object import_sample(WsClient& drafter) {
        return drafter.ok("report.import", {{"org", "shuita"}, {"text", sample_report_text()}});
    }

    std::string public_page(std::int64_t id) {
        auto [status, body] =
            http_get(server_.host(), server_.port(), "/public/reports/" + std::to_string(id));
        return status == 200 ? body : "HTTP " + std::to_string(status);
    }
};

TEST_F(AnnualReportInServer, ImportValidateRefuseFixAndPublish) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto leader = connect_as("leader");

    auto imported = import_sample(*drafter);
    const auto& report = imported.at("report").as_object();
    const auto id = report.at("id").as_int64();
    EXPECT_EQ(report.at("kind"), "annual_report");
    EXPECT_EQ(report.at("state"), "draft");
    EXPECT_EQ(report.at("title"), "尧都区水塔街办事处2020年政府信息公开工作年度报告");
    EXPECT_FALSE(imported.at("assumptions").as_array().empty());
    auto content = report.at("content").as_object();
    EXPECT_EQ(content.at("proactive").at("procurement"),
              (boost::json::value{{"projects", 15}, {"amount", "14.73"}}));

    // The imported sample is valid; R6 has no previous year to compare with: a warning.
    auto check = drafter->ok("report.validate", {{"report_id", id}});
    EXPECT_TRUE(check.at("ok").as_bool()) << boost::json::serialize(check);
    EXPECT_TRUE(check.at("errors").as_array().empty());

    // Break R1 in one column (R2 kept: the total moves with it).
    auto broken = content;
    auto& received = broken.at("applications").at("new_received").as_object();
    received["natural_person"] = received.at("natural_person").as_int64() + 1;
    received["total"] = received.at("total").as_int64() + 1;
    drafter->ok("report.update", {{"report_id", id}, {"base_revision", 1}, {"content", broken}});
    auto refused = drafter->call("report.transition",
                                 {{"report_id", id}, {"action", "submit"}, {"revision", 2}});
    ASSERT_FALSE(refused.at("ok").as_bool());
    const auto& error = refused.at("error").as_object();
    EXPECT_EQ(error.at("code"), "validation_failed");
    std::set<std::string> broken_rules, broken_paths;
    for (const auto& problem : error.at("errors").as_array()) {
        broken_rules.insert(std::string(problem.at("rule").as_string()));
        broken_paths.insert(std::string(problem.at("path").as_string()));
    }
    EXPECT_EQ(broken_rules, (std::set<std::string>{"R1"}));
    EXPECT_TRUE(broken_paths.contains("applications.results_total.natural_person") ||
                broken_paths.contains("applications.new_received.natural_person"))
        << boost::json::serialize(error);
    EXPECT_EQ(drafter->ok("report.validate", {{"report_id", id}}).at("ok"), false);
    // The draft, rendered, says it is a draft.
    auto preview = drafter->ok("report.render", {{"report_id", id}, {"format", "html"}});
    EXPECT_TRUE(contains(std::string(preview.at("content").as_string()), "草稿"));

    // Fixed: revision 3 is the sample again, and goes all the way.
    drafter->ok("report.update", {{"report_id", id}, {"base_revision", 2}, {"content", content}});
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 3}});
    EXPECT_EQ(public_page(id), "HTTP 404");  // not published yet: not disclosed
    reviewer->ok("report.transition", {{"report_id", id},
                                       {"action", "pass_review"},
                                       {"revision", 3},
                                       {"checklist", kClearChecklist}});
    leader->ok("report.transition", {{"report_id", id}, {"action", "approve"}, {"revision", 3}});
    leader->ok("report.transition", {{"report_id", id}, {"action", "publish"}, {"revision", 3}});

    auto page = public_page(id);
    EXPECT_TRUE(contains(page, "<!DOCTYPE html>")) << page.substr(0, 200);
    EXPECT_TRUE(contains(page, "2020年政府信息公开工作年度报告"));
    EXPECT_TRUE(contains(page, "14.73"));
    EXPECT_FALSE(contains(page, "草稿"));
    auto [status, list] = http_get(server_.host(), server_.port(), "/public/orgs/shuita/reports");
    EXPECT_EQ(status, 200);
    EXPECT_TRUE(contains(list, "/public/reports/" + std::to_string(id)));

    auto text = drafter->ok("report.render", {{"report_id", id}, {"format", "text"}});
    EXPECT_TRUE(contains(std::string(text.at("content").as_string()), "14.73"));
}

TEST_F(AnnualReportInServer, RetractedReportPageSaysWhenAndWhyNotWhat) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto leader = connect_as("leader");
    const auto id = import_sample(*drafter).at("report").at("id").as_int64();
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    reviewer->ok("report.transition", {{"report_id", id},
                                       {"action", "pass_review"},
                                       {"revision", 1},
                                       {"checklist", kClearChecklist}});
    leader->ok("report.transition", {{"report_id", id}, {"action", "approve"}, {"revision", 1}});
    leader->ok("report.transition", {{"report_id", id}, {"action", "publish"}, {"revision", 1}});
    const auto published = public_page(id);
    ASSERT_TRUE(contains(published, "14.73"));
    // The second reading comes from the server's page cache; the retraction must end it.
    EXPECT_EQ(public_page(id), published);
    const std::string list_path = "/public/orgs/shuita/reports";
    EXPECT_FALSE(contains(http_get(server_.host(), server_.port(), list_path).second, "已撤回"));
    leader->ok("report.transition", {{"report_id", id},
                                     {"action", "retract"},
                                     {"revision", 1},
                                     {"comment", "数据有误，更正后重新发布"}});
    auto page = public_page(id);
    EXPECT_TRUE(contains(page, "撤回")) << page.substr(0, 400);
    EXPECT_TRUE(contains(page, "数据有误，更正后重新发布"));
    EXPECT_FALSE(contains(page, "14.73"));
    EXPECT_TRUE(contains(http_get(server_.host(), server_.port(), list_path).second, "（已撤回）"));
}

TEST_F(AnnualReportInServer, CarryOverIsCheckedAgainstLastYearsPublishedReport) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto leader = connect_as("leader");
    // 2021 with 2 applications carried over, while nothing was carried forward in 2020...
    auto content = valid_annual_report(2021);
    auto create = [&] {
        return drafter->ok("report.create", {{"org", "shuita"},
                                             {"kind", "annual_report"},
                                             {"title", "2021年年报"},
                                             {"content", content}})
            .at("report")
            .at("id")
            .as_int64();
    };
    // ...is only a warning while 2020 is not published,
    auto before = create();
    auto check = drafter->ok("report.validate", {{"report_id", before}});
    EXPECT_TRUE(check.at("ok").as_bool());
    ASSERT_EQ(check.at("warnings").as_array().size(), 1u);
    EXPECT_EQ(check.at("warnings").at(0).at("rule"), "R6");

    // ...and an error once it is.
    const auto sample = import_sample(*drafter).at("report").at("id").as_int64();
    drafter->ok("report.transition", {{"report_id", sample}, {"action", "submit"}, {"revision", 1}});
    reviewer->ok("report.transition", {{"report_id", sample},
                                       {"action", "pass_review"},
                                       {"revision", 1},
                                       {"checklist", kClearChecklist}});
    leader->ok("report.transition", {{"report_id", sample}, {"action", "approve"}, {"revision", 1}});
    leader->ok("report.transition", {{"report_id", sample}, {"action", "publish"}, {"revision", 1}});
    const auto after = before;  // one report per year: the same draft, checked again
    check = drafter->ok("report.validate", {{"report_id", after}});
    EXPECT_FALSE(check.at("ok").as_bool());
    ASSERT_FALSE(check.at("errors").as_array().empty());
    EXPECT_EQ(check.at("errors").at(0).at("rule"), "R6");
    EXPECT_EQ(drafter->error("report.transition",
                             {{"report_id", after}, {"action", "submit"}, {"revision", 1}}),
              "validation_failed");
}

TEST_F(AnnualReportInServer, BadRequestsGetClearErrors) {
    auto drafter = connect_as("drafter");
    EXPECT_EQ(drafter->error("report.import", {{"org", "shuita"}, {"text", "这不是一份年度报告"}}),
              "validation_failed");
    EXPECT_EQ(drafter->error("report.import", {{"org", "shuita"}, {"text", ""}}),
              "validation_failed");
    auto notice = drafter->ok("report.create", {{"org", "shuita"},
                                                {"kind", "notice"},
                                                {"title", "通知"},
                                                {"content", {{"body", "正文"}}}})
                      .at("report")
                      .at("id")
                      .as_int64();
    EXPECT_EQ(drafter->error("report.render", {{"report_id", notice}, {"format", "html"}}),
              "bad_request");
    EXPECT_EQ(drafter->error("report.render", {{"report_id", notice}, {"format", "pdf"}}),
              "bad_request");
    // Content that cannot even be a draft of an annual report.
    EXPECT_EQ(drafter->error("report.create", {{"org", "shuita"},
                                               {"kind", "annual_report"},
                                               {"title", "年报"},
                                               {"content", {{"no_such_key", 1}}}}),
              "validation_failed");
    EXPECT_EQ(http_get(server_.host(), server_.port(), "/public/reports/abc").first, 404);
    EXPECT_EQ(http_get(server_.host(), server_.port(), "/public/reports/" + std::to_string(notice))
                  .first,
              404);
    EXPECT_EQ(http_get(server_.host(), server_.port(), "/public/orgs/nowhere/reports").first, 404);
}

// The browser's live validation: content being typed is checked as a revision of the
// report would be, and nothing is stored.
TEST_F(AnnualReportInServer, UnsavedContentIsValidatedWithoutBeingStored) {
    auto drafter = connect_as("drafter");
    auto content = valid_annual_report(2021);
    const auto id = drafter
                        ->ok("report.create", {{"org", "shuita"},
                                               {"kind", "annual_report"},
                                               {"title", "2021年年报"},
                                               {"content", content}})
                        .at("report")
                        .at("id")
                        .as_int64();
    auto before = drafter->ok("report.get", {{"report_id", id}}).at("report").as_object();

    // One more new application in the total column only: the row no longer adds up (R2)
    // and neither does the total column (R1).
    auto typed = content;
    auto& received = typed.at("applications").at("new_received").as_object();
    received["total"] = received.at("total").as_int64() + 1;
    auto check = drafter->ok("report.validate", {{"report_id", id}, {"content", typed}});
    EXPECT_FALSE(check.at("ok").as_bool());
    std::set<std::pair<std::string, std::string>> problems;
    for (const auto& problem : check.at("errors").as_array()) {
        problems.emplace(problem.at("rule").as_string(), problem.at("path").as_string());
    }
    EXPECT_EQ(problems, (std::set<std::pair<std::string, std::string>>{
                            {"R2", "applications.new_received.total"},
                            {"R1", "applications.results_total.total"}}))
        << boost::json::serialize(check);
    // R6 is looked up as for a stored revision: nothing published for 2020, a warning.
    ASSERT_EQ(check.at("warnings").as_array().size(), 1u);
    EXPECT_EQ(check.at("warnings").at(0).at("rule"), "R6");

    // Nothing was stored: same revision, same content, and it still validates.
    auto after = drafter->ok("report.get", {{"report_id", id}}).at("report").as_object();
    EXPECT_EQ(after.at("current_revision"), before.at("current_revision"));
    EXPECT_EQ(after.at("revision"), 1);
    EXPECT_EQ(after.at("content_sha256"), before.at("content_sha256"));
    EXPECT_TRUE(drafter->ok("report.validate", {{"report_id", id}}).at("ok").as_bool());
    EXPECT_TRUE(drafter->ok("report.validate", {{"report_id", id}, {"content", content}})
                    .at("ok")
                    .as_bool());

    // Content that is not even the report's shape is reported, not refused.
    auto shapeless =
        drafter->ok("report.validate", {{"report_id", id}, {"content", {{"no_such_key", 1}}}});
    EXPECT_FALSE(shapeless.at("ok").as_bool());

    EXPECT_EQ(
        drafter->error("report.validate", {{"report_id", id}, {"revision", 1}, {"content", typed}}),
        "bad_request");
    EXPECT_EQ(drafter->error("report.validate", {{"report_id", id}, {"content", "text"}}),
              "bad_request");
    // Same rights as validating a stored revision: another organisation's drafter does not
    // learn that the report exists.
    EXPECT_EQ(
        connect_as("lt.drafter")->error("report.validate", {{"report_id", id}, {"content", typed}}),
        "not_found");
}

TEST_F(AnnualReportInServer, TemplatesDescribeTheGridsToAnyUser) {
    auto someone = connect_as("lt.drafter");
    auto templates = someone->ok("annual.templates").at("templates").as_array();
    ASSERT_EQ(templates.size(), 2u);
    EXPECT_EQ(templates[0].at("id"), "gov-annual-2019");
    EXPECT_EQ(templates[1].at("id"), "gov-annual-2021");
    EXPECT_TRUE(templates[1].at("last_year").is_null());
    const auto& sections = templates[1].at("sections").as_array();
    ASSERT_EQ(sections.size(), 6u);
    const auto& applications = sections[2];
    EXPECT_EQ(applications.at("key"), "applications");
    EXPECT_EQ(applications.at("layout"), "matrix");
    EXPECT_EQ(applications.at("blocks").at(0).at("columns").at(1).at("group"), "法人或其他组织");
    EXPECT_TRUE(applications.at("blocks").at(0).at("rows").at(2).at("key").is_null());
    EXPECT_EQ(templates[1].at("rules").at(0).at("id"), "R1");

    WsClient anonymous(server_.host(), server_.port());
    EXPECT_EQ(anonymous.error("annual.templates"), "unauthenticated");
}

}  // namespace
}  // namespace gongkai::testing
