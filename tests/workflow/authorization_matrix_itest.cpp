// Every rule of the default workflow table, for every role held on the report's own org,
// its parent, its child and its sibling: allowed exactly where the table says, conflict for
// who could have taken it before another user moved the report on, forbidden where the user
// can see the report, not_found where they cannot.
#include "workflow_world.hpp"

#include <gtest/gtest.h>

#include <set>

namespace gongkai::workflow::testing {
namespace {

struct MatrixRule {
    std::string name;
    std::string action;
    std::vector<std::string> setup;  // actions that bring a report to the from-state
    std::set<std::string> allowed;   // "role.place"
    // Who could have taken the action in a state another user moved the report on from:
    // they lost a race, and hear conflict rather than forbidden.
    std::set<std::string> overtaken = {};
};

std::ostream& operator<<(std::ostream& out, const MatrixRule& rule) {
    return out << rule.name;
}

const std::vector<MatrixRule> kRules = {
    {"submit", "submit", {}, {"drafter.street"}},
    {"withdraw_from_review", "withdraw", {"submit"}, {}},
    {"withdraw_from_approval", "withdraw", {"submit", "pass_review"}, {}},
    {"pass_review", "pass_review", {"submit"}, {"reviewer.street"}},
    {"return_by_reviewer", "return", {"submit"}, {"reviewer.street"}},
    {"return_by_leader",
     "return",
     {"submit", "pass_review"},
     {"leader.street", "leader.city"},
     {"reviewer.street"}},
    {"approve", "approve", {"submit", "pass_review"}, {"leader.street", "leader.city"}},
    {"publish",
     "publish",
     {"submit", "pass_review", "approve"},
     {"drafter.street", "leader.street"}},
    {"retract",
     "retract",
     {"submit", "pass_review", "approve", "publish"},
     {"leader.street", "leader.city"}},
};

bool sees_street(const std::string& place) {
    return place == "street" || place == "city";
}

class AuthorizationMatrix : public ::testing::TestWithParam<MatrixRule> {
protected:
    static void SetUpTestSuite() { world_ = new WorkflowWorld(); }
    static void TearDownTestSuite() {
        delete world_;
        world_ = nullptr;
    }
    static WorkflowWorld* world_;
};

WorkflowWorld* AuthorizationMatrix::world_ = nullptr;

TEST_P(AuthorizationMatrix, AllowedExactlyWhereTheTableSays) {
    const auto& rule = GetParam();
    auto& world = *world_;
    // One report for all refusals: a refused attempt must leave it where it was.
    auto shared = world.report_after(rule.setup);
    const auto state_before = world.get(shared).report.state;
    for (const char* place : kPlaces) {
        for (Role role : kRoles) {
            auto user = WorkflowWorld::user_name(role, place);
            if (rule.allowed.contains(user)) {
                auto own = world.report_after(rule.setup);
                EXPECT_EQ(world.act(user, own, rule.action), "ok") << user;
            } else if (rule.overtaken.contains(user)) {
                EXPECT_EQ(world.act(user, shared, rule.action), "conflict") << user;
            } else {
                EXPECT_EQ(world.act(user, shared, rule.action),
                          sees_street(place) ? "forbidden" : "not_found")
                    << user;
            }
        }
    }
    EXPECT_EQ(world.get(shared).report.state, state_before);
}

INSTANTIATE_TEST_SUITE_P(DefaultWorkflow, AuthorizationMatrix, ::testing::ValuesIn(kRules),
                         [](const ::testing::TestParamInfo<MatrixRule>& param_info) {
                             return param_info.param.name;
                         });

TEST(AuthorizationMatrixCreate, OnlyDraftersOfTheOrgCreate) {
    WorkflowWorld world;
    for (const char* place : kPlaces) {
        for (Role role : kRoles) {
            auto user = WorkflowWorld::user_name(role, place);
            std::string result = "ok";
            try {
                world.create("street", user);
            } catch (const Error& e) {
                result = std::string(to_string(e.code()));
            }
            std::string expected = user == "drafter.street" ? "ok"
                                   : sees_street(place)     ? "forbidden"
                                                            : "not_found";
            EXPECT_EQ(result, expected) << user;
        }
    }
}

TEST(AuthorizationMatrixWithdraw, OnlyTheSubmitterWithdraws) {
    WorkflowWorld world;
    auto id = world.report_after({"submit"});
    EXPECT_EQ(world.act("drafter.street", id, "withdraw"), "forbidden");
    EXPECT_EQ(world.act("author", id, "withdraw"), "ok");
    EXPECT_EQ(world.get(id).report.state, "draft");
    auto later = world.report_after({"submit", "pass_review"});
    EXPECT_EQ(world.act("author", later, "withdraw"), "ok");
}

}  // namespace
}  // namespace gongkai::workflow::testing
