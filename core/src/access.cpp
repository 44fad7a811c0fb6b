#include "gongkai/core/access.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace gongkai {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames{{
    {Role::drafter, "drafter"},
    {Role::reviewer, "reviewer"},
    {Role::leader, "leader"},
    {Role::auditor, "auditor"},
    {Role::admin, "admin"},
}};
}  // namespace

std::string_view to_string(Role role) {
    for (auto [value, name] : kRoleNames) {
        if (value == role) {
            return name;
        }
    }
    return "unknown";
}

std::optional<Role> parse_role(std::string_view text) {
    for (auto [value, name] : kRoleNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

Access::Access(const OrgTree& tree, Grants grants)
    : tree_(tree),
      grants_(grants ? std::move(grants) : std::make_shared<const std::vector<RoleGrant>>()) {}

Access::Access(const OrgTree& tree, std::vector<RoleGrant> grants)
    : Access(tree, std::make_shared<const std::vector<RoleGrant>>(std::move(grants))) {}

bool Access::can_see(std::string_view org) const {
    return can_see(tree_, *grants_, org);
}

bool Access::can_see(const OrgTree& tree, const std::vector<RoleGrant>& grants,
                     std::string_view org) {
    return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& grant) {
        return tree.is_self_or_ancestor(grant.org, org);
    });
}

bool Access::holds_exactly(Role role, std::string_view org) const {
    return std::any_of(grants_->begin(), grants_->end(), [&](const RoleGrant& grant) {
        return grant.role == role && grant.org == org;
    });
}

bool Access::holds_on_or_above(Role role, std::string_view org) const {
    return std::any_of(grants_->begin(), grants_->end(), [&](const RoleGrant& grant) {
        return grant.role == role && tree_.is_self_or_ancestor(grant.org, org);
    });
}

bool Access::holds_anywhere(Role role) const {
    return std::any_of(grants_->begin(), grants_->end(),
                       [&](const RoleGrant& grant) { return grant.role == role; });
}

std::vector<std::string> Access::visible_orgs() const {
    std::set<std::string> visible;
    for (const auto& grant : *grants_) {
        for (auto& org : tree_.self_and_descendants(grant.org)) {
            visible.insert(std::move(org));
        }
    }
    return {visible.begin(), visible.end()};
}

}  // namespace gongkai
