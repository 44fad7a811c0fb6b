#pragma once

#include "gongkai/workflow/content_rules.hpp"
#include "gongkai/workflow/org_directory.hpp"
#include "gongkai/workflow/report_events.hpp"
#include "gongkai/workflow/review_record.hpp"
#include "gongkai/workflow/workflow_registry.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/outcome.hpp>
#include <gongkai/storage/database.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::workflow {

struct ReportFactsSnapshot;
class ReportFactsCache;

struct ReportLimits {
    std::size_t max_title_chars = 200;
    std::size_t max_comment_chars = 2000;
    // The categories (类别) the notice form offers, in its order: the kinds of official
    // documents of 《党政机关公文处理工作条例》 that offices publish, plus 公示. A notice
    // may still carry another category (an older or imported one keeps it).
    std::vector<std::string> notice_categories = {"通知", "公告", "通告", "公示",
                                                  "通报", "决定", "意见", "办法"};
};

struct CreateReport {
    std::string org;
    std::string kind;
    std::string title;
    boost::json::object content;
    // report.import: what the import assumed, a JSON array kept with revision 1; or empty.
    std::string import_notes{};
};

struct UpdateReport {
    std::int64_t report_id = 0;
    std::int64_t base_revision = 0;
    boost::json::object content;
    std::optional<std::string> title;
};

struct TransitionCommand {
    std::int64_t report_id = 0;
    std::string action;
    std::int64_t revision = 0;
    std::optional<std::string> comment;
    std::optional<boost::json::object> checklist;
};

// A report with one of its revisions (the current one unless another was asked for), and
// what the asking user may do with it now.
struct ReportView {
    storage::ReportRecord report;
    storage::RevisionRecord revision;
    std::vector<std::string> actions;  // transitions the user could take now
    bool editable = false;             // the user may edit it now
    // report.get: the notes of the report's revision produced by an import, if any.
    std::optional<storage::ImportNotesRecord> import_notes{};
};

// review.disposition: the secrecy reviewer's decision on one `review` finding.
struct DispositionCommand {
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string finding_id;
    std::string decision;  // "keep" | "must_fix"
    std::string note;
};

struct DispositionResult {
    storage::DispositionRecord disposition;
    boost::json::object finding;  // the finding it is about, with the disposition attached
    std::size_t pending = 0;      // `review` findings of the revision still undecided
    std::size_t must_fix = 0;     // findings whose decision is must_fix
};

// report.redact: a new revision with the identifiers of the named findings masked.
struct RedactCommand {
    std::int64_t report_id = 0;
    std::int64_t base_revision = 0;
    std::vector<std::string> finding_ids;
};

// The review record (保密审查单) of one revision: its data and the printable page.
struct ReviewRecord {
    boost::json::object data;
    std::string html;
};

struct TransitionResult {
    ReportView view;
    std::int64_t audit_seq = 0;
};

struct ListQuery {
    std::optional<std::string> state;
    std::optional<std::string> org;
    std::optional<std::string> kind;
    bool awaiting_me = false;
    bool handled_by_me = false;  // 已办: reports the caller took a workflow decision on
    bool created_by_me = false;  // 我发起的: reports the caller created
    std::size_t limit = 50;
    std::optional<std::int64_t> before_id;  // cursor: continue below this id
};

struct ReportPage {
    std::vector<storage::ReportRecord> items;
    std::optional<std::int64_t> next_before_id;
};

// What anyone may read without logging in: a published report with its published revision,
// or a retracted one with the decision that retracted it (when, by whom, why). The pages
// never show a retracted report's content.
struct PublicReport {
    storage::ReportRecord report;
    std::optional<storage::RevisionRecord> revision;    // the published revision
    std::optional<storage::DecisionRecord> retraction;  // retracted: the retract decision
};

struct ReportHistory {
    std::vector<storage::RevisionRecord> revisions;  // without content
    std::vector<storage::DecisionRecord> decisions;
    std::vector<storage::DispositionRecord> dispositions;
};

// The report use cases: create, edit, move through the workflow, read. Every command runs
// as one job of the group-commit writer, with its audit entry in the same transaction,
// and completes only after the commit. Every call checks what the actor may see and do,
// from role grants read in that same transaction. Reports the actor may not see are
// reported as not_found, never as forbidden.
class ReportService {
public:
    ReportService(storage::Database& database, OrgDirectory& orgs,
                  const WorkflowRegistry& workflows, const ContentRules& rules, const Clock& clock,
                  ReportLimits limits = {});

