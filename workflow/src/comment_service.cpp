#include "gongkai/workflow/comment_service.hpp"

#include "gongkai/workflow/notifications.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/utf8.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace gongkai::workflow {

namespace {

using storage::CommentRecord;
using storage::Stores;

bool valid_anchor(std::string_view anchor) {
    if (anchor.empty() || anchor.size() > 200 || anchor.front() == '.' || anchor.back() == '.') {
        return false;
    }
    return std::all_of(anchor.begin(), anchor.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    });
}

// The mentions in `body` that name somebody who may see the report (and so was told), as
// written, so that clients emphasise exactly those ("@王强请阅": "@王强", not the four
// characters after the @).
std::vector<std::string> mentions_naming_someone(Stores& stores, const OrgTree& tree,
                                                 const storage::ReportRecord& report,
                                                 std::string_view body) {
    std::vector<std::string> found;
    auto add = [&found](std::string mention) {
        if (std::find(found.begin(), found.end(), mention) == found.end()) {
            found.push_back(std::move(mention));
        }
    };
    auto may_see = [&](const storage::UserRecord& user) {
        return Access(tree, stores.directory.grants_of(user.id)).can_see(report.org);
    };
    for (const auto& name : CommentService::mentions(body)) {
        auto user = stores.directory.find_user_by_name(name);
        if (user && may_see(*user)) add("@" + name);
    }
    for (const auto& text : CommentService::name_mentions(body)) {
        for (const auto& user : stores.directory.users_named_at_start_of(text)) {
            if (may_see(user)) {
                add("@" + user.display_name);
                break;
            }
        }
    }
    return found;
}

// The first few characters of a comment, for the notification text.
std::string excerpt(std::string_view body) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(body[i]);
        if ((c & 0xC0) != 0x80 && ++chars > 40) {
            return out + "…";
        }
        out.push_back(c == '\n' || c == '\r' ? ' ' : body[i]);
    }
    return out;
}

void check_body(const std::string& body) {
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw Error(ErrorCode::validation_failed, "评论内容不能为空");
    }
    if (count_code_points(body) > CommentService::kMaxBodyChars) {
        throw Error(ErrorCode::too_large,
                    fmt::format("评论不能超过 {} 个字", CommentService::kMaxBodyChars),
                    {{"field", "body"}});
    }
}

storage::ReportRecord visible_report(Stores& stores, const Access& access, std::int64_t report_id) {
    auto report = stores.reports.find(report_id);
    if (!report || !access.can_see(report->org)) {
        throw Error(ErrorCode::not_found, fmt::format("报告 {} 不存在", report_id));
    }
    return *report;
}

}  // namespace

CommentService::CommentService(storage::Database& database, OrgDirectory& orgs, const Clock& clock)
    : database_(database), orgs_(orgs), clock_(clock) {}

std::vector<std::string> CommentService::mentions(std::string_view body) {
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '@' || (i > 0 && std::isalnum(static_cast<unsigned char>(body[i - 1])))) {
            continue;  // "name@example.org" is an address, not a mention
        }
        std::size_t end = i + 1;
        while (end < body.size() &&
               ((body[end] >= 'a' && body[end] <= 'z') || (body[end] >= '0' && body[end] <= '9') ||
                body[end] == '.' || body[end] == '_' || body[end] == '-')) {
            ++end;
        }
        std::string name(body.substr(i + 1, end - i - 1));
        while (!name.empty() && (name.back() == '.' || name.back() == '-')) {
            name.pop_back();  // sentence punctuation after the name
        }
        if (!name.empty() && seen.insert(name).second) {
            names.push_back(name);
        }
    }
    return names;
}

