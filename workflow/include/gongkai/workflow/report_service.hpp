#pragma once

#include "gongkai/workflow/content_rules.hpp"
#include "gongkai/workflow/org_directory.hpp"
#include "gongkai/workflow/report_events.hpp"
#include "gongkai/workflow/workflow_registry.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/outcome.hpp>
#include <gongkai/storage/database.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gongkai::workflow {

struct ReportLimits {
    std::size_t max_title_chars = 200;
    std::size_t max_comment_chars = 2000;
};

struct CreateReport {
    std::string org;
    std::string kind;
    std::string title;
    boost::json::object content;
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
};

// The report use cases: create, edit, move through the workflow, read. Every command runs
// as one job of the group-commit writer, with its audit entry in the same transaction,
// and completes only after the commit. Every call checks what the actor may see and do,
// from role grants read in that same transaction. Reports the actor may not see are
// reported as not_found, never as forbidden.
class ReportService {
public:
    ReportService(storage::Database& database, OrgDirectory& orgs,
                  const WorkflowRegistry& workflows, const ContentRules& rules,
                  const Clock& clock, ReportLimits limits = {});

    void create(const Actor& actor, CreateReport request, Completion<ReportView> done);
    void update(const Actor& actor, UpdateReport request, Completion<ReportView> done);
    void transition(const Actor& actor, TransitionCommand request,
                    Completion<TransitionResult> done);

    ReportView get(const Actor& actor, std::int64_t report_id,
                   std::optional<std::int64_t> revision);
    ReportPage list(const Actor& actor, const ListQuery& query);
    ReportHistory history(const Actor& actor, std::int64_t report_id);
    // Runs the full content check (what submit requires) on a revision.
    ContentCheck validate(const Actor& actor, std::int64_t report_id,
                          std::optional<std::int64_t> revision);

    // The secrecy pre-review scan of a revision: {findings, counts}; nothing when the
    // server runs without a scanner.
    std::optional<boost::json::object> scan(const Actor& actor, std::int64_t report_id,
                                            std::optional<std::int64_t> revision);

    // The public side (no actor): a published or retracted report, or nothing (also for
    // reports that were never published: their existence is not disclosed).
    std::optional<PublicReport> public_report(std::int64_t report_id);
    // An organisation's published and retracted reports, newest first.
    std::vector<storage::ReportRecord> public_reports(const std::string& org);
    const ContentRules& content_rules() const { return rules_; }

    const WorkflowRegistry& workflows() const { return workflows_; }
    // Who hears about committed changes (may be null; set before serving).
    void set_events(ReportEvents* events) { events_ = events; }

private:
    template <class T, class Work>
    void run_job(Work work, Completion<T> done);

    storage::Database& database_;
    OrgDirectory& orgs_;
    const WorkflowRegistry& workflows_;
    const ContentRules& rules_;
    const Clock& clock_;
    ReportLimits limits_;
    ReportEvents* events_ = nullptr;
};

}  // namespace gongkai::workflow
