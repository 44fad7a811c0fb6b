#pragma once

#include <gongkai/storage/records.hpp>

namespace gongkai::workflow {

// What the services announce after a change is committed, for whoever keeps connected
// clients up to date (the server). Called on the database writer thread: implementations
// must only hand the work on, never block.
class ReportEvents {
public:
    virtual ~ReportEvents() = default;
    // A report was created or changed state, revision or title.
    virtual void report_changed(const storage::ReportRecord& report) = 0;
    // New notifications are in the outbox.
    virtual void notifications_queued() = 0;
};

}  // namespace gongkai::workflow
