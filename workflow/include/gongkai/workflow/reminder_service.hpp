#pragma once

#include "gongkai/workflow/org_directory.hpp"
#include "gongkai/workflow/report_events.hpp"
#include "gongkai/workflow/workflow_registry.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>

#include <map>
#include <string>
#include <vector>

namespace gongkai::workflow {

struct DeadlineSettings {
    // Warn this many days before the due date (each once).
    std::vector<int> days_before{14, 7, 3, 1};
    // Due date of the annual report for year Y, as MM-DD of year Y+1 (条例第四十九条:
    // 1月31日). Per organisation; an organisation without an entry uses its nearest
    // ancestor's, then the default.
    std::string default_due = "01-31";
    std::map<std::string, std::string> due_by_org;
    // Dates are Beijing dates.
    int utc_offset_hours = 8;
};

// Chases overdue work: reminds whoever a report waits on once it has waited longer than
// its state's `remind_after_hours` (again after each further period), and warns the
// drafters and leaders of an organisation whose annual report is not published shortly
// before its due date. Each reminder is sent once (remembered in reminders_sent).
class ReminderService {
public:
    ReminderService(storage::Database& database, OrgDirectory& orgs,
                    const WorkflowRegistry& workflows, const Clock& clock,
                    DeadlineSettings deadlines);

    // Sends what is due now; returns how many notifications it wrote. Blocks until they
    // are committed (call it off the I/O threads).
    std::size_t run_once();

    void set_events(ReportEvents* events) { events_ = events; }

private:
    struct DueReminder {
        std::int64_t report_id;
        std::string key;
        long hours_waited;
    };
    struct DueDeadline {
        std::string org;
        int year;
        int days_left;
        std::string due_date;
        std::string key;
        std::vector<std::string> skipped_keys;  // larger thresholds passed while away
    };
    std::vector<DueReminder> find_due_reminders(const OrgTree& tree);
    std::vector<DueDeadline> find_due_deadlines(const OrgTree& tree);
    std::string due_of(const OrgTree& tree, const std::string& org) const;

    storage::Database& database_;
    OrgDirectory& orgs_;
    const WorkflowRegistry& workflows_;
    const Clock& clock_;
    DeadlineSettings deadlines_;
    ReportEvents* events_ = nullptr;
};

}  // namespace gongkai::workflow
