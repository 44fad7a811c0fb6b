#include "gongkai/workflow/decision_rules.hpp"

#include <gongkai/core/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace gongkai::workflow {

namespace {

bool made_by(const storage::DecisionRecord& decision, const Actor& actor) {
    return decision.actor_id == actor.user_id;
}

bool on_current_revision(const storage::DecisionRecord& decision, const ReportFacts& facts) {
    return decision.revision == facts.report.revision;
}

bool listed(const std::vector<std::string>& actions, const std::string& action) {
    return std::find(actions.begin(), actions.end(), action) != actions.end();
}

std::optional<std::int64_t> latest_actor_of(const ReportFacts& facts, std::string_view action) {
    for (auto it = facts.decisions.rbegin(); it != facts.decisions.rend(); ++it) {
        if (it->action == action) {
            return it->actor_id;
        }
    }
    return std::nullopt;
}

bool participant_matches(const Participant& participant, const ReportFacts& facts,
                         const Actor& actor, const Access& access) {
    switch (participant.kind) {
        case Participant::Kind::role_exact:
            return access.holds_exactly(participant.role, facts.report.org);
        case Participant::Kind::role_or_ancestors:
            return access.holds_on_or_above(participant.role, facts.report.org);
        case Participant::Kind::actor_of:
            return latest_actor_of(facts, participant.action) == actor.user_id;
    }
    return false;
}

// The guards about the people involved; these decide "awaiting me" as well.
std::optional<Error> check_actor_guard(const Guard& guard, const ReportFacts& facts,
                                       const Actor& actor) {
    switch (guard.kind) {
        case GuardKind::not_author: {
            // 谁审查谁负责: nobody reviews or approves text they wrote themselves.
            bool wrote = std::any_of(facts.revisions.begin(), facts.revisions.end(),
                                     [&](const auto& r) { return r.author_id == actor.user_id; });
            if (wrote) {
                return Error(ErrorCode::forbidden, "您参与了本报告的起草，不能对其进行审查或审批");
            }
            return std::nullopt;
        }
        case GuardKind::not_actor_of: {
            for (const auto& decision : facts.decisions) {
                if (on_current_revision(decision, facts) && made_by(decision, actor) &&
                    listed(guard.actions, decision.action)) {
                    return Error(ErrorCode::forbidden,
                                 fmt::format("您已对本版本作出“{}”决定，不能再作本环节的决定",
                                             decision.action));
                }
            }
            return std::nullopt;
        }
        case GuardKind::revision_has: {
            bool found =
                std::any_of(facts.decisions.begin(), facts.decisions.end(), [&](const auto& d) {
                    return on_current_revision(d, facts) && listed(guard.actions, d.action);
                });
            if (!found) {
                return Error(ErrorCode::forbidden, "只能发布经过批准的版本");
            }
            return std::nullopt;
        }
        default:
            return std::nullopt;
    }
}

void check_checklist(const boost::json::object* checklist) {
    if (checklist == nullptr) {
        throw Error(ErrorCode::validation_failed, "请填写保密审查清单（checklist）");
    }
    for (const auto& member : *checklist) {
        if (std::find(std::begin(kChecklistItems), std::end(kChecklistItems), member.key()) ==
            std::end(kChecklistItems)) {
            throw Error(ErrorCode::bad_request,
                        fmt::format("审查清单中有未知项目“{}”", std::string(member.key())));
        }
        if (!member.value().is_bool()) {
            throw Error(ErrorCode::bad_request, fmt::format("审查清单项目“{}”必须是 true 或 false",
                                                            std::string(member.key())));
        }
    }
    boost::json::array missing, flagged;
    for (auto item : kChecklistItems) {
        auto value = checklist->if_contains(item);
        if (value == nullptr) {
            missing.emplace_back(item);
        } else if (value->get_bool()) {
            flagged.emplace_back(item);
        }
    }
    if (!missing.empty()) {
        throw Error(ErrorCode::validation_failed, "保密审查清单不完整，五项都必须填写",
                    {{"missing", std::move(missing)}});
    }
    if (!flagged.empty()) {
        throw Error(ErrorCode::validation_failed,
                    "审查清单中有“是”的项目，不能通过审查，请退回修改",
                    {{"flagged", std::move(flagged)}});
    }
}

void check_request_guard(const Guard& guard, const DecisionInput& input) {
    switch (guard.kind) {
        case GuardKind::comment_required:
            if (!input.comment ||
                input.comment->find_first_not_of(" \t\r\n") == std::string::npos) {
                throw Error(ErrorCode::validation_failed, "请填写意见（comment）");
            }
            return;
        case GuardKind::checklist_clear:
            check_checklist(input.checklist);
            return;
        case GuardKind::findings_decided:
            if (input.check_findings) input.check_findings();
            return;
        case GuardKind::content_valid: {
            auto check = input.check_content ? input.check_content() : ContentCheck{};
            if (!check.ok()) {
                throw Error(
                    ErrorCode::validation_failed, "报告内容未通过校验，请修改后再提交",
                    {{"errors", std::move(check.errors)}, {"warnings", std::move(check.warnings)}});
            }
            return;
        }
        default:
            return;
    }
}

bool left_a_state_allowing(const Workflow& workflow, const ReportFacts& facts,
                           std::string_view action) {
    return std::any_of(facts.decisions.begin(), facts.decisions.end(), [&](const auto& d) {
        return on_current_revision(d, facts) && workflow.find(action, d.from_state) != nullptr;
    });
}

}  // namespace

