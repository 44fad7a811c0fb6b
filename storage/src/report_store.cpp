#include "gongkai/storage/report_store.hpp"

#include "connection.hpp"

#include <algorithm>

namespace gongkai::storage {

namespace {

constexpr const char* kReportSelect =
    "SELECT r.id, r.org_id, r.kind, r.title, r.workflow, r.state, r.revision, "
    "r.content_sha256, r.created_by, u.username, u.display_name, r.created_at, r.updated_at, "
    "r.year, r.corrects, "
    "(SELECT MAX(c.id) FROM reports c WHERE c.corrects = r.id AND c.state = 'published') "
    "FROM reports r JOIN users u ON u.id = r.created_by ";

// Binds the columns of kReportSelect to a ReportRecord (SOCI wants long long, not int64).
struct ReportRow {
    long long id = 0, revision = 0, created_by = 0;
    int year = 0;
    soci::indicator year_ind = soci::i_ok;
    long long corrects = 0, corrected_by = 0;
    soci::indicator corrects_ind = soci::i_ok, corrected_by_ind = soci::i_ok;
    ReportRecord record;

    template <class Statement>
    void bind(Statement& statement) {
        statement, soci::into(id), soci::into(record.org), soci::into(record.kind),
            soci::into(record.title), soci::into(record.workflow), soci::into(record.state),
            soci::into(revision), soci::into(record.content_sha256), soci::into(created_by),
            soci::into(record.created_by_username), soci::into(record.created_by_display_name),
            soci::into(record.created_at), soci::into(record.updated_at),
            soci::into(year, year_ind), soci::into(corrects, corrects_ind),
            soci::into(corrected_by, corrected_by_ind);
    }

