#include "gongkai/workflow/report_service.hpp"

#include "gongkai/workflow/decision_rules.hpp"
#include "gongkai/workflow/notifications.hpp"

#include <gongkai/core/canonical_json.hpp>
#include <gongkai/core/error.hpp>
#include <gongkai/core/sha256.hpp>
#include <gongkai/core/utf8.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>

namespace gongkai::workflow {

namespace {

using storage::DecisionRecord;
using storage::ReportRecord;
using storage::RevisionRecord;
using storage::Stores;

Error not_found(std::int64_t report_id) {
    return Error(ErrorCode::not_found, fmt::format("报告 {} 不存在", report_id));
}

ReportRecord load_visible(Stores& stores, const Access& access, std::int64_t report_id) {
    auto report = stores.reports.find(report_id);
    if (!report || !access.can_see(report->org)) {
        throw not_found(report_id);
    }
    return *report;
}

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

void check_title(const std::string& title, std::size_t max_chars) {
    if (is_blank(title)) {
        throw Error(ErrorCode::validation_failed, "标题不能为空");
    }
    if (count_code_points(title) > max_chars) {
        throw Error(ErrorCode::too_large, fmt::format("标题不能超过 {} 个字", max_chars));
    }
    if (std::any_of(title.begin(), title.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        throw Error(ErrorCode::validation_failed, "标题不能包含换行或控制字符");
    }
}

// The calendar date in China (UTC+8), for the birth dates in identity numbers.
std::chrono::year_month_day china_date(const Clock& clock) {
    return std::chrono::year_month_day{
        std::chrono::floor<std::chrono::days>(clock.now() + std::chrono::hours(8))};
}

// Rule R6 compares an annual report with the organisation's published report of the year
// before. Nothing when there is none: R6 is then only a warning.
std::optional<boost::json::object> previous_year_content(Stores& stores,
                                                         const ReportRecord& report);

boost::json::object parse_content(const std::string& canonical) {
    return boost::json::parse(canonical).as_object();
}

// The year an annual report is about, when its content says (for deadline checks).
std::optional<int> annual_year(std::string_view kind, const boost::json::object& content) {
    if (kind != "annual_report") return std::nullopt;
    auto year = content.if_contains("year");
    if (year == nullptr || !year->is_int64() || year->get_int64() < 1900 ||
        year->get_int64() > 9999) {
        return std::nullopt;
    }
    return static_cast<int>(year->get_int64());
}

const ReportRecord& report_of(const ReportView& view) { return view.report; }
const ReportRecord& report_of(const TransitionResult& result) { return result.view.report; }

// What a job tells the world after its commit.
struct Announcement {
    bool report_changed = true;
    std::size_t notifications = 0;
};

}  // namespace

// Runs `work` as a writer job and hands its result to `done` after the commit, then tells
// the listeners. `work` returns the result and fills in an Announcement.
template <class T, class Work>
void ReportService::run_job(Work work, Completion<T> done) {
    auto result = std::make_shared<std::optional<T>>();
    auto announcement = std::make_shared<Announcement>();
    database_.writer().submit(
        [result, announcement, work = std::move(work)](Stores& stores) mutable {
            *result = work(stores, *announcement);
        },
        [this, result, announcement, done = std::move(done)](std::exception_ptr error) {
            if (error) {
                done(Outcome<T>(error));
                return;
            }
            if (events_ != nullptr) {
                if (announcement->report_changed) events_->report_changed(report_of(**result));
                if (announcement->notifications > 0) events_->notifications_queued();
            }
            done(Outcome<T>(std::move(**result)));
        });
}

ReportService::ReportService(storage::Database& database, OrgDirectory& orgs,
                             const WorkflowRegistry& workflows, const ContentRules& rules,
                             const Clock& clock, ReportLimits limits)
    : database_(database),
      orgs_(orgs),
      workflows_(workflows),
      rules_(rules),
      clock_(clock),
      limits_(limits) {}

namespace {

const Workflow& workflow_of(const WorkflowRegistry& registry, const ReportRecord& report) {
    const Workflow* workflow = registry.find(report.workflow);
    if (workflow == nullptr) {
        // A report outlived its workflow's configuration: an operator error, not a user's.
        throw Error(ErrorCode::internal,
                    fmt::format("报告使用的流程“{}”未配置", report.workflow));
    }
    return *workflow;
}

ReportView make_view(Stores& stores, const WorkflowRegistry& registry, const ReportRecord& report,
                     RevisionRecord revision, const Actor& actor, const Access& access) {
    ReportView view{report, std::move(revision), {}, false};
    const Workflow& workflow = workflow_of(registry, report);
    auto revisions = stores.reports.revisions(report.id);
    auto decisions = stores.reports.decisions(report.id);
    ReportFacts facts{report, revisions, decisions};
    for (const auto* transition : available_transitions(workflow, facts, actor, access, false)) {
        view.actions.push_back(transition->action);
    }
    const StateSpec* state = workflow.state(report.state);
    view.editable = state != nullptr && state->editable &&
                    is_participant(workflow.edit_who(), facts, actor, access);
    return view;
}

}  // namespace

void ReportService::create(const Actor& actor, CreateReport request, Completion<ReportView> done) {
    check_title(request.title, limits_.max_title_chars);
    if (!rules_.knows_kind(request.kind)) {
        throw Error(ErrorCode::validation_failed,
                    fmt::format("未知的报告类型“{}”（可用：{}）", request.kind,
                                rules_.knows_kind("annual_report") ? "annual_report、notice"
                                                                   : "notice"));
    }
    rules_.check_storable(request.kind, request.content);
    auto tree = orgs_.tree_knowing(request.org);
    const Workflow& workflow = workflows_.for_org(*tree, request.org);
    auto work = [this, actor, request = std::move(request), tree, &workflow](
                    Stores& stores, Announcement&) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        if (tree->find(request.org) == nullptr || !access.can_see(request.org)) {
            throw Error(ErrorCode::not_found, fmt::format("单位“{}”不存在", request.org));
        }
        const std::string now = format_iso8601(clock_.now());
        ReportRecord report;
        report.org = request.org;
        report.kind = request.kind;
        report.title = request.title;
        report.workflow = workflow.id();
        report.state = workflow.initial();
        report.revision = 1;
        report.created_by = actor.user_id;
        report.created_by_username = actor.username;
        report.created_at = now;
        report.updated_at = now;
        report.year = annual_year(report.kind, request.content);
        std::vector<RevisionRecord> no_revisions;
        std::vector<DecisionRecord> no_decisions;
        if (!is_participant(workflow.create_who(), {report, no_revisions, no_decisions}, actor,
                            access)) {
            throw Error(ErrorCode::forbidden, "只有本单位起草人可以新建报告");
        }
        RevisionRecord revision;
        revision.revision = 1;
        revision.content = canonical_json(request.content);
        revision.content_sha256 = sha256_hex(revision.content);
        revision.author_id = actor.user_id;
        revision.author_username = actor.username;
        revision.created_at = now;
        report.content_sha256 = revision.content_sha256;
        report.id = stores.reports.insert(report);
        revision.report_id = report.id;
        auto entry = stores.audit.append({actor.username,
                                          "report.create",
                                          report.id,
                                          std::nullopt,
                                          report.state,
                                          1,
                                          revision.content_sha256,
                                          {{"org", report.org},
                                           {"kind", report.kind},
                                           {"title", report.title},
                                           {"workflow", report.workflow}}});
        revision.audit_seq = entry.seq;
        stores.reports.insert_revision(revision);
        return make_view(stores, workflows_, report, std::move(revision), actor, access);
    };
    run_job<ReportView>(std::move(work), std::move(done));
}

void ReportService::update(const Actor& actor, UpdateReport request, Completion<ReportView> done) {
    if (request.title) {
        check_title(*request.title, limits_.max_title_chars);
    }
    auto tree = orgs_.tree();
    auto work = [this, actor, request = std::move(request), tree](Stores& stores, Announcement&) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord report = load_visible(stores, access, request.report_id);
        if (request.base_revision != report.revision) {
            throw Error(ErrorCode::conflict,
                        fmt::format("报告已被他人修改为第 {} 版，您编辑的是第 {} 版",
                                    report.revision, request.base_revision),
                        {{"current_revision", report.revision}});
        }
        const Workflow& workflow = workflow_of(workflows_, report);
        const StateSpec* state = workflow.state(report.state);
        if (state == nullptr || !state->editable) {
            throw Error(ErrorCode::invalid_transition,
                        fmt::format("报告处于“{}”状态，不能编辑", state ? state->label : report.state),
                        {{"state", report.state}});
        }
        auto revisions = stores.reports.revisions(report.id);
        auto decisions = stores.reports.decisions(report.id);
        if (!is_participant(workflow.edit_who(), {report, revisions, decisions}, actor, access)) {
            throw Error(ErrorCode::forbidden, "只有本单位起草人可以编辑报告");
        }
        rules_.check_storable(report.kind, request.content);
        const std::string now = format_iso8601(clock_.now());
        RevisionRecord revision;
        revision.report_id = report.id;
        revision.revision = report.revision + 1;
        revision.content = canonical_json(request.content);
        revision.content_sha256 = sha256_hex(revision.content);
        revision.author_id = actor.user_id;
        revision.author_username = actor.username;
        revision.created_at = now;
        boost::json::object details{{"base_revision", request.base_revision}};
        if (request.title && *request.title != report.title) {
            details["title"] = *request.title;
            report.title = *request.title;
        }
        auto entry = stores.audit.append({actor.username, "report.update", report.id,
                                          report.state, report.state, revision.revision,
                                          revision.content_sha256, std::move(details)});
        revision.audit_seq = entry.seq;
        stores.reports.insert_revision(revision);
        report.revision = revision.revision;
        report.content_sha256 = revision.content_sha256;
        report.updated_at = now;
        report.year = annual_year(report.kind, request.content);
        stores.reports.update(report);
        return make_view(stores, workflows_, report, std::move(revision), actor, access);
    };
    run_job<ReportView>(std::move(work), std::move(done));
}

