#pragma once

#include <string>
#include <vector>

// A workflow as written in config/workflows/*.toml, before it is checked and compiled.
namespace gongkai::workflow {

struct StateSpec {
    std::string id;
    std::string label;      // Chinese name shown to users
    bool editable = false;  // content may be edited (creates a new revision) in this state
    // Remind whoever the report waits on once it has waited this long here (0: never).
    int remind_after_hours = 0;
};

// One line of the transition table: action, from-states, to-state, who, guards.
struct TransitionSpec {
    std::string action;
    std::string label;
    std::vector<std::string> from;
    std::string to;
    // Who may take it; any one suffices. "ROLE@org" (role on exactly the report's org),
    // "ROLE@org+ancestors" (that org or any above it), "actor_of:ACTION" (whoever made the
    // latest ACTION decision on the report, e.g. the submitter).
    std::vector<std::string> who;
    // Named checks that must all pass: see guards.hpp for the list.
    std::vector<std::string> guards;
    // Whether a report in a from-state counts as awaiting the people who may take this
    // action (false for optional actions such as withdraw or retract).
    bool awaits = true;
    // Who is told when it is taken: "next" (whoever the report now waits on), "previous"
    // (whoever it waited on before), "authors" (who wrote its revisions), "submitter",
    // "actor_of:ACTION". The actor is never told about their own action.
    std::vector<std::string> notify;
    std::string notify_kind;  // the notification's kind, e.g. "submitted"
    // Chinese text with {actor} {title} {from} {to} {comment} filled in.
    std::string notify_text;
};

struct WorkflowSpec {
    std::string id;
    std::string name;
    std::string initial;
    std::vector<std::string> create_who;  // who may create reports (same forms as `who`)
    std::vector<std::string> edit_who;    // who may edit in editable states
    std::vector<StateSpec> states;
    std::vector<TransitionSpec> transitions;
};

}  // namespace gongkai::workflow