    // The row just fetched; moves the text out, since the next fetch overwrites it anyway.
    ReportRecord take() {
        ReportRecord out = std::move(record);
        out.id = id;
        out.revision = revision;
        out.created_by = created_by;
        out.year = year_ind == soci::i_ok ? std::optional(year) : std::nullopt;
        out.corrects =
            corrects_ind == soci::i_ok ? std::optional<std::int64_t>(corrects) : std::nullopt;
        out.corrected_by = corrected_by_ind == soci::i_ok
                               ? std::optional<std::int64_t>(corrected_by)
                               : std::nullopt;
        return out;
    }
};

std::optional<std::string> optional_text(const std::string& value, soci::indicator indicator) {
    return indicator == soci::i_ok ? std::optional(value) : std::nullopt;
}

}  // namespace

std::optional<ReportRecord> ReportStore::find(std::int64_t id) {
    static const std::string text = std::string(kReportSelect) + "WHERE r.id = :id";
    long long key = id;
    ReportRow row;
    auto statement = connection_.prepared(text);
    row.bind(statement);
    statement, soci::use(key);
    if (!statement.execute(true)) {
        return std::nullopt;
    }
    return row.take();
}

namespace {

// Visible organisations up to this many are read one index range each (reports_by_org,
// newest first) and merged; more are read by walking the table newest first and skipping
// other organisations' rows. Either way SQLite never sorts all visible reports to return a
// page of them, which is what one `org_id IN (...) ORDER BY id DESC` query did.
constexpr std::size_t kMaxOrgsForPerOrgRanges = 8;

}  // namespace

std::vector<ReportRecord> ReportStore::list(const ReportFilter& filter) {
    std::vector<ReportRecord> result;
    if (filter.orgs.empty() || filter.limit == 0) {
        return result;
    }
    if (filter.orgs.size() <= kMaxOrgsForPerOrgRanges) {
        for (const auto& org : filter.orgs) {
            auto page = list_query({org}, filter, true);
            result.insert(result.end(), std::make_move_iterator(page.begin()),
                          std::make_move_iterator(page.end()));
        }
        std::sort(result.begin(), result.end(),
                  [](const ReportRecord& a, const ReportRecord& b) { return a.id > b.id; });
        if (result.size() > filter.limit) result.resize(filter.limit);
        return result;
    }
    return list_query(filter.orgs, filter, false);
}

std::vector<ReportRecord> ReportStore::list_query(const std::vector<std::string>& orgs,
                                                  const ReportFilter& filter, bool by_org_index) {
    std::vector<ReportRecord> result;
    // Only placeholders are generated here; every value is bound. For a long IN list the
    // org index is not to be used (SQLite would then sort every match).
    std::string where =
        "WHERE " +
        (by_org_index ? std::string("r.org_id") : connection_.dialect().unindexed("r.org_id")) +
        " IN (";
    for (std::size_t i = 0; i < orgs.size(); ++i) {
        where += (i ? ", :o" : ":o") + std::to_string(i);
    }
    where += ")";
    if (!filter.states.empty()) {
        where += " AND r.state IN (";
        for (std::size_t i = 0; i < filter.states.size(); ++i) {
            where += (i ? ", :s" : ":s") + std::to_string(i);
        }
        where += ")";
    } else if (!filter.excluded_states.empty()) {
        where += " AND r.state NOT IN (";
        for (std::size_t i = 0; i < filter.excluded_states.size(); ++i) {
            where += (i ? ", :x" : ":x") + std::to_string(i);
        }
        where += ")";
    }
    if (filter.kind) {
        where += " AND r.kind = :kind";
    }
    long long before = filter.before_id.value_or(0);
    if (filter.before_id) {
        where += " AND r.id < :before";
    }
    long long creator = filter.created_by.value_or(0);
    if (filter.created_by) {
        where += " AND r.created_by = :creator";
    }
    long long handler = filter.handled_by.value_or(0);
    if (filter.handled_by) {
        where +=
            " AND EXISTS (SELECT 1 FROM decisions d WHERE d.report_id = r.id AND d.actor_id = "
            ":handler)";
    }
    long long limit = static_cast<long long>(filter.limit);
    ReportRow row;
    auto statement = connection_.prepared(std::string(kReportSelect) + where +
                                          " ORDER BY r.id DESC LIMIT :limit");
    row.bind(statement);
    for (const auto& org : orgs) {
        statement, soci::use(org);
    }
    for (const auto& state : filter.states) {
        statement, soci::use(state);
    }
    if (filter.states.empty()) {
        for (const auto& state : filter.excluded_states) {
            statement, soci::use(state);
        }
    }
    if (filter.kind) {
        statement, soci::use(*filter.kind);
    }
    if (filter.before_id) {
        statement, soci::use(before);
    }
    if (filter.created_by) {
        statement, soci::use(creator);
    }
    if (filter.handled_by) {
        statement, soci::use(handler);
    }
    statement, soci::use(limit);
    statement.execute();
    result.reserve(std::min<std::size_t>(filter.limit, 256));
    while (statement.fetch()) {
        result.push_back(row.take());
    }
    return result;
}

std::int64_t ReportStore::insert(const ReportRecord& report) {
    auto& sql = connection_.sql();
    long long revision = report.revision, created_by = report.created_by;
    int year = report.year.value_or(0);
    soci::indicator year_ind = report.year ? soci::i_ok : soci::i_null;
    long long corrects = report.corrects.value_or(0);
    soci::indicator corrects_ind = report.corrects ? soci::i_ok : soci::i_null;
    auto statement = connection_.prepared(
        "INSERT INTO reports (org_id, kind, title, workflow, state, revision, content_sha256, "
        "created_by, created_at, updated_at, year, corrects) VALUES (:org, :kind, :title, "
        ":workflow, :state, :revision, :sha, :created_by, :created_at, :updated_at, :year, "
        ":corrects)");
    statement, soci::use(report.org), soci::use(report.kind), soci::use(report.title),
        soci::use(report.workflow), soci::use(report.state), soci::use(revision),
        soci::use(report.content_sha256), soci::use(created_by), soci::use(report.created_at),
        soci::use(report.updated_at), soci::use(year, year_ind), soci::use(corrects, corrects_ind);
    statement.execute(true);
    return connection_.dialect().last_insert_id(sql);
}

void ReportStore::update(const ReportRecord& report) {
    long long id = report.id, revision = report.revision;
    int year = report.year.value_or(0);
    soci::indicator year_ind = report.year ? soci::i_ok : soci::i_null;
    auto statement = connection_.prepared(
        "UPDATE reports SET title = :title, state = :state, revision = :revision, "
        "content_sha256 = :sha, updated_at = :updated_at, year = :year WHERE id = :id");
    statement, soci::use(report.title), soci::use(report.state), soci::use(revision),
        soci::use(report.content_sha256), soci::use(report.updated_at), soci::use(year, year_ind),
        soci::use(id);
    statement.execute(true);
}

void ReportStore::update_state(std::int64_t report_id, const std::string& state,
                               const std::string& updated_at) {
    long long id = report_id;
    auto statement = connection_.prepared(
        "UPDATE reports SET state = :state, updated_at = :updated_at WHERE id = :id");
    statement, soci::use(state), soci::use(updated_at), soci::use(id);
    statement.execute(true);
}

void ReportStore::insert_revision(const RevisionRecord& revision) {
    long long report_id = revision.report_id, number = revision.revision,
              author = revision.author_id, audit_seq = revision.audit_seq;
    auto statement = connection_.prepared(
        "INSERT INTO revisions (report_id, revision, content, content_sha256, author_id, "
        "created_at, audit_seq) VALUES (:report, :revision, :content, :sha, :author, :at, :seq)");
    statement, soci::use(report_id), soci::use(number), soci::use(revision.content),
        soci::use(revision.content_sha256), soci::use(author), soci::use(revision.created_at),
        soci::use(audit_seq);
    statement.execute(true);
}

std::optional<RevisionRecord> ReportStore::revision(std::int64_t report_id, std::int64_t revision) {
    long long report_key = report_id, revision_key = revision, author = 0, audit_seq = 0;
    RevisionRecord out;
    auto statement = connection_.prepared(
        "SELECT v.content, v.content_sha256, v.author_id, u.username, u.display_name, "
        "v.created_at, v.audit_seq FROM revisions v JOIN users u ON u.id = v.author_id "
        "WHERE v.report_id = :report AND v.revision = :revision");
    statement, soci::into(out.content), soci::into(out.content_sha256), soci::into(author),
        soci::into(out.author_username), soci::into(out.author_display_name),
        soci::into(out.created_at), soci::into(audit_seq), soci::use(report_key),
        soci::use(revision_key);
    if (!statement.execute(true)) {
        return std::nullopt;
    }
    out.report_id = report_id;
    out.revision = revision;
    out.author_id = author;
    out.audit_seq = audit_seq;
    return out;
}

std::vector<RevisionRecord> ReportStore::revisions(std::int64_t report_id) {
    long long report_key = report_id, number = 0, author = 0, audit_seq = 0;
    RevisionRecord row;
    auto statement = connection_.prepared(
        "SELECT v.revision, v.content_sha256, v.author_id, u.username, u.display_name, "
        "v.created_at, v.audit_seq FROM revisions v JOIN users u "
        "ON u.id = v.author_id WHERE v.report_id = :report ORDER BY v.revision");
    statement, soci::into(number), soci::into(row.content_sha256), soci::into(author),
        soci::into(row.author_username), soci::into(row.author_display_name),
        soci::into(row.created_at), soci::into(audit_seq), soci::use(report_key);
    statement.execute();
    std::vector<RevisionRecord> result;
    while (statement.fetch()) {
        row.report_id = report_id;
        row.revision = number;
        row.author_id = author;
        row.audit_seq = audit_seq;
        result.push_back(row);
    }
    return result;
}

std::int64_t ReportStore::insert_decision(const DecisionRecord& decision) {
    auto& sql = connection_.sql();
    long long report_id = decision.report_id, revision = decision.revision,
              actor = decision.actor_id, audit_seq = decision.audit_seq;
    std::string comment = decision.comment.value_or("");
    std::string checklist = decision.checklist.value_or("");
    soci::indicator comment_indicator = decision.comment ? soci::i_ok : soci::i_null;
    soci::indicator checklist_indicator = decision.checklist ? soci::i_ok : soci::i_null;
    auto statement = connection_.prepared(
        "INSERT INTO decisions (report_id, revision, action, from_state, to_state, actor_id, "
        "comment, checklist, created_at, audit_seq) VALUES (:report, :revision, :action, "
        ":from_state, :to_state, :actor, :comment, :checklist, :at, :seq)");
    statement, soci::use(report_id), soci::use(revision), soci::use(decision.action),
        soci::use(decision.from_state), soci::use(decision.to_state), soci::use(actor),
        soci::use(comment, comment_indicator), soci::use(checklist, checklist_indicator),
        soci::use(decision.created_at), soci::use(audit_seq);
    statement.execute(true);
    return connection_.dialect().last_insert_id(sql);
}

std::vector<DecisionRecord> ReportStore::decisions(std::int64_t report_id) {
    long long report_key = report_id, id = 0, revision = 0, actor = 0, audit_seq = 0;
    DecisionRecord row;
    std::string comment, checklist;
    soci::indicator comment_indicator = soci::i_ok, checklist_indicator = soci::i_ok;
    auto statement = connection_.prepared(
        "SELECT d.id, d.revision, d.action, d.from_state, d.to_state, "
        "d.actor_id, u.username, u.display_name, d.comment, d.checklist, d.created_at, "
        "d.audit_seq FROM decisions d JOIN users u ON u.id = d.actor_id "
        "WHERE d.report_id = :report ORDER BY d.id");
    statement, soci::into(id), soci::into(revision), soci::into(row.action),
        soci::into(row.from_state), soci::into(row.to_state), soci::into(actor),
        soci::into(row.actor_username), soci::into(row.actor_display_name),
        soci::into(comment, comment_indicator), soci::into(checklist, checklist_indicator),
        soci::into(row.created_at), soci::into(audit_seq), soci::use(report_key);
    statement.execute();
    std::vector<DecisionRecord> result;
    while (statement.fetch()) {
        row.id = id;
        row.report_id = report_id;
        row.revision = revision;
        row.actor_id = actor;
        row.audit_seq = audit_seq;
        row.comment = optional_text(comment, comment_indicator);
        row.checklist = optional_text(checklist, checklist_indicator);
        result.push_back(row);
    }
    return result;
}

std::int64_t ReportStore::last_decision_id(std::int64_t report_id) {
    long long report_key = report_id, id = 0;
    soci::indicator id_indicator = soci::i_null;
    auto statement =
        connection_.prepared("SELECT MAX(id) FROM decisions WHERE report_id = :report");
    statement, soci::into(id, id_indicator), soci::use(report_key);
    statement.execute(true);
    return id_indicator == soci::i_ok ? id : 0;
}

void ReportStore::insert_scan(const ScanRecord& scan) {
    long long report_id = scan.report_id, revision = scan.revision;
    auto statement = connection_.prepared(
        "INSERT INTO revision_scans (report_id, revision, scan, scanned_at) "
        "VALUES (:report, :revision, :scan, :at)");
    statement, soci::use(report_id), soci::use(revision), soci::use(scan.scan),
        soci::use(scan.scanned_at);
    statement.execute(true);
}

std::optional<ScanRecord> ReportStore::scan(std::int64_t report_id, std::int64_t revision) {
    long long report_key = report_id, revision_key = revision;
    ScanRecord out;
    auto statement = connection_.prepared(
        "SELECT scan, scanned_at FROM revision_scans WHERE report_id = :report AND "
        "revision = :revision");
    statement, soci::into(out.scan), soci::into(out.scanned_at), soci::use(report_key),
        soci::use(revision_key);
    if (!statement.execute(true)) return std::nullopt;
    out.report_id = report_id;
    out.revision = revision;
    return out;
}

void ReportStore::insert_import_notes(const ImportNotesRecord& notes) {
    long long report_id = notes.report_id, revision = notes.revision;
    auto statement = connection_.prepared(
        "INSERT INTO revision_import_notes (report_id, revision, notes, created_at) "
        "VALUES (:report, :revision, :notes, :at)");
    statement, soci::use(report_id), soci::use(revision), soci::use(notes.notes),
        soci::use(notes.created_at);
    statement.execute(true);
}

std::optional<ImportNotesRecord> ReportStore::import_notes(std::int64_t report_id) {
    long long report_key = report_id, revision = 0;
    ImportNotesRecord out;
    auto statement = connection_.prepared(
        "SELECT revision, notes, created_at FROM revision_import_notes WHERE report_id = "
        ":report ORDER BY revision DESC LIMIT 1");
    statement, soci::into(revision), soci::into(out.notes), soci::into(out.created_at),
        soci::use(report_key);
    if (!statement.execute(true)) return std::nullopt;
    out.report_id = report_id;
    out.revision = revision;
    return out;
}

std::int64_t ReportStore::insert_disposition(const DispositionRecord& disposition) {
    auto& sql = connection_.sql();
    long long report_id = disposition.report_id, revision = disposition.revision,
              actor = disposition.actor_id, audit_seq = disposition.audit_seq;
    sql << "INSERT INTO dispositions (report_id, revision, finding_id, rule, decision, note, "
           "actor_id, created_at, audit_seq) VALUES (:report, :revision, :finding, :rule, "
           ":decision, :note, :actor, :at, :seq)",
        soci::use(report_id), soci::use(revision), soci::use(disposition.finding_id),
        soci::use(disposition.rule), soci::use(disposition.decision), soci::use(disposition.note),
        soci::use(actor), soci::use(disposition.created_at), soci::use(audit_seq);
    return connection_.dialect().last_insert_id(sql);
}

std::vector<DispositionRecord> ReportStore::dispositions(std::int64_t report_id) {
    long long report_key = report_id, id = 0, revision = 0, actor = 0, audit_seq = 0;
    DispositionRecord row;
    auto statement = connection_.prepared(
        "SELECT d.id, d.revision, d.finding_id, d.rule, d.decision, d.note, "
        "d.actor_id, u.username, u.display_name, d.created_at, d.audit_seq "
        "FROM dispositions d JOIN users u ON u.id = d.actor_id WHERE d.report_id = :report "
        "ORDER BY d.id");
    statement, soci::into(id), soci::into(revision), soci::into(row.finding_id),
        soci::into(row.rule), soci::into(row.decision), soci::into(row.note), soci::into(actor),
        soci::into(row.actor_username), soci::into(row.actor_display_name),
        soci::into(row.created_at), soci::into(audit_seq), soci::use(report_key);
    statement.execute();
    std::vector<DispositionRecord> result;
    while (statement.fetch()) {
        row.id = id;
        row.report_id = report_id;
        row.revision = revision;
        row.actor_id = actor;
        row.audit_seq = audit_seq;
        result.push_back(row);
    }
    return result;
}

bool ReportStore::has_published_annual_report(const std::string& org, int year) {
    auto& sql = connection_.sql();
    int count = 0;
    sql << "SELECT COUNT(*) FROM reports WHERE kind = 'annual_report' AND org_id = :org AND "
           "year = :year AND state = 'published'",
        soci::into(count), soci::use(org), soci::use(year);
    return count > 0;
}

std::optional<ReportRecord> ReportStore::published_annual_report(const std::string& org, int year) {
    ReportRow row;
    auto query = (connection_.sql().prepare
                  << std::string(kReportSelect) +
                         "WHERE r.kind = 'annual_report' AND r.org_id = :org AND r.year = :year "
                         "AND r.state = 'published' ORDER BY r.id DESC LIMIT 1");
    row.bind(query);
    query, soci::use(org), soci::use(year);
    soci::statement statement = query;
    statement.execute();
    if (!statement.fetch()) return std::nullopt;
    return row.take();
}

std::vector<ReportRecord> ReportStore::annual_reports(const std::string& org, int year) {
    std::vector<ReportRecord> result;
    ReportRow row;
    auto statement = connection_.prepared(
        std::string(kReportSelect) +
        "WHERE r.kind = 'annual_report' AND r.year = :year AND r.org_id = :org ORDER BY r.id");
    row.bind(statement);
    statement, soci::use(year), soci::use(org);
    statement.execute();
    while (statement.fetch())
        result.push_back(row.take());
    return result;
}

std::vector<ReportRecord> ReportStore::public_reports(const std::string& org, std::size_t limit) {
    std::vector<ReportRecord> result;
    ReportRow row;
    long long bound_limit = static_cast<long long>(limit);
    auto query = (connection_.sql().prepare
                  << std::string(kReportSelect) +
                         "WHERE r.org_id = :org AND r.state IN ('published', 'retracted') "
                         "ORDER BY r.id DESC LIMIT :limit");
    row.bind(query);
    query, soci::use(org), soci::use(bound_limit);
    soci::statement statement = query;
    statement.execute();
    while (statement.fetch())
        result.push_back(row.take());
    return result;
}

}  // namespace gongkai::storage
