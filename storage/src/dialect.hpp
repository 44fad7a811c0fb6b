#pragma once

#include <gongkai/core/audit_chain.hpp>

#include <soci/soci.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

struct BackupSettings;

// One step of the schema: the statements that take it from version-1 to version.
struct Migration {
    int version;
    std::vector<std::string> statements;
};

// Everything that differs between database engines. The stores use portable SQL (bound
// parameters, ON CONFLICT DO NOTHING, RETURNING-free inserts); what cannot be portable
// lives behind this interface: SQLite (sqlite_dialect.cpp) and PostgreSQL
// (postgresql_dialect.cpp).
class Dialect {
public:
    virtual ~Dialect() = default;
    virtual void open(soci::session& sql, const std::string& path, bool read_only,
                      int busy_timeout_ms) const = 0;
    // The statements that start a transaction holding the write lock from the start.
    virtual std::vector<std::string> begin_write() const = 0;
    // The statements that start a read transaction: one snapshot until its end.
    virtual std::vector<std::string> begin_read() const = 0;
    // Id of the row the last INSERT on this session created.
    virtual long long last_insert_id(soci::session& sql) const = 0;
    virtual const std::vector<Migration>& migrations() const = 0;

    // Whether the engine has lost this session (PostgreSQL restarted, or its backend was
    // ended): the connection must be opened again before it can be used.
    virtual bool connection_lost(soci::session& /*sql*/) const { return false; }

    // `column` in a condition the planner should not answer from an index on it (SQLite:
    // unary +; PostgreSQL's planner weighs that itself).
    virtual std::string unindexed(const std::string& column) const { return column; }

    // Ends the statement's run so that it holds no snapshot or lock and no pointers into
    // the caller's bound variables, ready to be bound and run again.
    virtual void reset(soci::statement& /*statement*/) const {}

    // A query answering one integer that changes whenever another connection (of this
    // process or any other) has committed since this connection last ran it; nullopt when
    // the engine has none. Database::change_epoch is built on it.
    virtual std::optional<std::string> data_version_query() const { return std::nullopt; }

    // Calls visit(row) for every audit_log row with after_seq < seq <= through_seq, in seq
    // order, until it returns false, with
    // the text read straight from the engine's buffers: verifying the chain reads a million
    // rows, and a copy per column per row through SOCI was half of its time. Returns false
    // when the engine has no such path (the caller then reads the rows through SOCI;
    // tests/storage/audit_scan_fallback_itest.cpp holds that path to the same answers).
    virtual bool scan_audit_log(soci::session& /*sql*/, std::int64_t /*after_seq*/,
                                std::int64_t /*through_seq*/,
                                const std::function<bool(const AuditEntryView&)>& /*visit*/) const {
        return false;
    }

    // Copies the database, as the read transaction open on `sql` sees it, to the new file
    // `destination` while other connections go on writing (Database::copy_snapshot). Throws
    // StorageError when it cannot; an engine without a way to copy throws soci_error.
    virtual void copy_snapshot(soci::session& /*sql*/, const std::string& /*location*/,
                               const std::string& /*destination*/,
                               const BackupSettings& /*settings*/) const {
        throw soci::soci_error("this database engine cannot be backed up");
    }
};

const Dialect& sqlite_dialect();
const Dialect& postgresql_dialect();

// The dialect for a DatabaseSettings::path: PostgreSQL for a postgresql:// (or postgres://)
// connection URI, SQLite for anything else (a file).
const Dialect& dialect_for(const std::string& location);

}  // namespace gongkai::storage
