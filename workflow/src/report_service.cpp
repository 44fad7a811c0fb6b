#include "gongkai/workflow/report_service.hpp"

#include "gongkai/workflow/decision_rules.hpp"
#include "gongkai/workflow/notifications.hpp"
#include "report_facts_cache.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/core/canonical_json.hpp>
#include <gongkai/core/error.hpp>
#include <gongkai/core/sha256.hpp>
#include <gongkai/core/text_checks.hpp>
#include <gongkai/core/utf8.hpp>
#include <gongkai/scanner/scanner.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
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
    require_single_line(title, "title", "标题");
    if (count_code_points(title) > max_chars) {
        throw Error(ErrorCode::too_large, fmt::format("标题不能超过 {} 个字", max_chars),
                    {{"field", "title"}});
    }
}

// pass_review needs a decision on every `review` finding, and none may be must_fix.
void require_findings_decided(const ReviewedScan& reviewed) {
    if (!reviewed.undecided.empty()) {
        throw Error(ErrorCode::validation_failed,
                    fmt::format("还有 {} 项保密审查扫描发现未处置，请逐项作出“保留”或“须修改”"
                                "的决定后再通过审查",
                                reviewed.undecided.size()),
                    {{"undecided", boost::json::value_from(reviewed.undecided)},
                     {"must_fix", boost::json::value_from(reviewed.must_fix)}});
    }
    if (!reviewed.must_fix.empty()) {
        throw Error(ErrorCode::validation_failed,
                    fmt::format("有 {} 项扫描发现被定为“须修改”，不能通过审查，请退回起草人修改",
                                reviewed.must_fix.size()),
                    {{"undecided", boost::json::array()},
                     {"must_fix", boost::json::value_from(reviewed.must_fix)}});
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

// The template an annual report's content uses, as the duplicate rule reads it: the
// template it names, else the default template of its year (what the importer and the
// validator resolve); the text it names when the templates are not loaded.
std::string annual_template(const ContentRules& rules, const boost::json::object& content) {
    if (const auto* annual = rules.annual()) {
        if (const auto* found = annual->templates().resolve(content)) return found->id;
    }
    const auto* named = content.if_contains("template");
    return named != nullptr && named->is_string() ? std::string(named->get_string())
                                                  : std::string();
}

// Whether an annual report counts for the duplicate rule: one in progress or published that
// no published correction has replaced. Voided and retracted reports do not.
bool holds_its_year(const ReportRecord& report) {
    return report.state != "voided" && report.state != "retracted" && !report.corrected_by;
}

// The annual report of the same organisation, year and template that a new one (or one
// changing its year) would duplicate: `self` is the report being written (0 for a new one),
// `correcting` the published report a correction replaces, which does not count. Runs
// inside the writer job that then inserts, so two concurrent creations cannot both pass.
std::optional<ReportRecord> duplicate_of(Stores& stores, const ContentRules& rules,
                                         const std::string& org, int year,
                                         const std::string& template_id, std::int64_t self,
                                         std::optional<std::int64_t> correcting) {
    for (auto& other : stores.reports.annual_reports(org, year)) {
        if (other.id == self || other.id == correcting || !holds_its_year(other)) continue;
        auto revision = stores.reports.revision(other.id, other.revision);
        if (!revision) continue;
        if (annual_template(rules, parse_content(revision->content)) != template_id) continue;
        return std::move(other);
    }
    return std::nullopt;
}

[[noreturn]] void refuse_duplicate(const Workflow* workflow, const OrgTree& tree,
                                   const ReportRecord& existing) {
    const auto* org = tree.find(existing.org);
    const StateSpec* state = workflow ? workflow->state(existing.state) : nullptr;
    throw Error(ErrorCode::duplicate,
                fmt::format("{}{}年度报告已存在（{}，《{}》），不能重复创建",
                            org ? org->name : existing.org, existing.year.value_or(0),
                            state ? state->label : existing.state, existing.title),
                {{"report_id", existing.id},
                 {"title", existing.title},
                 {"state", existing.state},
                 {"year", existing.year.value_or(0)}});
}

const ReportRecord& report_of(const ReportView& view) {
    return view.report;
}
const ReportRecord& report_of(const TransitionResult& result) {
    return result.view.report;
}

// What a job tells the world after its commit.
struct Announcement {
    bool report_changed = true;
    std::size_t notifications = 0;
    // The report's facts as the job left them, for the facts cache: stored only once the
    // transaction has committed, so the cache never holds what a rollback undid.
    std::int64_t facts_report_id = 0;
    std::shared_ptr<const ReportFactsSnapshot> facts;
    // Other reports the job changed (a corrected report, once its correction is published).
    std::vector<ReportRecord> also_changed;
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
            if (announcement->facts) {
                facts_cache_->store(announcement->facts_report_id, announcement->facts);
            }
            if (events_ != nullptr) {
                if constexpr (requires { report_of(**result); }) {
                    if (announcement->report_changed) events_->report_changed(report_of(**result));
                }
                for (const auto& other : announcement->also_changed)
                    events_->report_changed(other);
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
      limits_(limits),
      facts_cache_(std::make_shared<ReportFactsCache>()) {}

namespace {

const Workflow& workflow_of(const WorkflowRegistry& registry, const ReportRecord& report) {
    const Workflow* workflow = registry.find(report.workflow);
    if (workflow == nullptr) {
        // A report outlived its workflow's configuration: an operator error, not a user's.
        throw Error(ErrorCode::internal, fmt::format("报告使用的流程“{}”未配置", report.workflow));
    }
    return *workflow;
}

// The report as `actor` sees it: what they may do next follows from the facts.
ReportView view_of(const WorkflowRegistry& registry, const ReportFacts& facts,
                   RevisionRecord revision, const Actor& actor, const Access& access) {
    const ReportRecord& report = facts.report;
    ReportView view{report, std::move(revision), {}, false};
    const Workflow& workflow = workflow_of(registry, report);
    for (const auto* transition : available_transitions(workflow, facts, actor, access, false)) {
        view.actions.push_back(transition->action);
    }
    const StateSpec* state = workflow.state(report.state);
    view.editable = state != nullptr && state->editable &&
                    is_participant(workflow.edit_who(), facts, actor, access);
    return view;
}

ReportView make_view(Stores& stores, const WorkflowRegistry& registry, const ReportRecord& report,
                     RevisionRecord revision, const Actor& actor, const Access& access) {
    auto revisions = stores.reports.revisions(report.id);
    auto decisions = stores.reports.decisions(report.id);
    return view_of(registry, {report, revisions, decisions}, std::move(revision), actor, access);
}

// Stores the scan made for a new revision, now that the revision has its number.
void store_scan(Stores& stores, std::optional<storage::ScanRecord>& scan,
                const RevisionRecord& revision) {
    if (!scan) return;
    scan->report_id = revision.report_id;
    scan->revision = revision.revision;
    stores.reports.insert_scan(*scan);
}

// A new report at revision 1 in the workflow's first state, started by `actor` now, once
// the workflow lets them start one (`refusal` says why not).
ReportRecord new_report_record(const Workflow& workflow, const Actor& actor, const Access& access,
                               const std::string& org, const std::string& kind,
                               const std::string& title, const std::string& now,
                               std::string_view refusal) {
    ReportRecord report;
    report.org = org;
    report.kind = kind;
    report.title = title;
    report.workflow = workflow.id();
    report.state = workflow.initial();
    report.revision = 1;
    report.created_by = actor.user_id;
    report.created_by_username = actor.username;
    report.created_by_display_name = actor.display_name;
    report.created_at = now;
    report.updated_at = now;
    std::vector<RevisionRecord> no_revisions;
    std::vector<DecisionRecord> no_decisions;
    if (!is_participant(workflow.create_who(), {report, no_revisions, no_decisions}, actor,
                        access)) {
        throw Error(ErrorCode::forbidden, std::string(refusal));
    }
    return report;
}

}  // namespace

void ReportService::create(const Actor& actor, CreateReport request, Completion<ReportView> done) {
    check_title(request.title, limits_.max_title_chars);
    if (!rules_.knows_kind(request.kind)) {
        throw Error(
            ErrorCode::validation_failed,
            fmt::format("未知的报告类型“{}”（可用：{}）", request.kind,
                        rules_.knows_kind("annual_report") ? "annual_report、notice" : "notice"));
    }
    rules_.check_storable(request.kind, request.content);
    auto tree = orgs_.tree_knowing(request.org);
    const Workflow& workflow = workflows_.for_org(*tree, request.org);
    auto scan = scan_for_storage(request.content);
    auto work = [this, actor, request = std::move(request), tree, &workflow,
                 scan = std::move(scan)](Stores& stores, Announcement&) mutable {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        if (tree->find(request.org) == nullptr || !access.can_see(request.org)) {
            throw Error(ErrorCode::not_found, fmt::format("单位“{}”不存在", request.org));
        }
        const std::string now = format_iso8601(clock_.now());
        ReportRecord report = new_report_record(workflow, actor, access, request.org, request.kind,
                                                request.title, now, "只有本单位起草人可以新建报告");
        report.year = annual_year(report.kind, request.content);
        if (report.year) {
            auto template_id = annual_template(rules_, request.content);
            if (auto existing = duplicate_of(stores, rules_, report.org, *report.year, template_id,
                                             0, std::nullopt)) {
                refuse_duplicate(workflows_.find(existing->workflow), *tree, *existing);
            }
        }
        auto view = insert_new(stores, actor, access, std::move(report), request.content,
                               "report.create", {}, scan);
        if (!request.import_notes.empty()) {
            view.import_notes = storage::ImportNotesRecord{view.report.id, view.revision.revision,
                                                           request.import_notes, now};
            stores.reports.insert_import_notes(*view.import_notes);
        }
        return view;
    };
    run_job<ReportView>(std::move(work), std::move(done));
}

ReportView ReportService::insert_new(Stores& stores, const Actor& actor, const Access& access,
                                     ReportRecord report, const boost::json::object& content,
                                     const std::string& audit_action,
                                     boost::json::object audit_details,
                                     std::optional<storage::ScanRecord>& scan) {
    RevisionRecord revision;
    revision.revision = 1;
    revision.content = canonical_json(content);
    revision.content_sha256 = sha256_hex(revision.content);
    revision.author_id = actor.user_id;
    revision.author_username = actor.username;
    revision.author_display_name = actor.display_name;
    revision.created_at = report.created_at;
    report.content_sha256 = revision.content_sha256;
    report.id = stores.reports.insert(report);
    revision.report_id = report.id;
    boost::json::object details{{"org", report.org},
                                {"kind", report.kind},
                                {"title", report.title},
                                {"workflow", report.workflow}};
    for (auto& [key, value] : audit_details)
        details[key] = std::move(value);
    auto entry =
        stores.audit.append({actor.username, audit_action, report.id, std::nullopt, report.state, 1,
                             revision.content_sha256, std::move(details)});
    revision.audit_seq = entry.seq;
    stores.reports.insert_revision(revision);
    store_scan(stores, scan, revision);
    const std::vector<RevisionRecord> revisions{revision};
    const std::vector<DecisionRecord> no_decisions;
    return view_of(workflows_, {report, revisions, no_decisions}, std::move(revision), actor,
                   access);
}

void ReportService::correct(const Actor& actor, std::int64_t report_id,
                            Completion<ReportView> done) {
    auto base = get(actor, report_id, std::nullopt);
    if (base.report.kind != "annual_report" || base.report.state != "published") {
        throw Error(ErrorCode::invalid_transition, "只有已发布的年度报告可以更正",
                    {{"state", base.report.state}});
    }
    auto content = parse_content(base.revision.content);
    auto tree = orgs_.tree_knowing(base.report.org);
    const Workflow& workflow = workflows_.for_org(*tree, base.report.org);
    auto scan = scan_for_storage(content);
    auto work = [this, actor, report_id, published_revision = base.revision.revision,
                 content = std::move(content), tree, &workflow,
                 scan = std::move(scan)](Stores& stores, Announcement&) mutable {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord old = load_visible(stores, access, report_id);
        if (old.state != "published" || old.revision != published_revision) {
            throw Error(ErrorCode::conflict, "报告的状态已变化，请刷新后再试",
                        {{"state", old.state}, {"current_revision", old.revision}});
        }
        if (old.corrected_by) {
            throw Error(ErrorCode::invalid_transition, "本报告已有发布的更正版本，请更正该版本",
                        {{"state", old.state}, {"corrected_by", *old.corrected_by}});
        }
        const std::string now = format_iso8601(clock_.now());
        ReportRecord report = new_report_record(workflow, actor, access, old.org, old.kind,
                                                old.title, now, "只有本单位起草人可以更正报告");
        report.year = old.year;
        report.corrects = old.id;
        // One open correction at a time: another report of the year (a correction already
        // begun) refuses this one as a duplicate.
        if (report.year) {
            if (auto existing = duplicate_of(stores, rules_, report.org, *report.year,
                                             annual_template(rules_, content), 0, old.id)) {
                refuse_duplicate(workflows_.find(existing->workflow), *tree, *existing);
            }
        }
        auto view = insert_new(stores, actor, access, std::move(report), content, "report.correct",
                               {{"corrects", old.id}}, scan);
        stores.audit.append({actor.username,
                             "report.correction_begun",
                             old.id,
                             old.state,
                             old.state,
                             old.revision,
                             old.content_sha256,
                             {{"correction", view.report.id}}});
        return view;
    };
    run_job<ReportView>(std::move(work), std::move(done));
}

void ReportService::update(const Actor& actor, UpdateReport request, Completion<ReportView> done) {
    if (request.title) {
        check_title(*request.title, limits_.max_title_chars);
    }
    NewRevision revision;
    revision.report_id = request.report_id;
    revision.base_revision = request.base_revision;
    revision.content = std::move(request.content);
    revision.title = std::move(request.title);
    revision.audit_action = "report.update";
    append_revision(actor, std::move(revision), std::move(done));
}

void ReportService::append_revision(const Actor& actor, NewRevision request,
                                    Completion<ReportView> done) {
    auto tree = orgs_.tree();
    auto scan = scan_for_storage(request.content);
    auto work = [this, actor, request = std::move(request), tree, scan = std::move(scan)](
                    Stores& stores, Announcement&) mutable {
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
            throw Error(
                ErrorCode::invalid_transition,
                fmt::format("报告处于“{}”状态，不能编辑", state ? state->label : report.state),
                {{"state", report.state}});
        }
        auto revisions = stores.reports.revisions(report.id);
        auto decisions = stores.reports.decisions(report.id);
        if (!is_participant(workflow.edit_who(), {report, revisions, decisions}, actor, access)) {
            throw Error(ErrorCode::forbidden, "只有本单位起草人可以编辑报告");
        }
        rules_.check_storable(report.kind, request.content);
        // An annual report moved to another year or template must not duplicate one there.
        if (auto year = annual_year(report.kind, request.content)) {
            auto template_id = annual_template(rules_, request.content);
            auto current = stores.reports.revision(report.id, report.revision);
            if (year != report.year ||
                (current &&
                 template_id != annual_template(rules_, parse_content(current->content)))) {
                if (auto existing = duplicate_of(stores, rules_, report.org, *year, template_id,
                                                 report.id, report.corrects)) {
                    refuse_duplicate(workflows_.find(existing->workflow), *tree, *existing);
                }
            }
        }
        const std::string now = format_iso8601(clock_.now());
        RevisionRecord revision;
        revision.report_id = report.id;
        revision.revision = report.revision + 1;
        revision.content = canonical_json(request.content);
        revision.content_sha256 = sha256_hex(revision.content);
        revision.author_id = actor.user_id;
        revision.author_username = actor.username;
        revision.author_display_name = actor.display_name;
        revision.created_at = now;
        boost::json::object details = request.audit_details;
        details["base_revision"] = request.base_revision;
        if (request.title && *request.title != report.title) {
            details["title"] = *request.title;
            report.title = *request.title;
        }
        auto entry = stores.audit.append({actor.username, request.audit_action, report.id,
                                          report.state, report.state, revision.revision,
                                          revision.content_sha256, std::move(details)});
        revision.audit_seq = entry.seq;
        stores.reports.insert_revision(revision);
        store_scan(stores, scan, revision);
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
        // The facts as of this transaction: the snapshot the previous step of this report
        // left when its numbers still match (both tables are append-only), else read.
        const auto last_decision_id = stores.reports.last_decision_id(report.id);
        const auto known = facts_cache_->find(report.id, report.revision, last_decision_id);
        auto revisions = known ? known->revisions : stores.reports.revisions(report.id);
        auto decisions = known ? known->decisions : stores.reports.decisions(report.id);
        std::optional<RevisionRecord> current;
        if (known) current = known->current;
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
        input.check_findings = [&] {
            auto reviewed = reviewed_scan(stores, load_current(), true);
            if (reviewed) require_findings_decided(*reviewed);
        };
        const Transition& transition =
            decide(workflow, {report, revisions, decisions}, actor, access, request.action, input);

        const std::string now = format_iso8601(clock_.now());
        boost::json::object details;
        if (request.comment) details["comment"] = *request.comment;
        if (request.checklist) details["checklist"] = *request.checklist;
        auto entry = stores.audit.append({actor.username, "report." + transition.action, report.id,
                                          report.state, transition.to, report.revision,
                                          report.content_sha256, details});
        DecisionRecord decision;
        decision.report_id = report.id;
        decision.revision = report.revision;
        decision.action = transition.action;
        decision.from_state = report.state;
        decision.to_state = transition.to;
        decision.actor_id = actor.user_id;
        decision.actor_username = actor.username;
        decision.actor_display_name = actor.display_name;
        decision.comment = request.comment;
        if (request.checklist) decision.checklist = canonical_json(*request.checklist);
        decision.created_at = now;
        decision.audit_seq = entry.seq;
        decision.id = stores.reports.insert_decision(decision);
        const ReportRecord before = report;
        report.state = transition.to;
        report.updated_at = now;
        stores.reports.update_state(report.id, report.state, report.updated_at);
        // A correction published: the report it corrects records that it was corrected.
        if (report.corrects && transition.to == "published") {
            if (auto corrected = stores.reports.find(*report.corrects)) {
                stores.audit.append({actor.username,
                                     "report.corrected",
                                     corrected->id,
                                     corrected->state,
                                     corrected->state,
                                     corrected->revision,
                                     corrected->content_sha256,
                                     {{"correction", report.id}}});
                announcement.also_changed.push_back(std::move(*corrected));
            }
        }

        // The facts as this step leaves them, built once: the rules below read them, and the
        // facts cache keeps them for the next step once the transaction has committed.
        auto decisions_after = decisions;
        decisions_after.push_back(decision);
        auto left = std::make_shared<const ReportFactsSnapshot>(
            ReportFactsSnapshot{report.revision, decision.id, load_current(), std::move(revisions),
                                std::move(decisions_after)});
        const ReportFacts before_facts{before, left->revisions, decisions};
        const ReportFacts after_facts{report, left->revisions, left->decisions};
        announcement.facts_report_id = report.id;
        announcement.facts = left;
        announcement.notifications = notify_transition(
            stores, *tree,
            {workflow, transition, before_facts, after_facts, actor, request.comment}, now);
        // The reply's view from the facts in hand: the job has read them, and they now
        // include this decision.
        return TransitionResult{view_of(workflows_, after_facts, load_current(), actor, access),
                                entry.seq};
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
        auto facts = facts_of(stores, report);
        std::optional<RevisionRecord> shown;
        if (!revision || *revision == report.revision) {
            shown = facts->current;
        } else {
            shown = stores.reports.revision(report.id, *revision);
        }
        if (!shown) {
            throw Error(ErrorCode::not_found,
                        fmt::format("报告 {} 没有第 {} 版", report_id, *revision));
        }
        view = view_of(workflows_, {report, facts->revisions, facts->decisions}, std::move(*shown),
                       actor, access);
        view->import_notes = stores.reports.import_notes(report.id);
    });
    return std::move(*view);
}

std::shared_ptr<const ReportFactsSnapshot> ReportService::facts_of(Stores& stores,
                                                                   const ReportRecord& report) {
    const auto last_decision_id = stores.reports.last_decision_id(report.id);
    if (auto known = facts_cache_->find(report.id, report.revision, last_decision_id)) {
        return known;
    }
    auto current = stores.reports.revision(report.id, report.revision);
    if (!current) {
        throw Error(ErrorCode::internal,
                    fmt::format("报告 {} 缺少当前版本 {}", report.id, report.revision));
    }
    auto snapshot = std::make_shared<ReportFactsSnapshot>(ReportFactsSnapshot{
        report.revision, last_decision_id, std::move(*current), stores.reports.revisions(report.id),
        stores.reports.decisions(report.id)});
    facts_cache_->store(report.id, snapshot);
    return snapshot;
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
        } else {
            filter.excluded_states.push_back("voided");  // 作废 reports only when asked for
        }
        filter.kind = query.kind;
        filter.before_id = query.before_id;
        filter.limit = query.limit;
        if (query.created_by_me) filter.created_by = actor.user_id;
        if (query.handled_by_me) filter.handled_by = actor.user_id;
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
                if (!available_transitions(*workflow, {report, revisions, decisions}, actor, access,
                                           true)
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
        history.dispositions = stores.reports.dispositions(report_id);
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

ContentCheck ReportService::validate_unsaved(const Actor& actor, std::int64_t report_id,
                                             const boost::json::object& content) {
    auto tree = orgs_.tree();
    std::optional<ReportRecord> report;
    std::optional<boost::json::object> previous;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        report = load_visible(stores, access, report_id);
        previous = previous_year_content(stores, *report);
    });
    return rules_.validate(report->kind, content, previous ? &*previous : nullptr);
}

std::optional<storage::ScanRecord> ReportService::scan_for_storage(
    const boost::json::object& content) const {
    auto scan = rules_.scan(content, china_date(clock_));
    if (!scan) return std::nullopt;
    storage::ScanRecord record;
    record.scan = canonical_json(*scan);
    record.scanned_at = format_iso8601(clock_.now());
    return record;
}

std::optional<ReviewedScan> ReportService::reviewed_scan(Stores& stores,
                                                         const RevisionRecord& revision,
                                                         bool store_missing) const {
    auto stored = stores.reports.scan(revision.report_id, revision.revision);
    if (!stored) {
        stored = scan_for_storage(parse_content(revision.content));
        if (!stored) return std::nullopt;
        stored->report_id = revision.report_id;
        stored->revision = revision.revision;
        if (store_missing) stores.reports.insert_scan(*stored);
    }
    std::vector<storage::DispositionRecord> of_revision;
    for (auto& disposition : stores.reports.dispositions(revision.report_id)) {
        if (disposition.revision == revision.revision)
            of_revision.push_back(std::move(disposition));
    }
    return review_scan(parse_content(stored->scan), stored->scanned_at, of_revision);
}

namespace {

// A revision of a visible report, or not_found.
RevisionRecord load_revision(Stores& stores, const ReportRecord& report, std::int64_t number) {
    auto revision = stores.reports.revision(report.id, number);
    if (!revision) {
        throw Error(ErrorCode::not_found, fmt::format("报告 {} 没有第 {} 版", report.id, number));
    }
    return std::move(*revision);
}

// Whether someone in the report's current state decides on findings: a transition out of
// it carries the findings_decided guard.
bool decides_findings(const Transition& transition) {
    return std::any_of(transition.guards.begin(), transition.guards.end(), [](const Guard& guard) {
        return guard.kind == GuardKind::findings_decided;
    });
}

const boost::json::object* find_finding(const boost::json::object& scan, std::string_view id) {
    for (const auto& finding : scan.at("findings").as_array()) {
        const auto& object = finding.as_object();
        if (object.at("id").as_string() == id) return &object;
    }
    return nullptr;
}

}  // namespace

std::optional<boost::json::object> ReportService::scan(const Actor& actor, std::int64_t report_id,
                                                       std::optional<std::int64_t> revision) {
    auto tree = orgs_.tree();
    std::optional<boost::json::object> result;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord report = load_visible(stores, access, report_id);
        auto reviewed = reviewed_scan(
            stores, load_revision(stores, report, revision.value_or(report.revision)), false);
        if (reviewed) result = std::move(reviewed->scan);
    });
    return result;
}