void ReportService::transition(const Actor& actor, TransitionCommand request,
                               Completion<TransitionResult> done) {
    if (request.comment && count_code_points(*request.comment) > limits_.max_comment_chars) {
        throw Error(ErrorCode::too_large,
                    fmt::format("意见不能超过 {} 个字", limits_.max_comment_chars));
    }
    auto tree = orgs_.tree();
    auto work = [this, actor, request = std::move(request), tree](Stores& stores,
                                                                   Announcement& announcement) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord report = load_visible(stores, access, request.report_id);
        const Workflow& workflow = workflow_of(workflows_, report);
        auto revisions = stores.reports.revisions(report.id);
        auto decisions = stores.reports.decisions(report.id);
        std::optional<RevisionRecord> current;
        auto load_current = [&]() -> RevisionRecord& {
            if (!current) {
                current = stores.reports.revision(report.id, report.revision);
            }
            return *current;
        };
        DecisionInput input;
        input.revision = request.revision;
        input.comment = request.comment;
        input.checklist = request.checklist ? &*request.checklist : nullptr;
        input.check_content = [&] {
            auto content = parse_content(load_current().content);
            auto previous = previous_year_content(stores, report);
            auto check = rules_.validate(report.kind, content, previous ? &*previous : nullptr);
            rules_.add_blocking_findings(content, china_date(clock_), check);
            return check;
        };
        const Transition& transition =
            decide(workflow, {report, revisions, decisions}, actor, access, request.action, input);

        const std::string now = format_iso8601(clock_.now());
        boost::json::object details;
        if (request.comment) details["comment"] = *request.comment;
        if (request.checklist) details["checklist"] = *request.checklist;
        auto entry = stores.audit.append({actor.username, "report." + transition.action,
                                          report.id, report.state, transition.to,
                                          report.revision, report.content_sha256, details});
        DecisionRecord decision;
        decision.report_id = report.id;
        decision.revision = report.revision;
        decision.action = transition.action;
        decision.from_state = report.state;
        decision.to_state = transition.to;
        decision.actor_id = actor.user_id;
        decision.actor_username = actor.username;
        decision.comment = request.comment;
        if (request.checklist) decision.checklist = canonical_json(*request.checklist);
        decision.created_at = now;
        decision.audit_seq = entry.seq;
        decision.id = stores.reports.insert_decision(decision);
        const ReportRecord before = report;
        report.state = transition.to;
        report.updated_at = now;
        stores.reports.update(report);

        auto decisions_after = decisions;
        decisions_after.push_back(decision);
        const ReportFacts before_facts{before, revisions, decisions};
        const ReportFacts after_facts{report, revisions, decisions_after};
        announcement.notifications = notify_transition(
            stores, *tree,
            {workflow, transition, before_facts, after_facts, actor, request.comment}, now);
        return TransitionResult{
            make_view(stores, workflows_, report, load_current(), actor, access), entry.seq};
    };
    run_job<TransitionResult>(std::move(work), std::move(done));
}