std::vector<std::string> CommentService::name_mentions(std::string_view body) {
    constexpr std::size_t kMaxCharacters = 10;
    std::vector<std::string> texts;
    for (std::size_t at = body.find('@'); at != std::string_view::npos;
         at = body.find('@', at + 1)) {
        std::size_t end = at + 1;
        if (end >= body.size() || static_cast<unsigned char>(body[end]) < 0x80) {
            continue;  // "@leader" (a username) or a lone "@"
        }
        std::size_t characters = 0;
        while (end < body.size() && characters < kMaxCharacters && body[end] != '@' &&
               !std::isspace(static_cast<unsigned char>(body[end]))) {
            // Step over one UTF-8 character (the body is valid UTF-8: the frame was).
            ++end;
            while (end < body.size() && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
                ++end;
            }
            ++characters;
        }
        texts.emplace_back(body.substr(at + 1, end - at - 1));
    }
    return texts;
}

void CommentService::add(const Actor& actor, AddComment request, Completion<CommentRecord> done) {
    check_body(request.body);
    if (request.anchor && !valid_anchor(*request.anchor)) {
        throw Error(ErrorCode::bad_request,
                    "anchor 必须是内容中的章节或单元格路径，如 sections.overview",
                    {{"field", "anchor"}});
    }
    auto tree = orgs_.tree();
    auto result = std::make_shared<CommentRecord>();
    auto discussed = std::make_shared<storage::ReportRecord>();
    auto notified = std::make_shared<std::size_t>(0);
    database_.writer().submit(
        [this, actor, request = std::move(request), tree, result, discussed,
         notified](Stores& stores) {
            Access access(*tree, stores.directory.grants_of(actor.user_id));
            auto report = visible_report(stores, access, request.report_id);
            *discussed = report;
            if (request.revision < 1 || request.revision > report.revision) {
                throw Error(ErrorCode::not_found,
                            fmt::format("报告 {} 没有第 {} 版", report.id, request.revision));
            }
            CommentRecord comment;
            comment.report_id = report.id;
            comment.revision = request.revision;
            comment.author_id = actor.user_id;
            comment.author_username = actor.username;
            comment.author_display_name = actor.display_name;
            comment.body = request.body;
            comment.anchor = request.anchor;
            comment.created_at = format_iso8601(clock_.now());
            if (request.reply_to) {
                auto parent = stores.comments.find(*request.reply_to);
                if (!parent || parent->report_id != report.id) {
                    throw Error(ErrorCode::not_found, "要回复的评论不存在");
                }
                comment.reply_to = parent->id;
                comment.thread_id = parent->thread_id;
            }
            comment.id = stores.comments.insert(comment);
            if (!comment.thread_id) comment.thread_id = comment.id;
            boost::json::object details{{"comment_id", comment.id},
                                        {"body", comment.body},
                                        {"thread_id", comment.thread_id}};
            if (comment.anchor) details["anchor"] = *comment.anchor;
            if (comment.reply_to) details["reply_to"] = *comment.reply_to;
            stores.audit.append({actor.username, "comment.add", report.id, std::nullopt,
                                 std::nullopt, request.revision, std::nullopt, std::move(details)});

            // Everyone who took part: authors, deciders, earlier commenters.
            std::vector<storage::UserRecord> participants;
            std::set<std::int64_t> ids;
            for (const auto& revision : stores.reports.revisions(report.id)) {
                ids.insert(revision.author_id);
            }
            for (const auto& decision : stores.reports.decisions(report.id)) {
                ids.insert(decision.actor_id);
            }
            for (const auto& earlier : stores.comments.for_report(report.id)) {
                ids.insert(earlier.author_id);
            }
            std::vector<storage::UserRecord> mentioned;
            std::set<std::int64_t> mentioned_ids;
            auto mention = [&](const storage::UserRecord& user) {
                ids.erase(user.id);  // told once, as mentioned
                if (mentioned_ids.insert(user.id).second) mentioned.push_back(user);
            };
            for (const auto& name : mentions(comment.body)) {
                if (auto user = stores.directory.find_user_by_name(name)) mention(*user);
            }
            for (const auto& text : name_mentions(comment.body)) {
                for (const auto& user : stores.directory.users_named_at_start_of(text)) {
                    mention(user);
                }
            }
            for (auto id : ids) {
                if (auto user = stores.directory.find_user(id)) participants.push_back(*user);
            }
            const auto text = fmt::format("{} 评论了《{}》：{}", actor.display_name, report.title,
                                          excerpt(comment.body));
            const auto mention_text =
                fmt::format("{} 在《{}》的讨论中提到了您：{}", actor.display_name, report.title,
                            excerpt(comment.body));
            *notified = notify_users(stores, *tree, report, participants, "comment", text,
                                     actor.username, actor.user_id, comment.created_at) +
                        notify_users(stores, *tree, report, mentioned, "mention", mention_text,
                                     actor.username, actor.user_id, comment.created_at);
            comment.mentions = mentions_naming_someone(stores, *tree, report, comment.body);
            *result = comment;
        },
        [this, result, discussed, notified, done = std::move(done)](std::exception_ptr error) {
            if (error) {
                done(error);
                return;
            }
            if (events_) {
                events_->discussion_changed(*discussed, *result, "added");
                if (*notified > 0) events_->notifications_queued();
            }
            done(*result);
        });
}

