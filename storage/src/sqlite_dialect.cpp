// All SQL that only SQLite understands: connection set-up (WAL, synchronous=FULL, foreign
// keys), transaction start, the schema's words for SQLite (schema.cpp), the direct audit
// scan and the online backup. The stores' SQL is portable.
#include "dialect.hpp"
#include "gongkai/storage/backup.hpp"
#include "gongkai/storage/database.hpp"
#include "schema.hpp"

#include <soci/sqlite3/soci-sqlite3.h>  // declares the SQLite C API in namespace sqlite_api

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

namespace gongkai::storage {

namespace {

const std::vector<Migration> kMigrations = schema_migrations({
    "INTEGER PRIMARY KEY",  // the rowid: assigned when left out
    "INTEGER",              // up to 64 bits
    "random()",
    {
        R"(CREATE TRIGGER role_grants_inserted AFTER INSERT ON role_grants BEGIN
               UPDATE directory_generation SET value = random() WHERE id = 1; END)",
        R"(CREATE TRIGGER role_grants_updated AFTER UPDATE ON role_grants BEGIN
               UPDATE directory_generation SET value = random() WHERE id = 1; END)",
        R"(CREATE TRIGGER role_grants_deleted AFTER DELETE ON role_grants BEGIN
               UPDATE directory_generation SET value = random() WHERE id = 1; END)",
        R"(CREATE TRIGGER users_disabled_changed AFTER UPDATE OF disabled ON users BEGIN
               UPDATE directory_generation SET value = random() WHERE id = 1; END)",
        R"(CREATE TRIGGER users_deleted AFTER DELETE ON users BEGIN
               UPDATE directory_generation SET value = random() WHERE id = 1; END)",
    },
});

// Process-wide SQLite settings, which only take effect before SQLite initialises (the
// first connection). Profiles of the read workload showed a quarter of the server's time in
// one global mutex: with memory statistics on (the default), every allocation of every
// connection takes it. And each connection is used by one thread at a time (the writer
// thread, or a pooled reader checked out by one request), so SQLite's per-connection
// mutexes ("serialized" mode) only cost: "multi-thread" mode drops them.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    });
}

class SqliteDialect final : public Dialect {
public:
    void open(soci::session& sql, const std::string& path, bool read_only,
              int busy_timeout_ms) const override {
        configure_sqlite_once();
        // SOCI's timeout is in seconds; the busy_timeout pragma below sets the real one.
        sql.open(soci::sqlite3, "db=\"" + path + "\" timeout=5");
        sql << "PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms);
        sql << "PRAGMA foreign_keys = ON";
        if (read_only) {
            sql << "PRAGMA query_only = ON";
        } else {
            // Every job of a group commit runs in a savepoint, so SQLite keeps the original
            // of each page a job changes in a sub-journal. With temp_store at its default
            // that is a temporary file: a write system call per page, 14-26% of the
            // writer's samples under the lifecycle benchmark. In memory it is a copy, and
            // nothing durable lives there. (Readers keep temporary files: a large sort
            // there should not grow the server's memory.)
            sql << "PRAGMA temp_store = MEMORY";
            // WAL lets readers run beside the single writer; FULL makes every commit
            // durable before it is acknowledged.
            std::string mode;
            sql << "PRAGMA journal_mode = WAL", soci::into(mode);
            sql << "PRAGMA synchronous = FULL";
        }
    }

    std::vector<std::string> begin_write() const override { return {"BEGIN IMMEDIATE"}; }
    std::vector<std::string> begin_read() const override { return {"BEGIN"}; }

    std::string unindexed(const std::string& column) const override { return "+" + column; }

    // Cheap: it reads the WAL index header that every read transaction checks anyway.
    std::optional<std::string> data_version_query() const override { return "PRAGMA data_version"; }

    long long last_insert_id(soci::session& sql) const override {
        auto* connection = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
        return sqlite_api::sqlite3_last_insert_rowid(connection);
    }

    const std::vector<Migration>& migrations() const override { return kMigrations; }

    void reset(soci::statement& statement) const override {
        auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement.get_backend());
        if (backend != nullptr && backend->stmt_ != nullptr) {
            sqlite_api::sqlite3_reset(backend->stmt_);
            sqlite_api::sqlite3_clear_bindings(backend->stmt_);
        }
    }

    bool scan_audit_log(soci::session& sql, std::int64_t after_seq, std::int64_t through_seq,
                        const std::function<bool(const AuditEntryView&)>& visit) const override;

    void copy_snapshot(soci::session& sql, const std::string& location,
                       const std::string& destination,
                       const BackupSettings& settings) const override;
};

// The text of a column as a view into SQLite's buffer (valid until the next step).
std::string_view text_column(sqlite_api::sqlite3_stmt* statement, int column) {
    const auto* text =
        reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(statement, column));
    // sqlite3_column_bytes after sqlite3_column_text: the length of that same text.
    auto size = static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(statement, column));
    return text == nullptr ? std::string_view() : std::string_view(text, size);
}

bool is_null(sqlite_api::sqlite3_stmt* statement, int column) {
    return sqlite_api::sqlite3_column_type(statement, column) == SQLITE_NULL;
}

std::optional<std::string_view> optional_text(sqlite_api::sqlite3_stmt* statement, int column) {
    // NULL comes back as no text at all; asking for the type first cost every row a call
    // (a tenth of a million-entry walk goes to these accessors). An empty text is not NULL:
    // its pointer is not null, which the type check confirms for the rare null pointer.
    auto text = text_column(statement, column);
    if (text.data() == nullptr && is_null(statement, column)) return std::nullopt;
    return text;
}

