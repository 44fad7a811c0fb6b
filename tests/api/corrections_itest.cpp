// One annual report per organisation, year and template: a second import or creation is
// refused (duplicate) while one is in progress or published; 作废 takes a draft out of the
// lists; 更正 replaces a published report through the same review, and the public pages of
// both say so.
#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace gongkai::testing {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

class AnnualReportOnce : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    boost::json::object import_request(const std::string& org, std::optional<int> year = {}) {
        boost::json::object fields{{"org", org}, {"text", sample_report_text()}};
        if (year) fields["year"] = *year;
        return fields;
    }

    std::int64_t import_sample(WsClient& drafter, const std::string& org = "shuita",
                               std::optional<int> year = {}) {
        return drafter.ok("report.import", import_request(org, year))
            .at("report")
            .at("id")
            .as_int64();
    }

    boost::json::object report(WsClient& client, std::int64_t id) {
        return client.ok("report.get", {{"report_id", id}}).at("report").as_object();
    }

    // Takes a report from draft to published (the demo people of shuita).
    void publish(std::int64_t id) {
        auto drafter = connect_as("drafter");
        auto reviewer = connect_as("reviewer");
        auto leader = connect_as("leader");
        auto revision = report(*drafter, id).at("revision").as_int64();
        drafter->ok("report.transition",
                    {{"report_id", id}, {"action", "submit"}, {"revision", revision}});
        reviewer->ok("report.transition", {{"report_id", id},
                                           {"action", "pass_review"},
                                           {"revision", revision},
                                           {"checklist", kClearChecklist}});
        leader->ok("report.transition",
                   {{"report_id", id}, {"action", "approve"}, {"revision", revision}});
        leader->ok("report.transition",
                   {{"report_id", id}, {"action", "publish"}, {"revision", revision}});
    }

    std::string public_page(std::int64_t id) {
        auto [status, body] =
            http_get(server_.host(), server_.port(), "/public/reports/" + std::to_string(id));
        return status == 200 ? body : "HTTP " + std::to_string(status);
    }

    std::vector<std::int64_t> listed(WsClient& client, boost::json::object query = {}) {
        std::vector<std::int64_t> ids;
        auto page = client.ok("report.list", std::move(query));
        for (const auto& item : page.at("items").as_array())
            ids.push_back(item.at("id").as_int64());
        return ids;
    }

    std::vector<std::string> audit_actions(WsClient& auditor, std::int64_t id) {
        std::vector<std::string> actions;
        auto result = auditor.ok("audit.query", {{"report_id", id}});
        for (const auto& entry : result.at("entries").as_array())
            actions.emplace_back(entry.at("action").as_string());
        return actions;
    }
};

