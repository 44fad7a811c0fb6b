// The schema, written once: {id}, {bigint} and {random} are the engine's words
// (SchemaDialect), and each engine adds the statements only it can write.
#include "schema.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gongkai::storage {

namespace {

// A function's static, not a namespace-level one: the dialects build their migrations
// during static initialisation, which may come before this file's.
const std::vector<Migration>& schema() {
    static const std::vector<Migration> kSchema = {
        {1,
         {
             R"(CREATE TABLE orgs (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                parent_id TEXT REFERENCES orgs(id),
                created_at TEXT NOT NULL))",
             R"(CREATE TABLE users (
                id {id},
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                disabled {bigint} NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL))",
             R"(CREATE TABLE role_grants (
                user_id {bigint} NOT NULL REFERENCES users(id),
                org_id TEXT NOT NULL REFERENCES orgs(id),
                role TEXT NOT NULL
                    CHECK (role IN ('drafter', 'reviewer', 'leader', 'auditor', 'admin')),
                granted_at TEXT NOT NULL,
                PRIMARY KEY (user_id, org_id, role)))",
             "CREATE INDEX role_grants_by_org ON role_grants(org_id, role)",
             R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id {bigint} NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                expires_at TEXT NOT NULL))",
             R"(CREATE TABLE reports (
                id {id},
                org_id TEXT NOT NULL REFERENCES orgs(id),
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                workflow TEXT NOT NULL,
                state TEXT NOT NULL,
                revision {bigint} NOT NULL,
                content_sha256 TEXT NOT NULL,
                created_by {bigint} NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))",
             "CREATE INDEX reports_by_org ON reports(org_id, id)",
             "CREATE INDEX reports_by_state ON reports(state, id)",
             R"(CREATE TABLE revisions (
                report_id {bigint} NOT NULL REFERENCES reports(id),
                revision {bigint} NOT NULL,
                content TEXT NOT NULL,
                content_sha256 TEXT NOT NULL,
                author_id {bigint} NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                audit_seq {bigint} NOT NULL,
                PRIMARY KEY (report_id, revision)))",
             R"(CREATE TABLE decisions (
                id {id},
                report_id {bigint} NOT NULL REFERENCES reports(id),
                revision {bigint} NOT NULL,
                action TEXT NOT NULL,
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                actor_id {bigint} NOT NULL REFERENCES users(id),
                comment TEXT,
                checklist TEXT,
                created_at TEXT NOT NULL,
                audit_seq {bigint} NOT NULL))",
             "CREATE INDEX decisions_by_report ON decisions(report_id, id)",
             R"(CREATE TABLE audit_log (
                seq {bigint} PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                report_id {bigint},
                from_state TEXT,
                to_state TEXT,
                revision {bigint},
                content_sha256 TEXT,
                details TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))",
             "CREATE INDEX audit_by_report ON audit_log(report_id, seq)",
             "CREATE INDEX audit_by_actor ON audit_log(actor, seq)",
             "CREATE INDEX audit_by_action ON audit_log(action, seq)",
             // The newest entry, kept apart from the log so that cutting entries off its end
             // is noticed by verification too.
             R"(CREATE TABLE audit_head (
                id {bigint} PRIMARY KEY CHECK (id = 1),
                seq {bigint} NOT NULL,
                hash TEXT NOT NULL))",
             "INSERT INTO audit_head (id, seq, hash) VALUES "
             "(1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
         }},
        {2,
         {
             // Transactional outbox: written with the change that caused it, relayed to Redis,
             // done when the consumer has put it into the recipient's inbox.
             R"(CREATE TABLE notification_outbox (
                id {id},
                recipient_id {bigint} NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL,
                report_id {bigint},
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                actor TEXT,
                created_at TEXT NOT NULL,
                relayed_at TEXT,
                delivered_at TEXT))",
             "CREATE INDEX outbox_pending ON notification_outbox(id) WHERE delivered_at IS NULL",
             R"(CREATE TABLE inbox (
                notification_id {bigint} PRIMARY KEY,
                user_id {bigint} NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL,
                report_id {bigint},
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                actor TEXT,
                created_at TEXT NOT NULL,
                delivered_at TEXT NOT NULL,
                read_at TEXT))",
             "CREATE INDEX inbox_by_user ON inbox(user_id, notification_id)",
             "CREATE INDEX inbox_unread ON inbox(user_id) WHERE read_at IS NULL",
             R"(CREATE TABLE comments (
                id {id},
                report_id {bigint} NOT NULL REFERENCES reports(id),
                revision {bigint} NOT NULL,
                thread_id {bigint},
                reply_to {bigint} REFERENCES comments(id),
                author_id {bigint} NOT NULL REFERENCES users(id),
                body TEXT NOT NULL,
                anchor TEXT,
                created_at TEXT NOT NULL,
                resolved_at TEXT,
                resolved_by {bigint} REFERENCES users(id)))",
             "CREATE INDEX comments_by_report ON comments(report_id, id)",
             // Reminders and deadline warnings already sent, so each is sent once.
             R"(CREATE TABLE reminders_sent (
                key TEXT PRIMARY KEY,
                sent_at TEXT NOT NULL))",
             // The year of an annual report, for deadline checks.
             "ALTER TABLE reports ADD COLUMN year {bigint}",
             "CREATE INDEX reports_by_kind_year ON reports(kind, year, org_id)",
         }},
        {3,
         {
             // The secrecy pre-review scan of each revision, as it was when the revision was
             // written: the findings the reviewer's dispositions refer to.
             R"(CREATE TABLE revision_scans (
                report_id {bigint} NOT NULL,
                revision {bigint} NOT NULL,
                scan TEXT NOT NULL,
                scanned_at TEXT NOT NULL,
                PRIMARY KEY (report_id, revision),
                FOREIGN KEY (report_id, revision) REFERENCES revisions(report_id, revision)))",
             // The reviewer's decision on one finding of one revision. Append-only: a changed
             // mind is a new row, the newest row for a finding is the one that counts.
             R"(CREATE TABLE dispositions (
                id {id},
                report_id {bigint} NOT NULL REFERENCES reports(id),
                revision {bigint} NOT NULL,
                finding_id TEXT NOT NULL,
                rule TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('keep', 'must_fix')),
                note TEXT NOT NULL,
                actor_id {bigint} NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                audit_seq {bigint} NOT NULL))",
             "CREATE INDEX dispositions_by_report ON dispositions(report_id, revision, id)",
         }},
        {4,
         {
             // What the grants cache checks its entries against (storage/src/grants_cache.hpp):
             // a fresh random value whenever a grant or a user's standing changes, by whichever
             // process makes the change.
             R"(CREATE TABLE directory_generation (
                id {bigint} PRIMARY KEY CHECK (id = 1),
                value {bigint} NOT NULL))",
             "INSERT INTO directory_generation (id, value) VALUES (1, {random})",
         }},
        {5,
         {
             // 更正: a report written to correct a published one names it here. The
             // corrected report stays published; its public page points to the correction
             // once that is published.
             "ALTER TABLE reports ADD COLUMN corrects {bigint}",
             "CREATE INDEX reports_by_corrects ON reports(corrects)",
         }},
        {6,
         {
             // What an import had to assume (blank cells read as 0, the template it chose),
             // kept with the revision the import produced, for everyone who reads it.
             R"(CREATE TABLE revision_import_notes (
                report_id {bigint} NOT NULL,
                revision {bigint} NOT NULL,
                notes TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (report_id, revision),
                FOREIGN KEY (report_id, revision) REFERENCES revisions(report_id, revision)))",
         }},
    };
    return kSchema;
}

}  // namespace

std::vector<Migration> schema_migrations(const SchemaDialect& engine) {
    std::vector<Migration> migrations;
    for (const auto& migration : schema()) {
        Migration worded{migration.version, {}};
        for (const auto& statement : migration.statements) {
            worded.statements.push_back(
                fmt::format(fmt::runtime(statement), fmt::arg("id", engine.id),
                            fmt::arg("bigint", engine.bigint), fmt::arg("random", engine.random)));
        }
        migrations.push_back(std::move(worded));
    }
    // Migration 4 created directory_generation; its triggers are the engine's own.
    auto& directory = *std::find_if(migrations.begin(), migrations.end(),
                                    [](const Migration& m) { return m.version == 4; });
    directory.statements.insert(directory.statements.end(),
                                engine.directory_generation_triggers.begin(),
                                engine.directory_generation_triggers.end());
    return migrations;
}

}  // namespace gongkai::storage