std::vector<CommentThread> CommentService::list(const Actor& actor, std::int64_t report_id) {
    auto tree = orgs_.tree();
    std::vector<CommentRecord> comments;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        auto report = visible_report(stores, access, report_id);
        comments = stores.comments.for_report(report_id);
        for (auto& comment : comments) {
            if (comment.body.find('@') != std::string::npos) {
                comment.mentions = mentions_naming_someone(stores, *tree, report, comment.body);
            }
        }
    });
    std::vector<CommentThread> threads;
    std::map<std::int64_t, std::size_t> index;
    for (auto& comment : comments) {
        if (comment.id == comment.thread_id) {
            index[comment.id] = threads.size();
            threads.push_back({std::move(comment), {}});
        } else if (auto it = index.find(comment.thread_id); it != index.end()) {
            threads[it->second].replies.push_back(std::move(comment));
        }
    }
    return threads;
}

void CommentService::resolve(const Actor& actor, std::int64_t comment_id,
                             Completion<CommentRecord> done) {
    auto tree = orgs_.tree();
    auto result = std::make_shared<CommentRecord>();
    auto discussed = std::make_shared<storage::ReportRecord>();
    auto newly_resolved = std::make_shared<bool>(false);
    database_.writer().submit(
        [this, actor, comment_id, tree, result, discussed, newly_resolved](Stores& stores) {
            Access access(*tree, stores.directory.grants_of(actor.user_id));
            // A comment on a report the caller cannot see is answered as a missing one:
            // neither the comment's existence nor its report may leak.
            auto comment = stores.comments.find(comment_id);
            auto report = comment ? stores.reports.find(comment->report_id) : std::nullopt;
            if (!comment || !report || !access.can_see(report->org)) {
                throw Error(ErrorCode::not_found, fmt::format("评论 {} 不存在", comment_id));
            }
            auto first = stores.comments.find(comment->thread_id);
            bool allowed = (first && first->author_id == actor.user_id) ||
                           access.holds_on_or_above(Role::reviewer, report->org) ||
                           access.holds_on_or_above(Role::leader, report->org);
            if (!allowed) {
                throw Error(ErrorCode::forbidden, "只有发起讨论的人或审查人、领导可以标记为已解决");
            }
            *discussed = *report;
            if (!first->resolved_at) {
                *newly_resolved = true;
                const auto now = format_iso8601(clock_.now());
                stores.comments.resolve_thread(comment->thread_id, actor.user_id, now);
                stores.audit.append(
                    {actor.username,
                     "comment.resolve",
                     report->id,
                     std::nullopt,
                     std::nullopt,
                     std::nullopt,
                     std::nullopt,
                     {{"comment_id", comment_id}, {"thread_id", comment->thread_id}}});
            }
            *result = *stores.comments.find(comment->thread_id);
        },
        [this, result, discussed, newly_resolved,
         done = std::move(done)](std::exception_ptr error) {
            if (error) {
                done(error);
                return;
            }
            if (events_ && *newly_resolved) {
                events_->discussion_changed(*discussed, *result, "resolved");
            }
            done(*result);
        });
}

}  // namespace gongkai::workflow
