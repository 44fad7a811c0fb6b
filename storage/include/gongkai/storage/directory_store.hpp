#pragma once

#include "gongkai/storage/records.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/org_tree.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

class Connection;
class GrantsCache;

// Organisations, users and their role grants.
class DirectoryStore {
public:
    DirectoryStore(Connection& connection, GrantsCache& grants_cache)
        : connection_(connection), grants_cache_(grants_cache) {}

    std::vector<Org> orgs();
    std::optional<Org> find_org(const std::string& id);
    void insert_org(const Org& org, const std::string& at);

    std::optional<UserRecord> find_user(std::int64_t id);
    std::optional<UserRecord> find_user_by_name(const std::string& username);
    // The enabled users whose display name is the longest one that `text` starts with
    // ("李娜请看" → 李娜): how "@李娜" in a comment finds its people. Several when several
    // people share that name.
    std::vector<UserRecord> users_named_at_start_of(const std::string& text);
    std::int64_t insert_user(const std::string& username, const std::string& display_name,
                             const std::string& password_hash, const std::string& at);
    void set_password_hash(std::int64_t user_id, const std::string& password_hash);

    // The user's grants (none when disabled), shared with every other request of the user
    // until the directory changes.
    Grants grants_of(std::int64_t user_id);
    // False when the user already held the role on that org.
    bool insert_grant(std::int64_t user_id, const RoleGrant& grant, const std::string& at);
    // Users holding `role` on exactly `org` (not disabled).
    std::vector<UserRecord> users_with_role(const std::string& org, Role role);

private:
    std::int64_t directory_generation();

    Connection& connection_;
    GrantsCache& grants_cache_;
};

}  // namespace gongkai::storage
