#pragma once

#include "gongkai/core/org_tree.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai {

enum class Role { drafter, reviewer, leader, auditor, admin };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct RoleGrant {
    std::string org;
    Role role;
};

// A user's grants as read in one snapshot. Shared and immutable, so the database's grants
// cache can hand the same list to every request of that user until a grant changes.
using Grants = std::shared_ptr<const std::vector<RoleGrant>>;

// Who is acting. Roles are not part of it: they are read fresh for every request, so a
// revoked role stops working at once.
struct Actor {
    std::int64_t user_id = 0;
    std::string username;
    std::string display_name;
};

// A user's standing in the organisation tree: what they may see and on which orgs they
// hold which role. Built per request from the user's current grants.
class Access {
public:
    Access(const OrgTree& tree, Grants grants);
    Access(const OrgTree& tree, std::vector<RoleGrant> grants);

    const std::vector<RoleGrant>& grants() const { return *grants_; }

    // A user sees the reports of every org where they hold any role, and of the orgs below.
    bool can_see(std::string_view org) const;
    // The same rule for grants held elsewhere (the push fan-out keeps them per user).
    static bool can_see(const OrgTree& tree, const std::vector<RoleGrant>& grants,
                        std::string_view org);
    // The role on exactly this org (谁公开谁审查: not a parent's, not a sibling's).
    bool holds_exactly(Role role, std::string_view org) const;
    // The role on this org or on any org above it.
    bool holds_on_or_above(Role role, std::string_view org) const;
    bool holds_anywhere(Role role) const;
    // Every org whose reports the user may see.
    std::vector<std::string> visible_orgs() const;

private:
    const OrgTree& tree_;
    Grants grants_;  // never null
};

}  // namespace gongkai
