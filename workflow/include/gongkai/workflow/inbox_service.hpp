#pragma once

#include "gongkai/workflow/org_directory.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/outcome.hpp>
#include <gongkai/storage/database.hpp>

#include <optional>
#include <vector>

namespace gongkai::workflow {

struct InboxPage {
    std::vector<storage::Notification> items;
    std::int64_t unread = 0;
    std::optional<std::int64_t> next_before_id;
};

// A user's delivered notifications. Items about reports the user may no longer see are
// left out, so a revoked role stops the stream of news at once.
class InboxService {
public:
    InboxService(storage::Database& database, OrgDirectory& orgs, const Clock& clock);

    InboxPage list(const Actor& actor, bool unread_only, std::size_t limit,
                   std::optional<std::int64_t> before_id);
    // Both complete with the number of notifications newly marked read.
    void mark_read(const Actor& actor, std::vector<std::int64_t> ids,
                   Completion<std::int64_t> done);
    void mark_all_read(const Actor& actor, Completion<std::int64_t> done);

private:
    storage::Database& database_;
    OrgDirectory& orgs_;
    const Clock& clock_;
};

}  // namespace gongkai::workflow
