#pragma once

#include <gongkai/core/access.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/password.hpp>
#include <gongkai/storage/database.hpp>

#include <string>

namespace gongkai::workflow {

enum class AdminOutcome { created, unchanged };

// Administration of organisations, users and role grants: checks the input, writes the
// change and its audit entry in one transaction. Used by the command-line tool.
class DirectoryAdmin {
public:
    DirectoryAdmin(storage::Database& database, const Clock& clock,
                   PasswordHashSettings password_hash = {});

    // Errors (gongkai::Error): validation_failed for malformed ids or names, not_found for
    // an unknown parent/user/org, conflict when the org or user exists and `keep_existing`
    // is false.
    AdminOutcome add_org(const Org& org, const std::string& actor, bool keep_existing = false);
    AdminOutcome add_user(const std::string& username, const std::string& display_name,
                          const std::string& password, const std::string& actor,
                          bool keep_existing = false);
    AdminOutcome grant_role(const std::string& username, const std::string& org, Role role,
                            const std::string& actor);

    // The demo organisations and users of the README (idempotent). Returns how many
    // things it created.
    int seed_demo(const std::string& password, const std::string& actor);
    // For gongkai-bench: `workers` organisations bench-001… under the demo district, each
    // with its own drafter, reviewer and leader (bench-001.drafter, …), so that load from
    // many workers looks like many offices rather than 64 windows of one person.
    int seed_bench(const std::string& password, const std::string& actor, int workers);

    static bool valid_identifier(std::string_view id);  // [a-z0-9._-]{1,64}
    static constexpr std::size_t kMinPasswordChars = 8;

private:
    storage::Database& database_;
    const Clock& clock_;
    PasswordHasher hasher_;
};

}  // namespace gongkai::workflow
