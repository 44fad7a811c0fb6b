// The guards and the concurrency rules of the report workflow, on ReportService.
#include "workflow_world.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace gongkai::workflow::testing {
namespace {

std::string attempt(WorkflowWorld& world, const std::string& user, TransitionCommand command) {
    try {
        wait_for<TransitionResult>([&](auto done) {
            world.service().transition(world.actor(user), command, std::move(done));
        });
        return "ok";
    } catch (const Error& e) {
        return std::string(to_string(e.code()));
    }
}

std::string update(WorkflowWorld& world, const std::string& user, std::int64_t id,
                   std::int64_t base, boost::json::object content) {
    try {
        wait_for<ReportView>([&](auto done) {
            world.service().update(world.actor(user), {id, base, std::move(content), {}},
                                   std::move(done));
        });
        return "ok";
    } catch (const Error& e) {
        return std::string(to_string(e.code()));
    }
}

std::vector<AuditEntry> audit_entries(WorkflowWorld& world, std::int64_t report_id) {
    std::vector<AuditEntry> entries;
    world.database().read([&](storage::Stores& stores) {
        storage::AuditFilter filter;
        filter.report_id = report_id;
        entries = stores.audit.query(filter);
    });
    return entries;
}

class ReportRules : public ::testing::Test {
protected:
    WorkflowWorld world_;
};

TEST_F(ReportRules, ActionNotPossibleInThisStateIsAnInvalidTransition) {
    auto id = world_.create();
    EXPECT_EQ(world_.act("approver", id, "approve"), "invalid_transition");
    EXPECT_EQ(world_.act("approver", id, "publish"), "invalid_transition");
    EXPECT_EQ(world_.act("author", id, "no_such_action"), "bad_request");
}

// report.get keeps each report's revisions and decisions between reads; a decision must show
// in the next read all the same (here: only who submitted may withdraw, a rule on decisions).
TEST_F(ReportRules, ReadsSeeEveryDecisionAndRevisionAtOnce) {
    using Actions = std::vector<std::string>;
    auto id = world_.create();
    EXPECT_EQ(world_.get(id).actions, (Actions{"submit", "void"}));
    ASSERT_EQ(world_.act("author", id, "submit"), "ok");
    EXPECT_EQ(world_.get(id).actions, Actions{"withdraw"});
    ASSERT_EQ(world_.act("author", id, "withdraw"), "ok");
    // Back in draft on the same revision: only the decisions differ from the first read.
    EXPECT_EQ(world_.get(id).actions, (Actions{"submit", "void"}));
    EXPECT_EQ(update(world_, "author", id, 1, {{"body", "第二版"}}), "ok");
    auto second = world_.get(id);
    EXPECT_EQ(second.revision.revision, 2);
    EXPECT_EQ(second.revision.content, R"({"body":"第二版"})");
    EXPECT_EQ(world_.service().get(world_.actor("author"), id, 1).revision.content,
              R"({"body":"正文"})");
}

TEST_F(ReportRules, DecisionOnAnOldRevisionIsAConflict) {
    auto id = world_.create();
    EXPECT_EQ(update(world_, "author", id, 1, {{"body", "第二版"}}), "ok");
    EXPECT_EQ(world_.act("author", id, "submit", 1), "conflict");
    EXPECT_EQ(world_.act("author", id, "submit", 2), "ok");
}

TEST_F(ReportRules, EditingNeedsTheCurrentRevisionAndTheDraftState) {
    auto id = world_.create();
    EXPECT_EQ(update(world_, "author", id, 1, {{"body", "二"}}), "ok");
    EXPECT_EQ(update(world_, "author", id, 1, {{"body", "过期的修改"}}), "conflict");
    EXPECT_EQ(update(world_, "reviewer2", id, 2, {{"body", "审查人改稿"}}), "forbidden");
    EXPECT_EQ(update(world_, "author", id, 2, {{"unknown_field", "x"}}), "validation_failed");
    EXPECT_EQ(world_.act("author", id, "submit"), "ok");
    EXPECT_EQ(update(world_, "author", id, 2, {{"body", "审查中改稿"}}), "invalid_transition");
    EXPECT_EQ(world_.get(id).revision.content, R"({"body":"二"})");
}

TEST_F(ReportRules, ReviewerMustNotHaveWrittenAnyRevision) {
    // A user holding drafter and reviewer on the same org edits, then tries to review.
    SystemClock clock;
    DirectoryAdmin directory(world_.database(), clock, gongkai::testing::kFastHashing);
    directory.grant_role("reviewer2", "street", Role::drafter, "system");
    auto id = world_.create();
    EXPECT_EQ(update(world_, "reviewer2", id, 1, {{"body", "审查人也改了一句"}}), "ok");
    EXPECT_EQ(world_.act("author", id, "submit"), "ok");
    EXPECT_EQ(world_.act("reviewer2", id, "pass_review"), "forbidden");
    EXPECT_EQ(world_.act("reviewer.street", id, "pass_review"), "ok");
}

TEST_F(ReportRules, LeaderWhoPassedTheReviewCannotApproveIt) {
    SystemClock clock;
    DirectoryAdmin directory(world_.database(), clock, gongkai::testing::kFastHashing);
    directory.grant_role("reviewer2", "street", Role::leader, "system");
    auto id = world_.report_after({"submit"});
    EXPECT_EQ(world_.act("reviewer2", id, "pass_review"), "ok");
    EXPECT_EQ(world_.act("reviewer2", id, "approve"), "forbidden");
    EXPECT_EQ(world_.act("approver", id, "approve"), "ok");
}

// A transition remembers the report's facts for its next step (ReportFactsCache); a decision
// taken elsewhere in between (the gongkai tool, with a cache of its own) must still count.
TEST_F(ReportRules, ADecisionTakenElsewhereCountsAtTheNextStep) {
    SystemClock clock;
    DirectoryAdmin directory(world_.database(), clock, gongkai::testing::kFastHashing);
    directory.grant_role("reviewer2", "street", Role::leader, "system");
    auto id = world_.report_after({"submit"});  // this service now holds the facts after it
    auto elsewhere = world_.another_service();
    EXPECT_EQ(world_.act_through(*elsewhere, "reviewer2", id, "pass_review"), "ok");
    // Only the decisions tell that reviewer2 reviewed it: approving it would be a second
    // pair of eyes that is the first.
    EXPECT_EQ(world_.act("reviewer2", id, "approve"), "forbidden");
    EXPECT_EQ(world_.act("approver", id, "approve"), "ok");
    // What this service remembered of its own step reads as the other service's fresh read.
    for (const char* user : {"author", "reviewer2", "approver"}) {
        SCOPED_TRACE(user);
        const auto remembered = world_.get(id, user);
        const auto fresh = elsewhere->get(world_.actor(user), id, std::nullopt);
        EXPECT_EQ(remembered.actions, fresh.actions);
        EXPECT_EQ(remembered.editable, fresh.editable);
    }
    EXPECT_EQ(world_.get(id, "approver").actions, std::vector<std::string>{"publish"});
}

TEST_F(ReportRules, ChecklistMustBeCompleteAndClear) {
    auto id = world_.report_after({"submit"});
    TransitionCommand command{id, "pass_review", 1, std::nullopt, std::nullopt};
    EXPECT_EQ(attempt(world_, "reviewer2", command), "validation_failed");  // missing
    auto partial = kClearChecklist;
    partial.erase("personal_info");
    command.checklist = partial;
    EXPECT_EQ(attempt(world_, "reviewer2", command), "validation_failed");
    auto flagged = kClearChecklist;
    flagged["personal_info"] = true;
    command.checklist = flagged;
    EXPECT_EQ(attempt(world_, "reviewer2", command), "validation_failed");
    auto wrong_type = kClearChecklist;
    wrong_type["state_secret"] = "no";
    command.checklist = wrong_type;
    EXPECT_EQ(attempt(world_, "reviewer2", command), "bad_request");
    command.checklist = kClearChecklist;
    EXPECT_EQ(attempt(world_, "reviewer2", command), "ok");
    // The checklist is stored with the decision.
    auto decisions = world_.service().history(world_.actor("author"), id).decisions;
    ASSERT_EQ(decisions.size(), 2u);
    EXPECT_EQ(decisions[1].checklist,
              R"({"commercial_secret":false,"personal_info":false,"security_stability":false,)"
              R"("state_secret":false,"work_secret":false})");
}

TEST_F(ReportRules, ReturnAndRetractNeedAComment) {
    auto id = world_.report_after({"submit"});
    EXPECT_EQ(attempt(world_, "reviewer2", {id, "return", 1, std::nullopt, std::nullopt}),
              "validation_failed");
    EXPECT_EQ(attempt(world_, "reviewer2", {id, "return", 1, "  \n", std::nullopt}),
              "validation_failed");
    EXPECT_EQ(attempt(world_, "reviewer2", {id, "return", 1, "第三段有身份证号，请删除", std::nullopt}),
              "ok");
    EXPECT_EQ(world_.get(id).report.state, "draft");
    auto published = world_.report_after({"submit", "pass_review", "approve", "publish"});
    EXPECT_EQ(attempt(world_, "approver", {published, "retract", 1, std::nullopt, std::nullopt}),
              "validation_failed");
}

TEST_F(ReportRules, SubmitNeedsValidContent) {
    CreateReport request{"street", "notice", "空通知", {{"body", "   "}}};
    auto view = wait_for<ReportView>([&](auto done) {
        world_.service().create(world_.actor("author"), request, std::move(done));
    });
    EXPECT_EQ(world_.act("author", view.report.id, "submit"), "validation_failed");
    EXPECT_EQ(world_.get(view.report.id).report.state, "draft");
}

TEST_F(ReportRules, TwoReviewersRacingTheSameDecisionOneWins) {
    for (int round = 0; round < 10; ++round) {
        auto id = world_.report_after({"submit"});
        std::string first, second;
        std::thread a([&] { first = world_.act("reviewer2", id, "pass_review", 1); });
        std::thread b([&] { second = world_.act("reviewer.street", id, "pass_review", 1); });
        a.join();
        b.join();
        std::multiset<std::string> results{first, second};
        EXPECT_EQ(results, (std::multiset<std::string>{"conflict", "ok"}));
        auto entries = audit_entries(world_, id);
        EXPECT_EQ(std::count_if(entries.begin(), entries.end(),
                                [](const AuditEntry& e) { return e.action == "report.pass_review"; }),
                  1);
    }
}

TEST_F(ReportRules, PublishedReportCannotBeDecidedAgain) {
    auto id = world_.report_after({"submit", "pass_review", "approve", "publish"});
    EXPECT_EQ(world_.act("approver", id, "publish"), "conflict");
    EXPECT_EQ(world_.act("approver", id, "approve"), "conflict");
}

TEST_F(ReportRules, EveryChangeIsAuditedWithItsStatesAndHash) {
    auto id = world_.report_after({"submit", "pass_review"});
    auto entries = audit_entries(world_, id);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[2].action, "report.create");
    EXPECT_EQ(entries[1].action, "report.submit");
    EXPECT_EQ(entries[1].from_state, "draft");
    EXPECT_EQ(entries[1].to_state, "secrecy_review");
    EXPECT_EQ(entries[0].actor, "reviewer2");
    EXPECT_EQ(entries[0].revision, 1);
    EXPECT_EQ(entries[0].content_sha256, world_.get(id).report.content_sha256);
    EXPECT_NE(entries[0].details.find("checklist"), std::string::npos);
}