bool has(const std::vector<std::int64_t>& ids, std::int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool has(const std::vector<std::string>& actions, std::string_view action) {
    return std::find(actions.begin(), actions.end(), action) != actions.end();
}

TEST_F(AnnualReportOnce, SecondImportOrCreateOfTheYearIsRefusedWithTheExistingReport) {
    auto drafter = connect_as("drafter");
    auto first = import_sample(*drafter);
    auto draft = report(*drafter, first);

    auto refused = drafter->call("report.import", import_request("shuita"));
    ASSERT_FALSE(refused.at("ok").as_bool());
    const auto& error = refused.at("error").as_object();
    EXPECT_EQ(error.at("code"), "duplicate");
    EXPECT_EQ(error.at("report_id"), first);
    EXPECT_EQ(error.at("title"), draft.at("title"));
    EXPECT_EQ(error.at("state"), "draft");

    // report.create with the same content is the same report.
    EXPECT_EQ(drafter->error("report.create", {{"org", "shuita"},
                                               {"kind", "annual_report"},
                                               {"title", "另一份"},
                                               {"content", draft.at("content")}}),
              "duplicate");
    // Only one report of the year exists.
    EXPECT_EQ(listed(*drafter, {{"kind", "annual_report"}}).size(), 1u);

    // Another year, and another organisation's same year, are new reports.
    import_sample(*drafter, "shuita", 2021);
    auto other_org = connect_as("lt.drafter");
    import_sample(*other_org, "longtan");

    // Published, the report still holds its year.
    publish(first);
    EXPECT_EQ(drafter->error("report.import", import_request("shuita")), "duplicate");
}

TEST_F(AnnualReportOnce, RetractedOrVoidedReportsDoNotHoldTheYear) {
    auto drafter = connect_as("drafter");
    auto leader = connect_as("leader");
    auto first = import_sample(*drafter);
    publish(first);
    leader->ok(
        "report.transition",
        {{"report_id", first}, {"action", "retract"}, {"revision", 1}, {"comment", "数据有误"}});
    auto second = import_sample(*drafter);
    EXPECT_NE(second, first);
    drafter->ok("report.transition",
                {{"report_id", second}, {"action", "void"}, {"revision", 1}, {"comment", "重复"}});
    import_sample(*drafter);
}

TEST_F(AnnualReportOnce, ConcurrentImportsOfOneYearMakeExactlyOneReport) {
    constexpr int kClients = 6;
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < kClients; ++i)
        clients.push_back(connect_as("drafter"));
    std::atomic<int> created = 0, duplicates = 0, other = 0;
    std::vector<std::thread> threads;
    for (auto& client : clients) {
        threads.emplace_back([&, client = client.get()] {
            auto reply = client->call("report.import", import_request("shuita"));
            if (reply.at("ok").as_bool()) {
                ++created;
            } else if (reply.at("error").at("code") == "duplicate") {
                ++duplicates;
            } else {
                ++other;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(created, 1);
    EXPECT_EQ(duplicates, kClients - 1);
    EXPECT_EQ(other, 0);
    EXPECT_EQ(listed(*clients[0], {{"kind", "annual_report"}}).size(), 1u);
}

TEST_F(AnnualReportOnce, ChangingADraftToATakenYearIsRefused) {
    auto drafter = connect_as("drafter");
    import_sample(*drafter);  // 2020
    auto later = import_sample(*drafter, "shuita", 2021);
    auto content = report(*drafter, later).at("content").as_object();
    content["year"] = 2020;
    EXPECT_EQ(drafter->error("report.update",
                             {{"report_id", later}, {"base_revision", 1}, {"content", content}}),
              "duplicate");
}

TEST_F(AnnualReportOnce, VoidedDraftLeavesTheListsAndStaysInHistoryAndAudit) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto auditor = connect_as("auditor");
    auto id = import_sample(*drafter);

    // Only a drafter of the organisation, and only with a reason.
    EXPECT_EQ(report(*drafter, id).at("actions"), (boost::json::array{"submit", "void"}));
    EXPECT_EQ(reviewer->error(
                  "report.transition",
                  {{"report_id", id}, {"action", "void"}, {"revision", 1}, {"comment", "不要了"}}),
              "forbidden");
    EXPECT_EQ(drafter->error("report.transition",
                             {{"report_id", id}, {"action", "void"}, {"revision", 1}}),
              "validation_failed");
    drafter->ok(
        "report.transition",
        {{"report_id", id}, {"action", "void"}, {"revision", 1}, {"comment", "导入错了单位"}});

    EXPECT_FALSE(has(listed(*drafter), id));
    EXPECT_FALSE(has(listed(*drafter, {{"kind", "annual_report"}}), id));
    EXPECT_TRUE(has(listed(*drafter, {{"state", "voided"}}), id));

    auto voided = report(*drafter, id);
    EXPECT_EQ(voided.at("state"), "voided");
    EXPECT_TRUE(voided.at("actions").as_array().empty());
    EXPECT_FALSE(voided.at("editable").as_bool());
    // Nothing more happens to it: not editable, and a submit finds it moved on.
    EXPECT_EQ(drafter->error(
                  "report.update",
                  {{"report_id", id}, {"base_revision", 1}, {"content", voided.at("content")}}),
              "invalid_transition");
    EXPECT_EQ(drafter->error("report.transition",
                             {{"report_id", id}, {"action", "submit"}, {"revision", 1}}),
              "conflict");

    auto history = drafter->ok("report.history", {{"report_id", id}}).at("entries").as_array();
    const auto& last = history.back().as_object();
    EXPECT_EQ(last.at("action"), "void");
    EXPECT_EQ(last.at("to_state"), "voided");
    EXPECT_EQ(last.at("comment"), "导入错了单位");
    EXPECT_TRUE(has(audit_actions(*auditor, id), "report.void"));
    EXPECT_EQ(public_page(id), "HTTP 404");
}

TEST_F(AnnualReportOnce, CorrectionGoesThroughReviewAndThePublicPagesLinkEachOther) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto auditor = connect_as("auditor");
    auto old_id = import_sample(*drafter);

    // Only a published annual report can be corrected, only by its organisation's drafter.
    EXPECT_EQ(drafter->error("report.correct", {{"report_id", old_id}}), "invalid_transition");
    publish(old_id);
    EXPECT_EQ(reviewer->error("report.correct", {{"report_id", old_id}}), "forbidden");
    EXPECT_EQ(connect_as("lt.drafter")->error("report.correct", {{"report_id", old_id}}),
              "not_found");

    auto correction = drafter->ok("report.correct", {{"report_id", old_id}}).at("report");
    const auto new_id = correction.at("id").as_int64();
    EXPECT_EQ(correction.at("state"), "draft");
    EXPECT_EQ(correction.at("corrects"), old_id);
    EXPECT_EQ(correction.at("content"), report(*drafter, old_id).at("content"));
    // One open correction at a time, and no other report of the year meanwhile.
    auto again = drafter->call("report.correct", {{"report_id", old_id}});
    ASSERT_FALSE(again.at("ok").as_bool());
    EXPECT_EQ(again.at("error").at("code"), "duplicate");
    EXPECT_EQ(again.at("error").at("report_id"), new_id);
    EXPECT_EQ(drafter->error("report.import", import_request("shuita")), "duplicate");

    // Before the correction is published the old page does not mention it.
    EXPECT_FALSE(contains(public_page(old_id), "本报告已更正"));
    drafter->ok("report.update",
                {{"report_id", new_id},
                 {"base_revision", 1},
                 {"content", correction.at("content")},
                 {"title", "尧都区水塔街办事处2020年政府信息公开工作年度报告（更正）"}});
    auto watcher = connect_as("auditor");  // has the old report open
    publish(new_id);
    // Whoever has the old report open is told that it changed (it is now corrected).
    for (bool told = false; !told;) {
        auto frame = watcher->read_frame();
        told = frame.contains("event") && frame.at("event") == "report.updated" &&
               frame.at("data").at("report_id") == old_id;
    }

    auto old_report = report(*drafter, old_id);
    EXPECT_EQ(old_report.at("state"), "published");
    EXPECT_EQ(old_report.at("corrected_by"), new_id);
    auto old_page = public_page(old_id);
    EXPECT_TRUE(contains(old_page, "本报告已更正，以更正后的版本为准"));
    EXPECT_TRUE(contains(old_page, "/public/reports/" + std::to_string(new_id)));
    auto new_page = public_page(new_id);
    EXPECT_TRUE(contains(new_page, "/public/reports/" + std::to_string(old_id)));
    EXPECT_FALSE(contains(new_page, "本报告已更正"));

    EXPECT_TRUE(has(audit_actions(*auditor, new_id), "report.correct"));
    auto old_actions = audit_actions(*auditor, old_id);
    EXPECT_TRUE(has(old_actions, "report.correction_begun"));
    EXPECT_TRUE(has(old_actions, "report.corrected"));

    // The corrected report is replaced: it cannot be corrected again; the correction can.
    EXPECT_EQ(drafter->error("report.correct", {{"report_id", old_id}}), "invalid_transition");
    EXPECT_EQ(drafter->error("report.import", import_request("shuita")), "duplicate");
    auto second = drafter->ok("report.correct", {{"report_id", new_id}}).at("report");
    EXPECT_EQ(second.at("corrects"), new_id);
}

}  // namespace
}  // namespace gongkai::testing
