#include <gongkai/core/access.hpp>
#include <gongkai/core/org_tree.hpp>

#include <gtest/gtest.h>

namespace gongkai {
namespace {

OrgTree demo_tree() {
    return OrgTree({{"yaodu", "临汾市尧都区", std::nullopt},
                    {"shuita", "尧都区水塔街办事处", "yaodu"},
                    {"longtan", "龙潭社区", "shuita"},
                    {"fenze", "汾泽社区", "shuita"},
                    {"other", "另一街道", "yaodu"}});
}

TEST(OrgTree, WalksUpAndDown) {
    auto tree = demo_tree();
    EXPECT_EQ(tree.self_and_ancestors("longtan"),
              (std::vector<std::string>{"longtan", "shuita", "yaodu"}));
    auto below = tree.self_and_descendants("shuita");
    std::sort(below.begin(), below.end());
    EXPECT_EQ(below, (std::vector<std::string>{"fenze", "longtan", "shuita"}));
    EXPECT_TRUE(tree.is_self_or_ancestor("yaodu", "fenze"));
    EXPECT_FALSE(tree.is_self_or_ancestor("longtan", "shuita"));
    EXPECT_FALSE(tree.is_self_or_ancestor("other", "shuita"));
    EXPECT_TRUE(tree.self_and_ancestors("nowhere").empty());
}

TEST(OrgTree, SurvivesACycle) {
    OrgTree tree({{"a", "A", "b"}, {"b", "B", "a"}});
    EXPECT_EQ(tree.self_and_ancestors("a").size(), 2u);
    EXPECT_EQ(tree.self_and_descendants("a").size(), 2u);
}

TEST(Access, SeesOwnOrgAndBelowOnly) {
    auto tree = demo_tree();
    Access access(tree, {{"shuita", Role::reviewer}});
    EXPECT_TRUE(access.can_see("shuita"));
    EXPECT_TRUE(access.can_see("longtan"));
    EXPECT_FALSE(access.can_see("yaodu"));
    EXPECT_FALSE(access.can_see("other"));
    EXPECT_TRUE(access.holds_exactly(Role::reviewer, "shuita"));
    EXPECT_FALSE(access.holds_exactly(Role::reviewer, "longtan"));
    EXPECT_TRUE(access.holds_on_or_above(Role::reviewer, "longtan"));
    EXPECT_FALSE(access.holds_on_or_above(Role::leader, "longtan"));
}

TEST(Roles, RoundTripThroughText) {
    for (auto role : {Role::drafter, Role::reviewer, Role::leader, Role::auditor, Role::admin}) {
        EXPECT_EQ(parse_role(to_string(role)), role);
    }
    EXPECT_FALSE(parse_role("superuser").has_value());
}

}  // namespace
}  // namespace gongkai