TEST_F(ReportRules, UsersSeeTheirOrgAndBelowOnly) {
    auto street = world_.create("street");
    auto community = world_.create("community", "drafter.community");
    auto list_ids = [&](const std::string& user) {
        std::set<std::int64_t> ids;
        for (const auto& report : world_.service().list(world_.actor(user), {}).items) {
            ids.insert(report.id);
        }
        return ids;
    };
    EXPECT_EQ(list_ids("auditor.city"), (std::set<std::int64_t>{street, community}));
    EXPECT_EQ(list_ids("reviewer.street"), (std::set<std::int64_t>{street, community}));
    EXPECT_EQ(list_ids("reviewer.community"), (std::set<std::int64_t>{community}));
    EXPECT_TRUE(list_ids("leader.other-street").empty());
    EXPECT_THROW(world_.service().get(world_.actor("leader.other-street"), street, std::nullopt),
                 Error);
    try {
        world_.service().get(world_.actor("reviewer.community"), street, std::nullopt);
        FAIL() << "a child org's user saw the parent's report";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::not_found);
    }
}

TEST_F(ReportRules, AwaitingMeListsWhatTheUserCanDoNow) {
    auto draft = world_.create();
    auto in_review = world_.report_after({"submit"});
    auto in_approval = world_.report_after({"submit", "pass_review"});
    auto awaiting = [&](const std::string& user) {
        ListQuery query;
        query.awaiting_me = true;
        std::set<std::int64_t> ids;
        for (const auto& report : world_.service().list(world_.actor(user), query).items) {
            ids.insert(report.id);
        }
        return ids;
    };
    EXPECT_EQ(awaiting("author"), (std::set<std::int64_t>{draft}));
    EXPECT_EQ(awaiting("reviewer.street"), (std::set<std::int64_t>{in_review}));
    EXPECT_EQ(awaiting("leader.city"), (std::set<std::int64_t>{in_approval}));
    // The reviewer who passed it is not asked again.
    EXPECT_FALSE(awaiting("reviewer2").contains(in_approval));
    EXPECT_TRUE(awaiting("auditor.city").empty());
}

