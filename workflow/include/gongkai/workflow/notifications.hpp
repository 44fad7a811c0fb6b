#pragma once

#include "gongkai/workflow/decision_rules.hpp"
#include "gongkai/workflow/workflow.hpp"

#include <gongkai/core/org_tree.hpp>
#include <gongkai/storage/database.hpp>

#include <map>
#include <string>
#include <vector>

// Who is told what. Everything here runs inside the write transaction of the change that
// causes the notifications and writes them into the outbox (transactional outbox); the
// notifier module carries them to the inboxes. A recipient only ever hears about reports
// they may see, and never about their own action.
namespace gongkai::workflow {

// The users the report waits on now: those who may take one of the awaiting actions from
// its current state (judged on role, org and who did what, as "awaiting me" is).
std::vector<storage::UserRecord> awaiting_users(storage::Stores& stores, const OrgTree& tree,
                                                const Workflow& workflow,
                                                const ReportFacts& facts);

// Fills {name} placeholders; unknown names stay as they are.
std::string fill_template(std::string_view text,
                          const std::map<std::string, std::string>& values);

struct TransitionNotice {
    const Workflow& workflow;
    const Transition& transition;
    const ReportFacts& before;  // the report as it was, in the from-state
    const ReportFacts& after;   // the report now, with the new decision
    const Actor& actor;
    const std::optional<std::string>& comment;
};

// Writes the notifications of a transition (per its `notify` line) into the outbox.
// Returns how many it wrote.
std::size_t notify_transition(storage::Stores& stores, const OrgTree& tree,
                              const TransitionNotice& notice, const std::string& now);

// Writes one notification per recipient who can see `report` (the actor excluded).
std::size_t notify_users(storage::Stores& stores, const OrgTree& tree,
                         const storage::ReportRecord& report,
                         const std::vector<storage::UserRecord>& recipients,
                         const std::string& kind, const std::string& text,
                         const std::optional<std::string>& actor_username,
                         std::int64_t actor_id, const std::string& now);

}  // namespace gongkai::workflow
