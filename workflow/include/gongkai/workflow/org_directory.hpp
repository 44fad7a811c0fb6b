#pragma once

#include <gongkai/core/clock.hpp>
#include <gongkai/core/org_tree.hpp>
#include <gongkai/storage/database.hpp>

#include <chrono>
#include <memory>
#include <mutex>

namespace gongkai::workflow {

// The organisation tree, cached. Organisations change rarely (and only through the
// command-line tool), so the tree is reloaded when it is older than `max_age` or when
// someone asks about an org it does not know. Role grants are never cached.
class OrgDirectory {
public:
    OrgDirectory(storage::Database& database, const Clock& clock,
                 std::chrono::milliseconds max_age = std::chrono::seconds(2));

    std::shared_ptr<const OrgTree> tree();
    // A tree that knows `org` if the database does (reloads once on a miss).
    std::shared_ptr<const OrgTree> tree_knowing(std::string_view org);
    std::shared_ptr<const OrgTree> reload();

private:
    storage::Database& database_;
    const Clock& clock_;
    std::chrono::milliseconds max_age_;
    std::mutex mutex_;
    std::shared_ptr<const OrgTree> tree_;
    TimePoint loaded_at_{};
};

}  // namespace gongkai::workflow
