#include "gongkai/storage/audit_log.hpp"

#include "connection.hpp"

#include <gongkai/core/canonical_json.hpp>

#include <algorithm>
#include <limits>

namespace gongkai::storage {

namespace {

constexpr const char* kEntryColumns =
    "SELECT seq, at, actor, action, report_id, from_state, to_state, revision, content_sha256, "
    "details, prev_hash, hash FROM audit_log ";

constexpr const char* kScopedEntryColumns =
    "SELECT a.seq, a.at, a.actor, a.action, a.report_id, a.from_state, a.to_state, a.revision, "
    "a.content_sha256, a.details, a.prev_hash, a.hash FROM audit_log a "
    "LEFT JOIN reports r ON r.id = a.report_id ";

// SOCI binding for one audit_log row, nullable columns through indicators.
struct EntryRow {
    long long seq = 0, report_id = 0, revision = 0;
    std::string at, actor, action, from_state, to_state, content_sha256, details, prev_hash, hash;
    soci::indicator report_ind = soci::i_ok, from_ind = soci::i_ok, to_ind = soci::i_ok,
                    revision_ind = soci::i_ok, sha_ind = soci::i_ok;

    template <class Statement>
    void bind(Statement& statement) {
        statement, soci::into(seq), soci::into(at), soci::into(actor), soci::into(action),
            soci::into(report_id, report_ind), soci::into(from_state, from_ind),
            soci::into(to_state, to_ind), soci::into(revision, revision_ind),
            soci::into(content_sha256, sha_ind), soci::into(details), soci::into(prev_hash),
            soci::into(hash);
    }

    AuditEntry entry() const {
        AuditEntry out;
        out.seq = seq;
        out.at = at;
        out.actor = actor;
        out.action = action;
        if (report_ind == soci::i_ok) out.report_id = report_id;
        if (from_ind == soci::i_ok) out.from_state = from_state;
        if (to_ind == soci::i_ok) out.to_state = to_state;
        if (revision_ind == soci::i_ok) out.revision = revision;
        if (sha_ind == soci::i_ok) out.content_sha256 = content_sha256;
        out.details = details;
        out.prev_hash = prev_hash;
        out.hash = hash;
        return out;
    }
};

// `text` as a LIKE pattern (ESCAPE '!') matching it anywhere, its wildcards taken literally.
std::string contains_pattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') pattern += '!';
        pattern += c;
    }
    return pattern + "%";
}

// A title search names at most this many reports through the audit_by_report index (their
// entries are read and sorted); a title shared by more reports is searched by walking the
// log newest first, where that many reports give matches soon.
constexpr long long kTitleReportsByIndex = 200;

}  // namespace

std::pair<std::int64_t, std::string> AuditLog::recorded_head() {
    long long seq = 0;
    std::string hash;
    auto statement = connection_.prepared("SELECT seq, hash FROM audit_head WHERE id = 1");
    statement, soci::into(seq), soci::into(hash);
    if (!statement.execute(true)) {
        return {0, std::string(kGenesisHash)};
    }
    return {seq, hash};
}

void AuditLog::begin() {
    auto [seq, hash] = recorded_head();
    head_seq_ = seq;
    head_hash_ = std::move(hash);
}

void AuditLog::rewind(const Mark& mark) {
    head_seq_ = mark.seq;
    head_hash_ = mark.hash;
}