TEST_F(ReportRules, ListPagesWithACursor) {
    std::set<std::int64_t> created;
    for (int i = 0; i < 7; ++i) created.insert(world_.create());
    ListQuery query;
    query.limit = 3;
    std::set<std::int64_t> seen;
    int pages = 0;
    for (;;) {
        auto page = world_.service().list(world_.actor("author"), query);
        ++pages;
        for (const auto& report : page.items) EXPECT_TRUE(seen.insert(report.id).second);
        if (!page.next_before_id) break;
        query.before_id = page.next_before_id;
    }
    EXPECT_EQ(seen, created);
    EXPECT_EQ(pages, 3);
}

TEST(ThreeStageWorkflow, TwoDifferentReviewersThenTheLeader) {
    WorkflowAssignment assignment;
    assignment.by_org["street"] = "three-stage";
    WorkflowWorld world(assignment);
    auto id = world.create();
    EXPECT_EQ(world.get(id).report.workflow, "three-stage");
    EXPECT_EQ(world.act("author", id, "submit"), "ok");
    EXPECT_EQ(world.get(id).report.state, "first_review");
    EXPECT_EQ(world.act("reviewer2", id, "pass_first_review"), "ok");
    EXPECT_EQ(world.get(id).report.state, "second_review");
    EXPECT_EQ(world.act("reviewer2", id, "pass_second_review"), "forbidden");
    EXPECT_EQ(world.act("reviewer.city", id, "pass_second_review"), "forbidden");
    EXPECT_EQ(world.act("reviewer.street", id, "pass_second_review"), "ok");
    EXPECT_EQ(world.act("approver", id, "approve"), "ok");
    EXPECT_EQ(world.act("approver", id, "publish"), "ok");
    EXPECT_EQ(world.get(id).report.state, "published");
    // Organisations below inherit the assignment; others keep the default.
    EXPECT_EQ(world.get(world.create("community", "drafter.community"), "drafter.community")
                  .report.workflow,
              "three-stage");
    EXPECT_EQ(world.get(world.create("other-street", "drafter.other-street"),
                        "drafter.other-street")
                  .report.workflow,
              "default");
}

}  // namespace
}  // namespace gongkai::workflow::testing