    void create(const Actor& actor, CreateReport request, Completion<ReportView> done);
    void update(const Actor& actor, UpdateReport request, Completion<ReportView> done);
    // 更正: a new draft of a published annual report's content that corrects it (its
    // `corrects`), by a drafter of its organisation; it goes through the same workflow.
    // Refused (duplicate) while another report of that year is open, and for a report
    // already replaced by a published correction (invalid_transition).
    void correct(const Actor& actor, std::int64_t report_id, Completion<ReportView> done);
    void transition(const Actor& actor, TransitionCommand request,
                    Completion<TransitionResult> done);
    // Records a reviewer's decision on a finding of the current revision; only someone who
    // could pass the report's secrecy review now may decide.
    void dispose(const Actor& actor, DispositionCommand request,
                 Completion<DispositionResult> done);
    // Masks the identifiers of the named findings of `base_revision` (the current one) in a
    // new revision, written by the actor as an edit (same rights as update).
    void redact(const Actor& actor, RedactCommand request, Completion<ReportView> done);

    ReportView get(const Actor& actor, std::int64_t report_id,
                   std::optional<std::int64_t> revision);
    ReportPage list(const Actor& actor, const ListQuery& query);
    ReportHistory history(const Actor& actor, std::int64_t report_id);
    // Runs the full content check (what submit requires) on a revision.
    ContentCheck validate(const Actor& actor, std::int64_t report_id,
                          std::optional<std::int64_t> revision);
    // The same check on content not saved (a browser's live validation while a drafter
    // types), as if it were a new revision of the report; stores nothing.
    ContentCheck validate_unsaved(const Actor& actor, std::int64_t report_id,
                                  const boost::json::object& content);

    // The secrecy pre-review scan stored with a revision (made when it was written), with
    // the reviewer's dispositions: {findings, counts, scanned_at, pending, must_fix};
    // nothing when the server runs without a scanner.
    std::optional<boost::json::object> scan(const Actor& actor, std::int64_t report_id,
                                            std::optional<std::int64_t> revision);
    // The review record of a revision (the current one by default); nothing without a
    // scanner.
    std::optional<ReviewRecord> review_record(const Actor& actor, std::int64_t report_id,
                                              std::optional<std::int64_t> revision);

    // The public side (no actor): a published or retracted report, or nothing (also for
    // reports that were never published: their existence is not disclosed).
    std::optional<PublicReport> public_report(std::int64_t report_id);
    // An organisation's published and retracted reports, newest first.
    std::vector<storage::ReportRecord> public_reports(const std::string& org);
    const ContentRules& content_rules() const { return rules_; }
    const ReportLimits& limits() const { return limits_; }

    const WorkflowRegistry& workflows() const { return workflows_; }
    // Who hears about committed changes (may be null; set before serving).
    void set_events(ReportEvents* events) { events_ = events; }

private:
    template <class T, class Work>
    void run_job(Work work, Completion<T> done);

    // A new revision on top of `base_revision`, audit-logged as `audit_action`.
    struct NewRevision {
        std::int64_t report_id = 0;
        std::int64_t base_revision = 0;
        boost::json::object content;
        std::optional<std::string> title;
        std::string audit_action;
        boost::json::object audit_details;
    };
    void append_revision(const Actor& actor, NewRevision request, Completion<ReportView> done);
    // Inserts a new report with its first revision and audit entry (`audit_details` added to
    // the entry's org, kind, title and workflow), inside a writer job.
    ReportView insert_new(storage::Stores& stores, const Actor& actor, const Access& access,
                          storage::ReportRecord report, const boost::json::object& content,
                          const std::string& audit_action, boost::json::object audit_details,
                          std::optional<storage::ScanRecord>& scan);
    // The scan to store with a new revision (report_id and revision still to fill in);
    // nothing without a scanner.
    std::optional<storage::ScanRecord> scan_for_storage(const boost::json::object& content) const;
    // The stored scan of a revision with its dispositions. A revision written before scans
    // were stored is scanned now (and, with `store_missing`, the scan is stored).
    std::optional<ReviewedScan> reviewed_scan(storage::Stores& stores,
                                              const storage::RevisionRecord& revision,
                                              bool store_missing) const;

    // The revisions and decisions of a report, from the cache when unchanged
    // (report_facts_cache.hpp).
    std::shared_ptr<const ReportFactsSnapshot> facts_of(storage::Stores& stores,
                                                        const storage::ReportRecord& report);

    storage::Database& database_;
    OrgDirectory& orgs_;
    const WorkflowRegistry& workflows_;
    const ContentRules& rules_;
    const Clock& clock_;
    ReportLimits limits_;
    ReportEvents* events_ = nullptr;
    std::shared_ptr<ReportFactsCache> facts_cache_;
};

}  // namespace gongkai::workflow
