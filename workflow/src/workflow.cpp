#include "gongkai/workflow/workflow.hpp"

#include <fmt/format.h>

#include <set>

namespace gongkai::workflow {

namespace {

std::string_view role_label(Role role) {
    switch (role) {
        case Role::drafter: return "起草人";
        case Role::reviewer: return "保密审查人";
        case Role::leader: return "分管领导";
        case Role::auditor: return "审计人员";
        case Role::admin: return "系统管理员";
    }
    return "";
}

std::vector<std::string> split_actions(std::string_view text) {
    std::vector<std::string> actions;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        auto piece = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        if (!piece.empty()) {
            actions.emplace_back(piece);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return actions;
}

}  // namespace

Participant Participant::parse(std::string_view text) {
    Participant participant;
    if (text.starts_with("actor_of:")) {
        participant.kind = Kind::actor_of;
        participant.action = std::string(text.substr(9));
        if (participant.action.empty()) {
            throw WorkflowError(fmt::format("who \"{}\": actor_of needs an action", text));
        }
        return participant;
    }
    auto at = text.find('@');
    if (at == std::string_view::npos) {
        throw WorkflowError(fmt::format("who \"{}\": expected ROLE@org, ROLE@org+ancestors or "
                                        "actor_of:ACTION",
                                        text));
    }
    auto role = parse_role(text.substr(0, at));
    if (!role) {
        throw WorkflowError(fmt::format("who \"{}\": unknown role", text));
    }
    participant.role = *role;
    auto scope = text.substr(at + 1);
    if (scope == "org") {
        participant.kind = Kind::role_exact;
    } else if (scope == "org+ancestors") {
        participant.kind = Kind::role_or_ancestors;
    } else {
        throw WorkflowError(fmt::format("who \"{}\": scope must be org or org+ancestors", text));
    }
    return participant;
}

std::string Participant::describe() const {
    switch (kind) {
        case Kind::role_exact: return fmt::format("本单位{}", role_label(role));
        case Kind::role_or_ancestors:
            return fmt::format("本单位或上级单位{}", role_label(role));
        case Kind::actor_of: return fmt::format("执行“{}”操作的人", action);
    }
    return "";
}

NotifyTarget NotifyTarget::parse(std::string_view text) {
    if (text == "next") return {Kind::next, {}};
    if (text == "previous") return {Kind::previous, {}};
    if (text == "authors") return {Kind::authors, {}};
    if (text == "submitter") return {Kind::actor_of, "submit"};
    if (text.starts_with("actor_of:") && text.size() > 9) {
        return {Kind::actor_of, std::string(text.substr(9))};
    }
    throw WorkflowError(fmt::format("notify \"{}\": expected next, previous, authors, "
                                    "submitter or actor_of:ACTION",
                                    text));
}

Guard Guard::parse(std::string_view text) {
    auto colon = text.find(':');
    auto name = text.substr(0, colon);
    auto argument = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
    auto plain = [&](GuardKind kind) {
        if (!argument.empty()) {
            throw WorkflowError(fmt::format("guard \"{}\" takes no argument", text));
        }
        return Guard{kind, {}};
    };
    auto with_actions = [&](GuardKind kind) {
        auto actions = split_actions(argument);
        if (actions.empty()) {
            throw WorkflowError(fmt::format("guard \"{}\" needs :ACTION[,ACTION...]", text));
        }
        return Guard{kind, std::move(actions)};
    };
    if (name == "content_valid") return plain(GuardKind::content_valid);
    if (name == "comment_required") return plain(GuardKind::comment_required);
    if (name == "checklist_clear") return plain(GuardKind::checklist_clear);
    if (name == "findings_decided") return plain(GuardKind::findings_decided);
    if (name == "not_author") return plain(GuardKind::not_author);
    if (name == "not_actor_of") return with_actions(GuardKind::not_actor_of);
    if (name == "revision_has") return with_actions(GuardKind::revision_has);
    throw WorkflowError(fmt::format("unknown guard \"{}\"", text));
}

bool Guard::depends_on_request() const {
    return kind == GuardKind::content_valid || kind == GuardKind::comment_required ||
           kind == GuardKind::checklist_clear || kind == GuardKind::findings_decided;
}

Workflow Workflow::compile(const WorkflowSpec& spec) {
    Workflow workflow;
    workflow.id_ = spec.id;
    workflow.name_ = spec.name;
    workflow.initial_ = spec.initial;
    workflow.states_ = spec.states;
    if (spec.id.empty()) {
        throw WorkflowError("workflow has no id");
    }
    std::set<std::string> state_ids;
    for (const auto& state : spec.states) {
        if (state.id.empty() || !state_ids.insert(state.id).second) {
            throw WorkflowError(fmt::format("workflow {}: state \"{}\" is empty or repeated",
                                            spec.id, state.id));
        }
    }
    auto require_state = [&](const std::string& id, std::string_view where) {
        if (!state_ids.contains(id)) {
            throw WorkflowError(
                fmt::format("workflow {}: {} names unknown state \"{}\"", spec.id, where, id));
        }
    };
    require_state(spec.initial, "initial");
    auto parse_who = [&](const std::vector<std::string>& who, std::string_view where) {
        std::vector<Participant> participants;
        for (const auto& entry : who) {
            try {
                participants.push_back(Participant::parse(entry));
            } catch (const WorkflowError& e) {
                throw WorkflowError(fmt::format("workflow {}: {}: {}", spec.id, where, e.what()));
            }
        }
        if (participants.empty()) {
            throw WorkflowError(fmt::format("workflow {}: {}: `who` is empty", spec.id, where));
        }
        return participants;
    };
    workflow.create_who_ = parse_who(spec.create_who, "create_who");
    workflow.edit_who_ = parse_who(spec.edit_who, "edit_who");

    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& line : spec.transitions) {
        const std::string where = "transition " + line.action;
        if (line.action.empty() || line.from.empty()) {
            throw WorkflowError(
                fmt::format("workflow {}: a transition lacks its action or from", spec.id));
        }
        require_state(line.to, where);
        auto who = parse_who(line.who, where);
        std::vector<Guard> guards;
        for (const auto& guard : line.guards) {
            try {
                guards.push_back(Guard::parse(guard));
            } catch (const WorkflowError& e) {
                throw WorkflowError(fmt::format("workflow {}: {}: {}", spec.id, where, e.what()));
            }
        }
        std::vector<NotifyTarget> notify;
        for (const auto& target : line.notify) {
            try {
                notify.push_back(NotifyTarget::parse(target));
            } catch (const WorkflowError& e) {
                throw WorkflowError(fmt::format("workflow {}: {}: {}", spec.id, where, e.what()));
            }
        }
        if (!notify.empty() && (line.notify_kind.empty() || line.notify_text.empty())) {
            throw WorkflowError(fmt::format(
                "workflow {}: {}: `notify` needs `notify_kind` and `notify_text`", spec.id, where));
        }
        for (const auto& from : line.from) {
            require_state(from, where);
            if (!seen.emplace(line.action, from).second) {
                throw WorkflowError(fmt::format(
                    "workflow {}: action {} appears twice from state {}", spec.id, line.action,
                    from));
            }
            workflow.transitions_.push_back({line.action, line.label, from, line.to, who, guards,
                                             line.awaits, notify, line.notify_kind,
                                             line.notify_text});
        }
    }
    return workflow;
}

const StateSpec* Workflow::state(std::string_view id) const {
    for (const auto& state : states_) {
        if (state.id == id) {
            return &state;
        }
    }
    return nullptr;
}

std::string_view Workflow::state_label(std::string_view id) const {
    const StateSpec* spec = state(id);
    return spec != nullptr ? std::string_view(spec->label) : id;
}

std::string_view Workflow::action_label(std::string_view action) const {
    for (const auto& transition : transitions_) {
        if (transition.action == action && !transition.label.empty()) return transition.label;
    }
    return action;
}

const Transition* Workflow::find(std::string_view action, std::string_view from) const {
    for (const auto& transition : transitions_) {
        if (transition.action == action && transition.from == from) {
            return &transition;
        }
    }
    return nullptr;
}

bool Workflow::knows_action(std::string_view action) const {
    for (const auto& transition : transitions_) {
        if (transition.action == action) {
            return true;
        }
    }
    return false;
}

std::string Workflow::to_dot() const {
    std::string dot = fmt::format("digraph \"{}\" {{\n  rankdir=LR;\n", id_);
    for (const auto& state : states_) {
        dot += fmt::format("  {} [label=\"{}\\n{}\"{}];\n", state.id, state.id, state.label,
                           state.id == initial_ ? ", shape=doublecircle" : "");
    }
    for (const auto& transition : transitions_) {
        std::string who;
        for (const auto& participant : transition.who) {
            who += (who.empty() ? "" : " | ") + participant.describe();
        }
        dot += fmt::format("  {} -> {} [label=\"{}\\n{}\"];\n", transition.from, transition.to,
                           transition.action, who);
    }
    dot += "}\n";
    return dot;
}

}  // namespace gongkai::workflow