AuditEntry AuditLog::append(const AuditEvent& event) {
    AuditEntry entry;
    entry.seq = head_seq_ + 1;
    entry.at = format_iso8601(clock_.now());
    entry.actor = event.actor;
    entry.action = event.action;
    entry.report_id = event.report_id;
    entry.from_state = event.from_state;
    entry.to_state = event.to_state;
    entry.revision = event.revision;
    entry.content_sha256 = event.content_sha256;
    entry.details = canonical_json(event.details);
    entry.prev_hash = head_hash_;
    entry.hash = compute_audit_hash(entry);

    long long seq = entry.seq;
    long long report_id = entry.report_id.value_or(0);
    long long revision = entry.revision.value_or(0);
    std::string from_state = entry.from_state.value_or("");
    std::string to_state = entry.to_state.value_or("");
    std::string sha = entry.content_sha256.value_or("");
    soci::indicator report_ind = entry.report_id ? soci::i_ok : soci::i_null;
    soci::indicator revision_ind = entry.revision ? soci::i_ok : soci::i_null;
    soci::indicator from_ind = entry.from_state ? soci::i_ok : soci::i_null;
    soci::indicator to_ind = entry.to_state ? soci::i_ok : soci::i_null;
    soci::indicator sha_ind = entry.content_sha256 ? soci::i_ok : soci::i_null;
    auto insert = connection_.prepared(
        "INSERT INTO audit_log (seq, at, actor, action, report_id, from_state, to_state, "
        "revision, content_sha256, details, prev_hash, hash) VALUES (:seq, :at, :actor, "
        ":action, :report, :from_state, :to_state, :revision, :sha, :details, :prev, :hash)");
    insert, soci::use(seq), soci::use(entry.at), soci::use(entry.actor), soci::use(entry.action),
        soci::use(report_id, report_ind), soci::use(from_state, from_ind),
        soci::use(to_state, to_ind), soci::use(revision, revision_ind), soci::use(sha, sha_ind),
        soci::use(entry.details), soci::use(entry.prev_hash), soci::use(entry.hash);
    insert.execute(true);
    auto move_head =
        connection_.prepared("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1");
    move_head, soci::use(seq), soci::use(entry.hash);
    move_head.execute(true);

    head_seq_ = entry.seq;
    head_hash_ = entry.hash;
    return entry;
}

std::vector<AuditEntry> AuditLog::query(const AuditFilter& filter) {
    if (filter.actors) {
        // One index range (audit_by_actor) per account, each at most `limit` long, merged.
        std::vector<AuditEntry> merged;
        for (const auto& account : *filter.actors) {
            AuditFilter one = filter;
            one.actors.reset();
            one.actor = account;
            auto part = query(one);
            merged.insert(merged.end(), std::make_move_iterator(part.begin()),
                          std::make_move_iterator(part.end()));
        }
        std::sort(merged.begin(), merged.end(),
                  [](const AuditEntry& a, const AuditEntry& b) { return a.seq > b.seq; });
        if (merged.size() > filter.limit) merged.resize(filter.limit);
        return merged;
    }
    std::vector<long long> titled;  // the reports of a title search, when few enough
    std::string title_pattern;
    bool title_by_join = false;
    if (filter.title) {
        title_pattern = contains_pattern(*filter.title);
        long long id = 0, at_most = kTitleReportsByIndex + 1;
        auto reports = connection_.prepared(
            "SELECT id FROM reports WHERE title LIKE :pattern ESCAPE '!' ORDER BY id DESC "
            "LIMIT :n");
        reports, soci::into(id), soci::use(title_pattern), soci::use(at_most);
        reports.execute();
        while (reports.fetch())
            titled.push_back(id);
        if (titled.empty()) return {};
        title_by_join = titled.size() > static_cast<std::size_t>(kTitleReportsByIndex);
    }
    std::string where = "WHERE 1 = 1";
    long long report_id = filter.report_id.value_or(0);
    long long before = filter.before_seq.value_or(0);
    long long limit = static_cast<long long>(filter.limit);
    if (filter.report_id) where += " AND a.report_id = :report";
    if (filter.actor) where += " AND a.actor = :actor";
    if (filter.action) where += " AND a.action = :action";
    if (filter.since) where += " AND a.at >= :since";
    if (filter.until) where += " AND a.at < :until";
    if (filter.before_seq) where += " AND a.seq < :before";
    if (title_by_join) {
        where += " AND r.title LIKE :title ESCAPE '!'";
    } else if (filter.title) {
        std::string in;
        for (std::size_t i = 0; i < titled.size(); ++i) {
            in += (i ? ", :t" : ":t") + std::to_string(i);
        }
        where += " AND a.report_id IN (" + in + ")";
    }
    if (filter.report_orgs) {
        // Only placeholders are generated here; every org id is bound.
        std::string in;
        for (std::size_t i = 0; i < filter.report_orgs->size(); ++i) {
            in += (i ? ", :o" : ":o") + std::to_string(i);
        }
        std::string scoped = in.empty() ? "0 = 1" : "r.org_id IN (" + in + ")";
        where += filter.include_unscoped ? " AND (a.report_id IS NULL OR " + scoped + ")"
                                         : " AND " + scoped;
    }

    auto& sql = connection_.sql();
    EntryRow row;
    auto query = (sql.prepare << std::string(kScopedEntryColumns) + where +
                                     " ORDER BY a.seq DESC LIMIT :limit");
    row.bind(query);
    if (filter.report_id) query, soci::use(report_id);
    if (filter.actor) query, soci::use(*filter.actor);
    if (filter.action) query, soci::use(*filter.action);
    if (filter.since) query, soci::use(*filter.since);
    if (filter.until) query, soci::use(*filter.until);
    if (filter.before_seq) query, soci::use(before);
    if (title_by_join) {
        query, soci::use(title_pattern);
    } else if (filter.title) {
        for (const auto& id : titled)
            query, soci::use(id);
    }
    if (filter.report_orgs) {
        for (const auto& org : *filter.report_orgs) {
            query, soci::use(org);
        }
    }
    query, soci::use(limit);
    soci::statement statement = query;
    statement.execute();
    std::vector<AuditEntry> entries;
    while (statement.fetch()) {
        entries.push_back(row.entry());
    }
    return entries;
}

