#pragma once

#include <gongkai/core/audit_chain.hpp>
#include <gongkai/core/clock.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

class Connection;

// What a change records about itself; the log adds seq, time and the hashes.
struct AuditEvent {
    std::string actor;
    std::string action;
    std::optional<std::int64_t> report_id;
    std::optional<std::string> from_state;
    std::optional<std::string> to_state;
    std::optional<std::int64_t> revision;
    std::optional<std::string> content_sha256;
    boost::json::object details;
};

struct AuditFilter {
    std::optional<std::int64_t> report_id;
    std::optional<std::string> actor;
    // Entries by any of these accounts (AuditLog::accounts_matching). Each account is read
    // newest first from its own index range and the ranges are merged, so a search for a few
    // people costs what a search for one does.
    std::optional<std::vector<std::string>> actors;
    std::optional<std::string> action;
    // Entries about reports whose title contains this text.
    std::optional<std::string> title;
    std::optional<std::string> since;        // inclusive, ISO 8601
    std::optional<std::string> until;        // exclusive, ISO 8601
    std::optional<std::int64_t> before_seq;  // pagination: entries below this seq
    std::size_t limit = 100;
    // Scope: when set, only entries about reports of these orgs, plus (with
    // include_unscoped) the entries about no report (logins, users, roles, orgs).
    std::optional<std::vector<std::string>> report_orgs;
    bool include_unscoped = true;
};

struct AuditVerification {
    bool ok = true;
    std::int64_t entries = 0;
    std::string head_hash;
    std::optional<std::int64_t> first_bad_seq;
    std::string problem;
    std::size_t stretches = 1;  // walked side by side (Database::verify_audit_log)
};

// What `verifier` found, once finished.
AuditVerification verdict_of(const AuditChainVerifier& verifier);

// The hash-chained audit log. Appends happen only inside a write transaction, which holds
// the database's write lock, so the chain head read at its start cannot move under it.
class AuditLog {
public:
    AuditLog(Connection& connection, const Clock& clock) : connection_(connection), clock_(clock) {}

    // Loads the chain head; called at the start of every write transaction.
    void begin();
    // Appends one entry and returns it (with seq and hashes).
    AuditEntry append(const AuditEvent& event);

    // Savepoint support: where the chain stood, to rewind to when a job rolls back.
    struct Mark {
        std::int64_t seq;
        std::string hash;
    };
    Mark mark() const { return {head_seq_, head_hash_}; }
    void rewind(const Mark& mark);

    // Newest first.
    std::vector<AuditEntry> query(const AuditFilter& filter);
    // The accounts a person searching the log means by `text`: the account of that username,
    // and those whose display name contains the text, at most `at_most` (sorted); more than
    // that gives at_most + 1.
    std::vector<std::string> accounts_matching(const std::string& text, std::size_t at_most);
    // The current titles of the reports the entries are about.
    std::map<std::int64_t, std::string> report_titles(const std::vector<AuditEntry>& entries);
    // Walks the whole chain in seq order (Database::verify_audit_log splits a long one).
    AuditVerification verify();
    // Walks the entries after_seq < seq <= through_seq in seq order into `verifier`: one
    // stretch of a chain verified in stretches side by side.
    void verify_stretch(AuditChainVerifier& verifier, std::int64_t after_seq,
                        std::int64_t through_seq);
    // seq and hash of the newest entry at or before `seq`, where a stretch may end.
    std::optional<std::pair<std::int64_t, std::string>> entry_at_or_before(std::int64_t seq);
    // seq and hash of the newest entry as recorded in the audit_head table.
    std::pair<std::int64_t, std::string> recorded_head();

private:
    Connection& connection_;
    const Clock& clock_;
    std::int64_t head_seq_ = 0;
    std::string head_hash_;
};

}  // namespace gongkai::storage
