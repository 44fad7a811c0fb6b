// Reminders and deadline warnings, with a manual clock (no waiting).
#include "workflow_world.hpp"

#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/workflow/reminder_service.hpp>

#include <gtest/gtest.h>

namespace gongkai::workflow::testing {
namespace {

using namespace std::chrono;
using gongkai::testing::kDemoPassword;

// The demo organisations and users, the real workflow files, and a clock the test moves.
class Reminders : public ::testing::Test {
protected:
    // 2025-01-10 09:00 Beijing time.
    ManualClock clock_{TimePoint{sys_days{year{2025} / 1 / 10} + hours{1}}};
    TempDir dir_;
    std::unique_ptr<storage::Database> database_;
    std::unique_ptr<WorkflowRegistry> registry_;
    std::unique_ptr<OrgDirectory> orgs_;
    ContentRules rules_{gongkai::testing::annual_reports()};
    std::unique_ptr<ReportService> reports_;

    void SetUp() override {
        database_ = gongkai::testing::open_test_database(dir_, "reminders.db", clock_);
        gongkai::testing::seed_demo(*database_, clock_);
        std::vector<Workflow> workflows;
        for (const auto& spec : config::load_workflows(gongkai::testing::source_dir() /
                                                       "config" / "workflows")) {
            workflows.push_back(Workflow::compile(spec));
        }
        registry_ = std::make_unique<WorkflowRegistry>(std::move(workflows), WorkflowAssignment{});
        orgs_ = std::make_unique<OrgDirectory>(*database_, clock_);
        reports_ = std::make_unique<ReportService>(*database_, *orgs_, *registry_, rules_, clock_);
    }

    Actor actor(const std::string& username) {
        Actor result;
        database_->read([&](storage::Stores& stores) {
            result = stores.directory.find_user_by_name(username)->actor();
        });
        return result;
    }

    std::int64_t submitted_report(const std::string& kind = "notice",
                                  boost::json::object content = {{"body", "正文"}}) {
        auto view = wait_for<ReportView>([&](auto done) {
            reports_->create(actor("drafter"), {"shuita", kind, "水塔街通知", content},
                             std::move(done));
        });
        wait_for<TransitionResult>([&](auto done) {
            reports_->transition(actor("drafter"),
                                 {view.report.id, "submit", 1, std::nullopt, std::nullopt},
                                 std::move(done));
        });
        return view.report.id;
    }

    // Outbox rows of one kind, per recipient username.
    std::multiset<std::string> outbox(const std::string& kind) {
        std::multiset<std::string> recipients;
        database_->read([&](storage::Stores& stores) {
            for (const auto& n : stores.notifications.undelivered(0, 10000, std::string("~"))) {
                if (n.kind == kind) {
                    recipients.insert(stores.directory.find_user(n.recipient_id)->username);
                }
            }
        });
        return recipients;
    }

    ReminderService service(DeadlineSettings deadlines = {}) {
        return ReminderService(*database_, *orgs_, *registry_, clock_, deadlines);
    }
};

TEST_F(Reminders, WaitingLongerThanTheStageLimitRemindsWhoeverItWaitsOn) {
    auto reminders = service({{}, "01-31", {}, 8});  // no deadline warnings in this test
    submitted_report();
    clock_.advance(hours{47});
    EXPECT_EQ(reminders.run_once(), 0u);
    clock_.advance(hours{2});
    EXPECT_EQ(reminders.run_once(), 1u);
    EXPECT_EQ(outbox("reminder"), (std::multiset<std::string>{"reviewer"}));
    EXPECT_EQ(reminders.run_once(), 0u);  // once per period
    clock_.advance(hours{48});
    EXPECT_EQ(reminders.run_once(), 1u);  // and again after another one
    EXPECT_EQ(outbox("reminder").size(), 2u);
}

TEST_F(Reminders, DraftsAreNotChased) {
    auto reminders = service({{}, "01-31", {}, 8});
    wait_for<ReportView>([&](auto done) {
        reports_->create(actor("drafter"), {"shuita", "notice", "草稿", {{"body", "x"}}},
                         std::move(done));
    });
    clock_.advance(hours{24 * 30});
    EXPECT_EQ(reminders.run_once(), 0u);
}

TEST_F(Reminders, AnnualReportDeadlineWarnsDraftersAndLeadersOnce) {
    auto reminders = service();  // 14, 7, 3, 1 days before 31 January
    // 10 January: 21 days left, nothing yet.
    EXPECT_EQ(reminders.run_once(), 0u);
    clock_.advance(hours{24 * 7});  // 17 January: 14 days left
    reminders.run_once();
    // shuita has a drafter and a leader, longtan a drafter; the others nobody to tell.
    EXPECT_EQ(outbox("deadline"),
              (std::multiset<std::string>{"drafter", "leader", "lt.drafter"}));
    EXPECT_EQ(reminders.run_once(), 0u);
    clock_.advance(hours{24 * 12});  // 29 January: 2 days left; the 7-day warning was missed
    reminders.run_once();
    EXPECT_EQ(outbox("deadline").size(), 6u);  // one more each (the 3-day one), not two
    std::string text;
    database_->read([&](storage::Stores& stores) {
        text = stores.notifications.undelivered(0, 1000, std::string("~")).back().text;
    });
    EXPECT_NE(text.find("2024年政府信息公开工作年度报告》尚未发布"), std::string::npos) << text;
    EXPECT_NE(text.find("2025年1月31日"), std::string::npos) << text;
}

TEST_F(Reminders, PublishedAnnualReportStopsTheWarnings) {
    // shuita publishes its 2024 report.
    auto id = submitted_report("annual_report", gongkai::testing::valid_annual_report(2024));
    boost::json::object checklist{{"state_secret", false},
                                  {"work_secret", false},
                                  {"personal_info", false},
                                  {"commercial_secret", false},
                                  {"security_stability", false}};
    wait_for<TransitionResult>([&](auto done) {
        reports_->transition(actor("reviewer"), {id, "pass_review", 1, std::nullopt, checklist},
                             std::move(done));
    });
    for (const char* action : {"approve", "publish"}) {
        wait_for<TransitionResult>([&](auto done) {
            reports_->transition(actor("leader"), {id, action, 1, std::nullopt, std::nullopt},
                                 std::move(done));
        });
    }
    clock_.advance(hours{24 * 7});
    service().run_once();
    EXPECT_EQ(outbox("deadline"), (std::multiset<std::string>{"lt.drafter"}));
}

TEST_F(Reminders, DueDateIsConfigurablePerOrganisation) {
    DeadlineSettings deadlines;
    deadlines.due_by_org["yaodu"] = "03-31";  // inherited by everything below
    auto reminders = service(deadlines);
    clock_.advance(hours{24 * 7});  // 17 January
    EXPECT_EQ(reminders.run_once(), 0u);
    clock_.set(TimePoint{sys_days{year{2025} / 3 / 20}});
    reminders.run_once();
    EXPECT_EQ(outbox("deadline").size(), 3u);
}

}  // namespace
}  // namespace gongkai::workflow::testing