std::vector<std::string> AuditLog::accounts_matching(const std::string& text, std::size_t at_most) {
    std::string pattern = contains_pattern(text), username;
    long long limit = static_cast<long long>(at_most) + 1;
    auto statement = connection_.prepared(
        "SELECT username FROM users WHERE username = :text OR display_name LIKE :pattern "
        "ESCAPE '!' ORDER BY username LIMIT :n");
    statement, soci::into(username), soci::use(text), soci::use(pattern), soci::use(limit);
    std::vector<std::string> accounts;
    statement.execute();
    while (statement.fetch())
        accounts.push_back(username);
    return accounts;
}

std::map<std::int64_t, std::string> AuditLog::report_titles(
    const std::vector<AuditEntry>& entries) {
    std::map<std::int64_t, std::string> titles;
    for (const auto& entry : entries) {
        if (!entry.report_id || titles.contains(*entry.report_id)) continue;
        long long id = *entry.report_id;
        std::string title;
        auto statement = connection_.prepared("SELECT title FROM reports WHERE id = :id");
        statement, soci::into(title), soci::use(id);
        if (statement.execute(true)) titles.emplace(id, std::move(title));
    }
    return titles;
}

AuditVerification verdict_of(const AuditChainVerifier& verifier) {
    return {verifier.ok(),        verifier.entries(),
            verifier.head_hash(), verifier.first_bad_seq(),
            verifier.problem(),   1};
}

AuditVerification AuditLog::verify() {
    // Reading the rows and hashing them take about as long each: overlap them.
    AuditChainVerifier verifier(AuditChainVerifier::HashOn::second_thread);
    verify_stretch(verifier, 0, std::numeric_limits<std::int64_t>::max());
    auto [head_seq, head_hash] = recorded_head();
    verifier.finish(head_seq, head_hash);
    return verdict_of(verifier);
}

void AuditLog::verify_stretch(AuditChainVerifier& verifier, std::int64_t after_seq,
                              std::int64_t through_seq) {
    auto& sql = connection_.sql();
    auto accept = [&verifier](const AuditEntryView& entry) { return verifier.accept(entry); };
    if (connection_.dialect().scan_audit_log(sql, after_seq, through_seq, accept)) return;
    long long after = after_seq, through = through_seq;
    EntryRow row;
    auto query = (sql.prepare << std::string(kEntryColumns) +
                                     "WHERE seq > :after AND seq <= :through ORDER BY seq");
    row.bind(query);
    query, soci::use(after), soci::use(through);
    soci::statement statement = query;
    statement.execute();
    while (statement.fetch()) {
        if (!verifier.accept(row.entry())) break;
    }
}

std::optional<std::pair<std::int64_t, std::string>> AuditLog::entry_at_or_before(std::int64_t seq) {
    long long at_most = seq, found = 0;
    std::string hash;
    auto statement = connection_.prepared(
        "SELECT seq, hash FROM audit_log WHERE seq <= :seq ORDER BY seq DESC LIMIT 1");
    statement, soci::into(found), soci::into(hash), soci::use(at_most);
    if (!statement.execute(true)) return std::nullopt;
    return std::pair<std::int64_t, std::string>{found, hash};
}

}  // namespace gongkai::storage
