#pragma once

#include <gongkai/core/access.hpp>

#include <cstdint>
#include <optional>
#include <string>

// The rows Gongkai keeps, as plain structs. Times are UTC ISO 8601 strings
// (format_iso8601), so they compare as text in time order.
namespace gongkai::storage {

struct UserRecord {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::string password_hash;
    bool disabled = false;
    std::string created_at;

    Actor actor() const { return {id, username, display_name}; }
};

struct ReportRecord {
    std::int64_t id = 0;
    std::string org;
    std::string kind;
    std::string title;
    std::string workflow;
    std::string state;
    std::int64_t revision = 0;  // the current (newest) revision
    std::string content_sha256;  // of the current revision
    std::int64_t created_by = 0;
    std::string created_by_username;
    std::string created_by_display_name;
    std::string created_at;
    std::string updated_at;
    std::optional<int> year;  // annual reports: the year reported on
    std::optional<std::int64_t> corrects;  // 更正: the published report this one corrects
    // Read only: the newest published report that corrects this one, if any.
    std::optional<std::int64_t> corrected_by;
};

struct RevisionRecord {
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string content;  // canonical JSON text of the content object
    std::string content_sha256;
    std::int64_t author_id = 0;
    std::string author_username;
    std::string author_display_name;
    std::string created_at;
    std::int64_t audit_seq = 0;  // the audit entry that recorded it
};

// A workflow decision (submit, pass_review, approve, ...) made on one revision.
struct DecisionRecord {
    std::int64_t id = 0;
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string action;
    std::string from_state;
    std::string to_state;
    std::int64_t actor_id = 0;
    std::string actor_username;
    std::string actor_display_name;
    std::optional<std::string> comment;
    std::optional<std::string> checklist;  // canonical JSON object text
    std::string created_at;
    std::int64_t audit_seq = 0;
};

// The stored secrecy scan of one revision: the canonical JSON {findings, counts}.
struct ScanRecord {
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string scan;
    std::string scanned_at;
};

// What an import of a word-processor text had to assume (blank cells read as 0, the
// template it recognised …), kept with the revision the import produced: the canonical JSON
// array [{kind, message, paths?}] of report.import's `assumptions`.
struct ImportNotesRecord {
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string notes;
    std::string created_at;
};

// A reviewer's decision on one `review` finding of one revision (review.disposition).
struct DispositionRecord {
    std::int64_t id = 0;
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string finding_id;
    std::string rule;
    std::string decision;  // "keep" | "must_fix"
    std::string note;
    std::int64_t actor_id = 0;
    std::string actor_username;
    std::string actor_display_name;
    std::string created_at;
    std::int64_t audit_seq = 0;
};

struct SessionRecord {
    std::string token_hash;
    std::int64_t user_id = 0;
    std::string created_at;
    std::string last_seen_at;
    std::string expires_at;  // absolute expiry
};

}  // namespace gongkai::storage