std::optional<ReviewRecord> ReportService::review_record(const Actor& actor, std::int64_t report_id,
                                                         std::optional<std::int64_t> revision) {
    auto tree = orgs_.tree();
    std::optional<ReviewRecord> result;
    database_.read([&](Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord report = load_visible(stores, access, report_id);
        RevisionRecord content = load_revision(stores, report, revision.value_or(report.revision));
        auto reviewed = reviewed_scan(stores, content, false);
        if (!reviewed) return;
        auto all_decisions = stores.reports.decisions(report.id);
        std::vector<DecisionRecord> decisions;
        for (const auto& decision : all_decisions) {
            if (decision.revision == content.revision) decisions.push_back(decision);
        }
        const auto* org = tree->find(report.org);
        auto revisions = stores.reports.revisions(report.id);
        auto dispositions = stores.reports.dispositions(report.id);
        ReviewRecordInput input{report,
                                workflow_of(workflows_, report),
                                org ? org->name : report.org,
                                content,
                                *reviewed,
                                decisions,
                                format_iso8601(clock_.now())};
        input.revisions = revisions;
        input.all_decisions = all_decisions;
        input.dispositions = dispositions;
        for (const auto& each : revisions) {
            if (auto stored = stores.reports.scan(report.id, each.revision)) {
                input.scans.emplace(each.revision, parse_content(stored->scan));
            }
        }
        // Which findings each mask answered: the audit entry of report.redact names them.
        storage::AuditFilter masks;
        masks.report_id = report.id;
        masks.action = "report.redact";
        masks.limit = 10000;
        for (const auto& entry : stores.audit.query(masks)) {
            auto made = std::find_if(revisions.begin(), revisions.end(),
                                     [&entry](const auto& r) { return r.audit_seq == entry.seq; });
            if (made == revisions.end()) continue;
            auto details = boost::json::parse(entry.details).as_object();
            auto& ids = input.masks[made->revision];
            if (const auto* found = details.if_contains("finding_ids");
                found && found->is_array()) {
                for (const auto& id : found->get_array()) {
                    if (id.is_string()) ids.emplace_back(id.get_string());
                }
            }
        }
        if (const auto* annual = rules_.annual(); annual && report.kind == "annual_report") {
            input.annual_template = annual->templates().resolve(parse_content(content.content));
        }
        auto data = review_record_json(input);
        auto html = render_review_record_html(data);
        result = ReviewRecord{std::move(data), std::move(html)};
    });
    return result;
}

