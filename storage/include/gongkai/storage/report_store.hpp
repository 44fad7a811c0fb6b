#pragma once

#include "gongkai/storage/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

class Connection;

struct ReportFilter {
    std::vector<std::string> orgs;  // only reports of these orgs (empty: none)
    std::vector<std::string> states;  // empty: any state
    std::vector<std::string> excluded_states;  // never these (applies with `states` empty)
    std::optional<std::string> kind;
    std::optional<std::int64_t> before_id;  // pagination: ids below this one
    std::optional<std::int64_t> created_by;  // only reports this user created
    std::optional<std::int64_t> handled_by;  // only reports this user took a decision on
    std::size_t limit = 50;
};

// Reports, their revisions and the workflow decisions made on them.
class ReportStore {
public:
    explicit ReportStore(Connection& connection) : connection_(connection) {}

    std::optional<ReportRecord> find(std::int64_t id);
    // Newest first (by id).
    std::vector<ReportRecord> list(const ReportFilter& filter);

    // Inserts the report row (id assigned) and returns it with its id.
    std::int64_t insert(const ReportRecord& report);
    // Writes title, state, revision, content_sha256, updated_at and year of an existing
    // report.
    void update(const ReportRecord& report);
    // Writes only the state and updated_at (a transition). SQLite rewrites the entries of
    // every index on a column named in an UPDATE's SET, changed or not, and each index entry
    // rewritten is a page in the write-ahead log; naming `year` here put a page of
    // reports_by_kind_year in the log for every transition (17 of 135 pages per commit).
    void update_state(std::int64_t report_id, const std::string& state,
                      const std::string& updated_at);

    void insert_revision(const RevisionRecord& revision);
    std::optional<RevisionRecord> revision(std::int64_t report_id, std::int64_t revision);
    // All revisions in order, without their content.
    std::vector<RevisionRecord> revisions(std::int64_t report_id);

    std::int64_t insert_decision(const DecisionRecord& decision);
    // All decisions in order.
    std::vector<DecisionRecord> decisions(std::int64_t report_id);
    // Id of the report's newest decision (0 without any): decisions are only ever appended,
    // so with the revision number this names the report's whole history.
    std::int64_t last_decision_id(std::int64_t report_id);

    void insert_scan(const ScanRecord& scan);
    std::optional<ScanRecord> scan(std::int64_t report_id, std::int64_t revision);

    void insert_import_notes(const ImportNotesRecord& notes);
    // The notes of the report's newest revision produced by an import, if any.
    std::optional<ImportNotesRecord> import_notes(std::int64_t report_id);

    std::int64_t insert_disposition(const DispositionRecord& disposition);
    // The dispositions of a report (of every revision), oldest first.
    std::vector<DispositionRecord> dispositions(std::int64_t report_id);

    // Whether `org` has a published annual report for `year`.
    bool has_published_annual_report(const std::string& org, int year);
    // The organisation's published annual report of `year` (the newest, if several).
    std::optional<ReportRecord> published_annual_report(const std::string& org, int year);
    // Every annual report of an organisation for `year`, in any state, oldest first.
    std::vector<ReportRecord> annual_reports(const std::string& org, int year);
    // Published and retracted reports of an organisation, newest first: the public list.
    std::vector<ReportRecord> public_reports(const std::string& org, std::size_t limit);

private:
    // One page of `filter` restricted to `orgs`; `by_org_index`: the list is short and the
    // reports_by_org index serves it.
    std::vector<ReportRecord> list_query(const std::vector<std::string>& orgs,
                                         const ReportFilter& filter, bool by_org_index);

    Connection& connection_;
};

}  // namespace gongkai::storage