ReportView ReportService::get(const Actor& actor, std::int64_t report_id,
                              std::optional<std::int64_t> revision) {
    auto tree = orgs_.tree();
    std::optional<ReportView> view;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord report = load_visible(stores, access, report_id);
        auto content = stores.reports.revision(report.id, revision.value_or(report.revision));
        if (!content) {
            throw Error(ErrorCode::not_found,
                        fmt::format("报告 {} 没有第 {} 版", report_id, *revision));
        }
        view = make_view(stores, workflows_, report, std::move(*content), actor, access);
    });
    return std::move(*view);
}

ReportPage ReportService::list(const Actor& actor, const ListQuery& query) {
    auto tree = orgs_.tree();
    ReportPage page;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        storage::ReportFilter filter;
        if (query.org) {
            if (access.can_see(*query.org)) {
                filter.orgs.push_back(*query.org);
            }
        } else {
            filter.orgs = access.visible_orgs();
        }
        if (query.state) {
            filter.states.push_back(*query.state);
        }
        filter.kind = query.kind;
        filter.before_id = query.before_id;
        filter.limit = query.limit;
        if (!query.awaiting_me) {
            page.items = stores.reports.list(filter);
            if (page.items.size() == query.limit) {
                page.next_before_id = page.items.back().id;
            }
            return;
        }
        // Awaiting me: the states someone may have to act in, then the people rules,
        // judged report by report. Scan a bounded number of candidates per call.
        if (!query.state) {
            std::set<std::string> states;
            for (const auto& workflow : workflows_.all()) {
                for (const auto& transition : workflow.transitions()) {
                    if (transition.awaits) states.insert(transition.from);
                }
            }
            filter.states.assign(states.begin(), states.end());
        }
        const std::size_t scan_budget = std::max<std::size_t>(query.limit * 10, 200);
        std::size_t scanned = 0;
        filter.limit = std::min(scan_budget, std::max<std::size_t>(query.limit, 50));
        while (page.items.size() < query.limit && scanned < scan_budget) {
            auto candidates = stores.reports.list(filter);
            for (const auto& report : candidates) {
                ++scanned;
                filter.before_id = report.id;
                const Workflow* workflow = workflows_.find(report.workflow);
                if (workflow == nullptr) continue;
                auto revisions = stores.reports.revisions(report.id);
                auto decisions = stores.reports.decisions(report.id);
                if (!available_transitions(*workflow, {report, revisions, decisions}, actor,
                                           access, true)
                         .empty()) {
                    page.items.push_back(report);
                    if (page.items.size() == query.limit) break;
                }
            }
            if (candidates.size() < filter.limit) {
                filter.before_id.reset();  // nothing more to scan
                break;
            }
        }
        page.next_before_id = filter.before_id;
    });
    return page;
}