void ReportService::dispose(const Actor& actor, DispositionCommand request,
                            Completion<DispositionResult> done) {
    if (request.decision != "keep" && request.decision != "must_fix") {
        throw Error(ErrorCode::bad_request, "decision 必须是 keep（保留）或 must_fix（须修改）");
    }
    if (is_blank(request.note)) {
        throw Error(ErrorCode::validation_failed, "请填写处置说明（note）：保留的理由或须修改之处");
    }
    if (count_code_points(request.note) > limits_.max_comment_chars) {
        throw Error(ErrorCode::too_large,
                    fmt::format("处置说明不能超过 {} 个字", limits_.max_comment_chars));
    }
    if (rules_.scanner() == nullptr) {
        throw Error(ErrorCode::internal, "保密审查扫描未配置（[scanner] lexicons）");
    }
    auto tree = orgs_.tree();
    auto work = [this, actor, request = std::move(request), tree](Stores& stores,
                                                                  Announcement& announcement) {
        announcement.report_changed = false;
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        ReportRecord report = load_visible(stores, access, request.report_id);
        if (request.revision != report.revision) {
            throw Error(ErrorCode::conflict,
                        fmt::format("报告已更新为第 {} 版，您处置的是第 {} 版，请刷新后再试",
                                    report.revision, request.revision),
                        {{"current_revision", report.revision}, {"state", report.state}});
        }
        const Workflow& workflow = workflow_of(workflows_, report);
        bool review_state = std::any_of(
            workflow.transitions().begin(), workflow.transitions().end(),
            [&](const Transition& t) { return t.from == report.state && decides_findings(t); });
        const StateSpec* state = workflow.state(report.state);
        if (!review_state) {
            throw Error(ErrorCode::invalid_transition,
                        fmt::format("报告处于“{}”状态，不在保密审查环节，不能处置扫描发现",
                                    state ? state->label : report.state),
                        {{"state", report.state}});
        }
        auto revisions = stores.reports.revisions(report.id);
        auto decisions = stores.reports.decisions(report.id);
        auto available =
            available_transitions(workflow, {report, revisions, decisions}, actor, access, false);
        if (std::none_of(available.begin(), available.end(),
                         [](const Transition* t) { return decides_findings(*t); })) {
            throw Error(ErrorCode::forbidden, "只有本环节的保密审查人可以处置扫描发现");
        }
        RevisionRecord revision = load_revision(stores, report, report.revision);
        auto before = reviewed_scan(stores, revision, true);
        const boost::json::object* finding = find_finding(before->scan, request.finding_id);
        if (finding == nullptr) {
            throw Error(ErrorCode::validation_failed,
                        fmt::format("第 {} 版的扫描结果中没有编号为“{}”的发现", report.revision,
                                    request.finding_id),
                        {{"finding_id", request.finding_id}});
        }
        if (finding->at("severity").as_string() != "review") {
            throw Error(
                ErrorCode::validation_failed, "只有“须审查处置”级别的发现需要作出决定",
                {{"finding_id", request.finding_id}, {"severity", finding->at("severity")}});
        }
        const std::string now = format_iso8601(clock_.now());
        storage::DispositionRecord disposition;
        disposition.report_id = report.id;
        disposition.revision = report.revision;
        disposition.finding_id = request.finding_id;
        disposition.rule = std::string(finding->at("rule").as_string());
        disposition.decision = request.decision;
        disposition.note = request.note;
        disposition.actor_id = actor.user_id;
        disposition.actor_username = actor.username;
        disposition.actor_display_name = actor.display_name;
        disposition.created_at = now;
        // The audit entry names the finding by id, rule and place; the excerpt stays out of
        // the log (it is masked, but the log needs no part of the content).
        auto entry = stores.audit.append({actor.username,
                                          "report.disposition",
                                          report.id,
                                          report.state,
                                          report.state,
                                          report.revision,
                                          report.content_sha256,
                                          {{"finding_id", request.finding_id},
                                           {"rule", disposition.rule},
                                           {"field", finding->at("field")},
                                           {"start", finding->at("start")},
                                           {"end", finding->at("end")},
                                           {"decision", request.decision},
                                           {"note", request.note}}});
        disposition.audit_seq = entry.seq;
        disposition.id = stores.reports.insert_disposition(disposition);
        auto after = reviewed_scan(stores, revision, false);
        DispositionResult result;
        result.finding = *find_finding(after->scan, request.finding_id);
        result.disposition = std::move(disposition);
        result.pending = after->undecided.size();
        result.must_fix = after->must_fix.size();
        return result;
    };
    run_job<DispositionResult>(std::move(work), std::move(done));
}

void ReportService::redact(const Actor& actor, RedactCommand request, Completion<ReportView> done) {
    if (request.finding_ids.empty()) {
        throw Error(ErrorCode::validation_failed, "请选择要遮盖的扫描发现（finding_ids）");
    }
    auto* holder = rules_.scanner();
    if (holder == nullptr) {
        throw Error(ErrorCode::internal, "保密审查扫描未配置（[scanner] lexicons）");
    }
    // Masking is computed outside the writer from the base revision; the writer job then
    // refuses it (conflict) if the report moved on meanwhile.
    auto base = get(actor, request.report_id, request.base_revision);
    auto masked = holder->current()->redact_content(parse_content(base.revision.content),
                                                    request.finding_ids, china_date(clock_));
    NewRevision revision;
    revision.report_id = request.report_id;
    revision.base_revision = request.base_revision;
    revision.content = std::move(masked);
    revision.audit_action = "report.redact";
    revision.audit_details["finding_ids"] = boost::json::value_from(request.finding_ids);
    append_revision(actor, std::move(revision), std::move(done));
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
    database_.read(
        [&](Stores& stores) { reports = stores.reports.public_reports(org, kPublicListLimit); });
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