std::optional<std::int64_t> optional_integer(sqlite_api::sqlite3_stmt* statement, int column) {
    if (is_null(statement, column)) return std::nullopt;
    return sqlite_api::sqlite3_column_int64(statement, column);
}

[[noreturn]] void throw_read_failure(sqlite_api::sqlite3* connection) {
    throw soci::soci_error(std::string("cannot read the audit log: ") +
                           sqlite_api::sqlite3_errmsg(connection));
}

bool SqliteDialect::scan_audit_log(soci::session& sql, std::int64_t after_seq,
                                   std::int64_t through_seq,
                                   const std::function<bool(const AuditEntryView&)>& visit) const {
    // open() connected this session with the sqlite3 backend (SOCI does not export the
    // backend's type information, so the name is what can be checked).
    if (sql.get_backend_name() != "sqlite3") return false;
    auto* connection = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
    sqlite_api::sqlite3_stmt* statement = nullptr;
    const char* query =
        "SELECT seq, at, actor, action, report_id, from_state, to_state, revision, "
        "content_sha256, details, prev_hash, hash FROM audit_log WHERE seq > ?1 AND seq <= ?2 "
        "ORDER BY seq";
    if (sqlite_api::sqlite3_prepare_v2(connection, query, -1, &statement, nullptr) != SQLITE_OK) {
        throw_read_failure(connection);
    }
    std::unique_ptr<sqlite_api::sqlite3_stmt, decltype(&sqlite_api::sqlite3_finalize)> owned(
        statement, &sqlite_api::sqlite3_finalize);
    if (sqlite_api::sqlite3_bind_int64(statement, 1, after_seq) != SQLITE_OK ||
        sqlite_api::sqlite3_bind_int64(statement, 2, through_seq) != SQLITE_OK) {
        throw_read_failure(connection);
    }
    int step = SQLITE_ROW;
    while ((step = sqlite_api::sqlite3_step(statement)) == SQLITE_ROW) {
        AuditEntryView row;
        row.seq = sqlite_api::sqlite3_column_int64(statement, 0);
        row.at = text_column(statement, 1);
        row.actor = text_column(statement, 2);
        row.action = text_column(statement, 3);
        row.report_id = optional_integer(statement, 4);
        row.from_state = optional_text(statement, 5);
        row.to_state = optional_text(statement, 6);
        row.revision = optional_integer(statement, 7);
        row.content_sha256 = optional_text(statement, 8);
        row.details = text_column(statement, 9);
        row.prev_hash = text_column(statement, 10);
        row.hash = text_column(statement, 11);
        if (!visit(row)) return true;
    }
    if (step != SQLITE_DONE) throw_read_failure(connection);
    return true;
}

// SQLite's online backup API, from the handle of the pooled read connection that
// Database::copy_snapshot lends (SOCI's sqlite3 backend holds it), rather than a
// connection opened here with the C API: that one is already set up as every reader is
// (busy timeout, query_only, the process-wide configuration), and its read transaction is
// what makes the copy consistent.
//
// The backup API copies in steps, and on its own takes a fresh read transaction for each
// step, restarting from the first page whenever another connection committed in between:
// under the server's steady writes a large copy would restart for ever. Here the caller's
// read transaction is already open, and a read starts its snapshot before the first step;
// every step then copies from that snapshot and nothing restarts. In WAL mode a reader
// never blocks the writer, so the server's commits go on throughout; what the open
// snapshot holds back is the checkpoint, so the WAL file grows for the length of the copy
// and is checkpointed after it.
void SqliteDialect::copy_snapshot(soci::session& sql, const std::string& location,
                                  const std::string& destination,
                                  const BackupSettings& settings) const {
    if (sql.get_backend_name() != "sqlite3") {
        throw StorageError("cannot back up " + location + ": not an SQLite connection");
    }
    auto* source = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
    // BEGIN takes its snapshot at the first read, not at once.
    int objects = 0;
    sql << "SELECT count(*) FROM sqlite_master", soci::into(objects);

    sqlite_api::sqlite3* target = nullptr;
    const int opened = sqlite_api::sqlite3_open_v2(
        destination.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite_api::sqlite3, decltype(&sqlite_api::sqlite3_close_v2)> owned(
        target, &sqlite_api::sqlite3_close_v2);
    auto failure = [&](const std::string& what) {
        return StorageError(
            what + " " + destination + ": " +
            (target != nullptr ? sqlite_api::sqlite3_errmsg(target) : "out of memory"));
    };
    if (opened != SQLITE_OK) throw failure("cannot create");

    auto* backup = sqlite_api::sqlite3_backup_init(target, "main", source, "main");
    if (backup == nullptr) throw failure("cannot start the copy to");
    int step = SQLITE_OK;
    while (step == SQLITE_OK) {
        step = sqlite_api::sqlite3_backup_step(backup, std::max(1, settings.pages_per_step));
        if (settings.after_step && (step == SQLITE_OK || step == SQLITE_DONE)) {
            const std::int64_t total = sqlite_api::sqlite3_backup_pagecount(backup);
            settings.after_step(total - sqlite_api::sqlite3_backup_remaining(backup), total);
        }
    }
    // SQLITE_BUSY and SQLITE_LOCKED would ask to try again later; with the snapshot held
    // and a destination of our own neither can come, so every other answer is a failure.
    const int finished = sqlite_api::sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE || finished != SQLITE_OK) {
        throw StorageError("cannot copy " + location + " to " + destination + ": " +
                           sqlite_api::sqlite3_errstr(step != SQLITE_DONE ? step : finished));
    }
}

}  // namespace

const Dialect& sqlite_dialect() {
    static const SqliteDialect dialect;
    return dialect;
}

}  // namespace gongkai::storage
