#pragma once

#include "gongkai/workflow/content_rules.hpp"
#include "gongkai/workflow/workflow.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/storage/records.hpp>

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::workflow {

// Everything about a report that a decision is judged on.
struct ReportFacts {
    const storage::ReportRecord& report;
    const std::vector<storage::RevisionRecord>& revisions;  // all, in order (authors)
    const std::vector<storage::DecisionRecord>& decisions;  // all, in order
};

// What the actor brings with a decision.
struct DecisionInput {
    std::int64_t revision = 0;
    std::optional<std::string> comment;
    const boost::json::object* checklist = nullptr;
    // Checks the current content; only called when a guard needs it.
    std::function<ContentCheck()> check_content;
    // Throws unless every `review` finding of the revision is decided and none is must_fix;
    // only called for the findings_decided guard.
    std::function<void()> check_findings;
};

// Judges `action` by `actor` on the report, in the order a user would want to hear about
// problems: unknown action (bad_request), the report moved on (conflict), not possible
// from this state (invalid_transition), not this person (forbidden), then the guards.
// Returns the transition to take, or throws gongkai::Error.
const Transition& decide(const Workflow& workflow, const ReportFacts& facts, const Actor& actor,
                         const Access& access, std::string_view action, const DecisionInput& input);

// Whether `actor` is one of `who` for this report.
bool is_participant(const std::vector<Participant>& who, const ReportFacts& facts,
                    const Actor& actor, const Access& access);

// The transitions `actor` could take now, judged on who and on the guards that do not
// depend on the request. With `awaiting_only`, only those that make the report wait on
// the actor (what "awaiting me" lists).
std::vector<const Transition*> available_transitions(const Workflow& workflow,
                                                     const ReportFacts& facts, const Actor& actor,
                                                     const Access& access, bool awaiting_only);

}  // namespace gongkai::workflow