namespace {

Error state_moved_on(const Workflow& workflow, const storage::ReportRecord& report) {
    return Error(
        ErrorCode::conflict,
        fmt::format("报告状态已变为“{}”，请刷新后再试", workflow.state_label(report.state)),
        {{"current_revision", report.revision}, {"state", report.state}});
}

// Whether someone else moved this revision on from a state where `actor` could have taken
// `action`: a reviewer who returns a report that another reviewer passed a moment earlier
// lost a race, even though `return` exists (for leaders) in the state the report is in now.
// (Who moved it on themselves is told the action is not theirs any more.)
bool overtaken_by_another(const Workflow& workflow, const ReportFacts& facts, const Actor& actor,
                          const Access& access, std::string_view action) {
    return std::any_of(facts.decisions.begin(), facts.decisions.end(), [&](const auto& d) {
        if (!on_current_revision(d, facts) || made_by(d, actor)) return false;
        const Transition* earlier = workflow.find(action, d.from_state);
        return earlier != nullptr && is_participant(earlier->who, facts, actor, access);
    });
}

}  // namespace

bool is_participant(const std::vector<Participant>& who, const ReportFacts& facts,
                    const Actor& actor, const Access& access) {
    return std::any_of(who.begin(), who.end(), [&](const Participant& participant) {
        return participant_matches(participant, facts, actor, access);
    });
}

const Transition& decide(const Workflow& workflow, const ReportFacts& facts, const Actor& actor,
                         const Access& access, std::string_view action,
                         const DecisionInput& input) {
    if (!workflow.knows_action(action)) {
        throw Error(ErrorCode::bad_request, fmt::format("未知操作“{}”", action));
    }
    const auto& report = facts.report;
    if (input.revision != report.revision) {
        throw Error(ErrorCode::conflict,
                    fmt::format("报告已更新为第 {} 版，您操作的是第 {} 版，请刷新后再试",
                                report.revision, input.revision),
                    {{"current_revision", report.revision}, {"state", report.state}});
    }
    const Transition* transition = workflow.find(action, report.state);
    if (transition == nullptr) {
        // Someone else already moved this revision on from a state where the action was
        // possible (e.g. two reviewers passing at once): that is a conflict, not a mistake.
        if (left_a_state_allowing(workflow, facts, action)) {
            throw state_moved_on(workflow, report);
        }
        throw Error(ErrorCode::invalid_transition,
                    fmt::format("报告当前状态为“{}”，不能“{}”", workflow.state_label(report.state),
                                workflow.action_label(action)),
                    {{"state", report.state}});
    }
    if (!is_participant(transition->who, facts, actor, access)) {
        if (overtaken_by_another(workflow, facts, actor, access, action)) {
            throw state_moved_on(workflow, report);
        }
        std::string who;
        for (const auto& participant : transition->who) {
            who += (who.empty() ? "" : "或") + participant.describe();
        }
        throw Error(ErrorCode::forbidden, fmt::format("只有{}可以执行此操作", who));
    }
    for (const auto& guard : transition->guards) {
        if (auto error = check_actor_guard(guard, facts, actor)) {
            throw *error;
        }
    }
    for (const auto& guard : transition->guards) {
        check_request_guard(guard, input);
    }
    return *transition;
}

std::vector<const Transition*> available_transitions(const Workflow& workflow,
                                                     const ReportFacts& facts, const Actor& actor,
                                                     const Access& access, bool awaiting_only) {
    std::vector<const Transition*> result;
    for (const auto& transition : workflow.transitions()) {
        if (transition.from != facts.report.state || (awaiting_only && !transition.awaits) ||
            !is_participant(transition.who, facts, actor, access)) {
            continue;
        }
        bool blocked = std::any_of(transition.guards.begin(), transition.guards.end(),
                                   [&](const Guard& guard) {
                                       return !guard.depends_on_request() &&
                                              check_actor_guard(guard, facts, actor).has_value();
                                   });
        if (!blocked) {
            result.push_back(&transition);
        }
    }
    return result;
}

}  // namespace gongkai::workflow
