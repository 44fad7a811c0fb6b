#pragma once

#include "gongkai/workflow/workflow_spec.hpp"

#include <gongkai/core/access.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::workflow {

// A workflow file that does not make sense (unknown state, unknown guard, ...).
class WorkflowError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One entry of a `who` list, parsed.
struct Participant {
    enum class Kind { role_exact, role_or_ancestors, actor_of };
    Kind kind = Kind::role_exact;
    Role role = Role::drafter;
    std::string action;  // for actor_of

    static Participant parse(std::string_view text);  // throws WorkflowError
    std::string describe() const;                     // Chinese, for error messages
};

// The named checks a transition can require.
enum class GuardKind {
    content_valid,     // the content passes the validation of its kind
    comment_required,  // a non-empty comment comes with the decision
    checklist_clear,   // the five-item secrecy checklist is complete and all false
    not_author,        // the actor wrote none of the report's revisions
    not_actor_of,      // the actor made none of the listed decisions on this revision
    revision_has,      // a decision of the listed kind exists on this revision
    findings_decided,  // every `review` finding of the revision's secrecy scan has a
                       // disposition, and none is must_fix (review.disposition)
};

struct Guard {
    GuardKind kind;
    std::vector<std::string> actions;  // for not_actor_of and revision_has

    // "content_valid", "not_actor_of:pass_review", "revision_has:approve", ...
    static Guard parse(std::string_view text);  // throws WorkflowError
    // Guards about what the request brings (comment, checklist, content) or about work
    // still to be done on the way (the reviewer's dispositions) are judged only when
    // someone acts; "awaiting me" and the list of available actions ignore them.
    bool depends_on_request() const;
};

// Who is told about a transition (see TransitionSpec::notify).
struct NotifyTarget {
    enum class Kind { next, previous, authors, actor_of };
    Kind kind = Kind::next;
    std::string action;  // for actor_of ("submitter" is actor_of:submit)

    static NotifyTarget parse(std::string_view text);  // throws WorkflowError
};

struct Transition {
    std::string action;
    std::string label;
    std::string from;
    std::string to;
    std::vector<Participant> who;
    std::vector<Guard> guards;
    bool awaits = true;
    std::vector<NotifyTarget> notify;
    std::string notify_kind;
    std::string notify_text;
};

// A checked workflow: the state machine of one kind of review process, as data.
class Workflow {
public:
    // Checks the spec (states exist, actions unique per from-state, who and guards parse)
    // and builds the lookup tables. Throws WorkflowError naming the problem.
    static Workflow compile(const WorkflowSpec& spec);

    const std::string& id() const { return id_; }
    const std::string& name() const { return name_; }
    const std::string& initial() const { return initial_; }
    const std::vector<StateSpec>& states() const { return states_; }
    const std::vector<Transition>& transitions() const { return transitions_; }
    const std::vector<Participant>& create_who() const { return create_who_; }
    const std::vector<Participant>& edit_who() const { return edit_who_; }

    const StateSpec* state(std::string_view id) const;
    // The state as people call it (its label), or the id for a state this workflow lacks.
    std::string_view state_label(std::string_view id) const;
    // An action as people call it (the label of its first transition), or the action itself.
    std::string_view action_label(std::string_view action) const;
    const Transition* find(std::string_view action, std::string_view from) const;
    bool knows_action(std::string_view action) const;

    // The table as a Graphviz digraph: documentation that cannot drift from the config.
    std::string to_dot() const;

private:
    std::string id_;
    std::string name_;
    std::string initial_;
    std::vector<StateSpec> states_;
    std::vector<Transition> transitions_;
    std::vector<Participant> create_who_;
    std::vector<Participant> edit_who_;
};

// The review checklist (保密审查清单) items, in display order.
inline constexpr std::string_view kChecklistItems[] = {
    "state_secret", "work_secret", "personal_info", "commercial_secret", "security_stability"};

}  // namespace gongkai::workflow
