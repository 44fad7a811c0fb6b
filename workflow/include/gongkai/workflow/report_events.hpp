#pragma once

#include <gongkai/storage/comment_store.hpp>
#include <gongkai/storage/records.hpp>

#include <string_view>

namespace gongkai::workflow {

// What the services announce after a change is committed, for whoever keeps connected
// clients up to date (the server). Called on the database writer thread: implementations
// must only hand the work on, never block.
class ReportEvents {
public:
    virtual ~ReportEvents() = default;
    // A report was created or changed state, revision or title.
    virtual void report_changed(const storage::ReportRecord& report) = 0;
    // A comment was added to the discussion of `report`, or a thread was resolved
    // (`change` is "added" or "resolved").
    virtual void discussion_changed(const storage::ReportRecord& report,
                                    const storage::CommentRecord& comment,
                                    std::string_view change) = 0;
    // New notifications are in the outbox.
    virtual void notifications_queued() = 0;
};

}  // namespace gongkai::workflow