ReportHistory ReportService::history(const Actor& actor, std::int64_t report_id) {
    auto tree = orgs_.tree();
    ReportHistory history;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        load_visible(stores, access, report_id);
        history.revisions = stores.reports.revisions(report_id);
        history.decisions = stores.reports.decisions(report_id);
    });
    return history;
}

ContentCheck ReportService::validate(const Actor& actor, std::int64_t report_id,
                                     std::optional<std::int64_t> revision) {
    auto view = get(actor, report_id, revision);
    std::optional<boost::json::object> previous;
    database_.read([&](Stores& stores) { previous = previous_year_content(stores, view.report); });
    return rules_.validate(view.report.kind, parse_content(view.revision.content),
                           previous ? &*previous : nullptr);
}

std::optional<boost::json::object> ReportService::scan(const Actor& actor, std::int64_t report_id,
                                                       std::optional<std::int64_t> revision) {
    auto view = get(actor, report_id, revision);
    return rules_.scan(parse_content(view.revision.content), china_date(clock_));
}

std::optional<PublicReport> ReportService::public_report(std::int64_t report_id) {
    std::optional<PublicReport> result;
    database_.read([&](Stores& stores) {
        auto report = stores.reports.find(report_id);
        if (!report || (report->state != "published" && report->state != "retracted")) return;
        PublicReport out{*report, stores.reports.revision(report->id, report->revision),
                         std::nullopt};
        if (report->state == "retracted") {
            for (auto& decision : stores.reports.decisions(report->id)) {
                if (decision.to_state == "retracted") out.retraction = std::move(decision);
            }
        }
        result = std::move(out);
    });
    return result;
}

std::vector<ReportRecord> ReportService::public_reports(const std::string& org) {
    constexpr std::size_t kPublicListLimit = 500;
    std::vector<ReportRecord> reports;
    database_.read([&](Stores& stores) { reports = stores.reports.public_reports(org, kPublicListLimit); });
    return reports;
}

namespace {

std::optional<boost::json::object> previous_year_content(Stores& stores,
                                                         const ReportRecord& report) {
    if (report.kind != "annual_report" || !report.year) return std::nullopt;
    auto previous = stores.reports.published_annual_report(report.org, *report.year - 1);
    if (!previous) return std::nullopt;
    auto revision = stores.reports.revision(previous->id, previous->revision);
    if (!revision) return std::nullopt;
    return parse_content(revision->content);
}

}  // namespace

}  // namespace gongkai::workflow
