#include "gongkai/workflow/notifications.hpp"

#include <set>

namespace gongkai::workflow {

namespace {

using storage::UserRecord;

// Everyone who holds one of the roles in `who` where it counts for this report, plus the
// actors named by actor_of entries: the candidates, before the guards are applied.
std::vector<UserRecord> candidates(storage::Stores& stores, const OrgTree& tree,
                                   const std::vector<Participant>& who, const ReportFacts& facts) {
    std::vector<UserRecord> users;
    for (const auto& participant : who) {
        switch (participant.kind) {
            case Participant::Kind::role_exact: {
                auto found = stores.directory.users_with_role(facts.report.org, participant.role);
                users.insert(users.end(), found.begin(), found.end());
                break;
            }
            case Participant::Kind::role_or_ancestors:
                for (const auto& org : tree.self_and_ancestors(facts.report.org)) {
                    auto found = stores.directory.users_with_role(org, participant.role);
                    users.insert(users.end(), found.begin(), found.end());
                }
                break;
            case Participant::Kind::actor_of:
                for (auto it = facts.decisions.rbegin(); it != facts.decisions.rend(); ++it) {
                    if (it->action == participant.action) {
                        if (auto user = stores.directory.find_user(it->actor_id)) {
                            users.push_back(*user);
                        }
                        break;
                    }
                }
                break;
        }
    }
    return users;
}

std::optional<UserRecord> latest_actor_of(storage::Stores& stores, const ReportFacts& facts,
                                          std::string_view action) {
    for (auto it = facts.decisions.rbegin(); it != facts.decisions.rend(); ++it) {
        if (it->action == action) {
            return stores.directory.find_user(it->actor_id);
        }
    }
    return std::nullopt;
}

void add_unique(std::vector<UserRecord>& to, std::set<std::int64_t>& seen, UserRecord user) {
    if (seen.insert(user.id).second) {
        to.push_back(std::move(user));
    }
}

}  // namespace

std::vector<UserRecord> awaiting_users(storage::Stores& stores, const OrgTree& tree,
                                       const Workflow& workflow, const ReportFacts& facts) {
    std::vector<UserRecord> result;
    std::set<std::int64_t> seen;
    for (const auto& transition : workflow.transitions()) {
        if (transition.from != facts.report.state || !transition.awaits) {
            continue;
        }
        for (auto& user : candidates(stores, tree, transition.who, facts)) {
            if (seen.contains(user.id) || user.disabled) {
                continue;
            }
            Access access(tree, stores.directory.grants_of(user.id));
            if (!available_transitions(workflow, facts, user.actor(), access, true).empty()) {
                add_unique(result, seen, std::move(user));
            }
        }
    }
    return result;
}

std::string fill_template(std::string_view text,
                          const std::map<std::string, std::string>& values) {
    std::string out;
    out.reserve(text.size() + 64);
    std::size_t i = 0;
    while (i < text.size()) {
        auto open = text.find('{', i);
        if (open == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        auto close = text.find('}', open);
        if (close == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, open - i));
        auto name = std::string(text.substr(open + 1, close - open - 1));
        if (auto it = values.find(name); it != values.end()) {
            out += it->second;
        } else {
            out.append(text.substr(open, close - open + 1));
        }
        i = close + 1;
    }
    return out;
}

std::size_t notify_users(storage::Stores& stores, const OrgTree& tree,
                         const storage::ReportRecord& report,
                         const std::vector<UserRecord>& recipients, const std::string& kind,
                         const std::string& text, const std::optional<std::string>& actor_username,
                         std::int64_t actor_id, const std::string& now) {
    std::size_t written = 0;
    std::set<std::int64_t> seen;
    for (const auto& user : recipients) {
        if (user.id == actor_id || user.disabled || !seen.insert(user.id).second) {
            continue;
        }
        Access access(tree, stores.directory.grants_of(user.id));
        if (!access.can_see(report.org)) {
            continue;  // never tell anyone about a report they may not see
        }
        storage::Notification notification;
        notification.recipient_id = user.id;
        notification.kind = kind;
        notification.report_id = report.id;
        notification.title = report.title;
        notification.text = text;
        notification.actor = actor_username;
        notification.created_at = now;
        stores.notifications.enqueue(notification);
        ++written;
    }
    return written;
}

std::size_t notify_transition(storage::Stores& stores, const OrgTree& tree,
                              const TransitionNotice& notice, const std::string& now) {
    const auto& transition = notice.transition;
    if (transition.notify.empty()) {
        return 0;
    }
    std::vector<UserRecord> recipients;
    std::set<std::int64_t> seen;
    for (const auto& target : transition.notify) {
        switch (target.kind) {
            case NotifyTarget::Kind::next:
                for (auto& user : awaiting_users(stores, tree, notice.workflow, notice.after)) {
                    add_unique(recipients, seen, std::move(user));
                }
                break;
            case NotifyTarget::Kind::previous:
                for (auto& user : awaiting_users(stores, tree, notice.workflow, notice.before)) {
                    add_unique(recipients, seen, std::move(user));
                }
                break;
            case NotifyTarget::Kind::authors:
                for (const auto& revision : notice.after.revisions) {
                    if (auto user = stores.directory.find_user(revision.author_id)) {
                        add_unique(recipients, seen, std::move(*user));
                    }
                }
                break;
            case NotifyTarget::Kind::actor_of:
                if (auto user = latest_actor_of(stores, notice.after, target.action)) {
                    add_unique(recipients, seen, std::move(*user));
                }
                break;
        }
    }
    const StateSpec* from = notice.workflow.state(transition.from);
    const StateSpec* to = notice.workflow.state(transition.to);
    auto text = fill_template(transition.notify_text,
                              {{"actor", notice.actor.display_name},
                               {"title", notice.after.report.title},
                               {"from", from ? from->label : transition.from},
                               {"to", to ? to->label : transition.to},
                               {"comment", notice.comment.value_or("")}});
    return notify_users(stores, tree, notice.after.report, recipients, transition.notify_kind, text,
                        notice.actor.username, notice.actor.user_id, now);
}

}  // namespace gongkai::workflow
