#pragma once

#include "dialect.hpp"
#include "gongkai/storage/database.hpp"
#include "grants_cache.hpp"

#include <gongkai/core/string_hash.hpp>

#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gongkai::storage {

class Connection;

// One use of a statement that its connection prepared once and keeps. Preparing is what
// SQLite spends most of its time on for our short queries (a third of the server's time in
// the read benchmark went to sqlite3_prepare_v2 when every use prepared afresh).
//
//     auto statement = connection.prepared("SELECT a FROM t WHERE id = :id");
//     statement, soci::into(a), soci::use(id);
//     if (statement.execute(true)) { ... }        // or execute() and then fetch() in a loop
//
// Bindings are made afresh for each use. When the use ends the statement is reset (no
// snapshot or lock held past it) and its bindings are dropped; a use that ends by an
// exception discards the statement, so a broken one is never reused.
class PreparedUse {
public:
    PreparedUse(const PreparedUse&) = delete;
    PreparedUse& operator=(const PreparedUse&) = delete;
    ~PreparedUse();

    template <class Binding>
    PreparedUse& operator,(Binding&& binding) {
        statement_->exchange(std::forward<Binding>(binding));
        return *this;
    }

    // Runs the statement; with fetch_first, also fetches the first row into the into()s.
    // Returns whether there was a row to fetch.
    bool execute(bool fetch_first = false);
    bool fetch() { return statement_->fetch(); }
    long long affected_rows() { return statement_->get_affected_rows(); }

private:
    friend class Connection;
    PreparedUse(Connection& connection, soci::statement* statement, bool* in_use,
                std::unique_ptr<soci::statement> unshared);

    Connection& connection_;
    soci::statement* statement_;
    bool* in_use_;                               // the cache entry's flag; null when unshared
    std::unique_ptr<soci::statement> unshared_;  // a statement of this use alone
    int exceptions_at_start_;
    bool bound_ = false;
};

// One database connection with the stores that work on it.
class Connection {
public:
    Connection(const Dialect& dialect, const DatabaseSettings& settings, const Clock& clock,
               GrantsCache& grants_cache, bool read_only);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    soci::session& sql() { return sql_; }
    const Dialect& dialect() const { return dialect_; }
    Stores& stores() { return stores_; }

    // The statement for `text`, prepared on first use and kept (see PreparedUse). A text
    // already in use further up the stack, or beyond the cache's size, gets a statement of
    // its own for this use.
    PreparedUse prepared(std::string_view text);

    // Whether another connection may have committed since this one last asked: true the
    // first time, and whenever the engine's data version moved. nullopt when the engine
    // cannot tell (Dialect::data_version_query).
    std::optional<bool> others_committed();

    // Opens the connection again, with none of its prepared statements, when the engine has
    // lost it (Dialect::connection_lost). Called between uses only: with_transaction does
    // before it begins (and begins once more when its first statement finds the connection
    // lost), others_committed likewise.
    void reopen_if_lost();

private:
    friend class PreparedUse;
    struct CachedStatement {
        std::unique_ptr<soci::statement> statement;
        bool in_use = false;
    };
    static constexpr std::size_t kMaxCachedStatements = 256;

    void discard(const soci::statement* statement);

    void open();

    const Dialect& dialect_;
    const std::string location_;
    const bool read_only_;
    const int busy_timeout_ms_;
    soci::session sql_;
    // Declared after sql_: the statements are finalized before the session closes.
    std::unordered_map<std::string, CachedStatement, StringHash, std::equal_to<>> statements_;
    DirectoryStore directory_;
    ReportStore reports_;
    SessionStore sessions_;
    AuditLog audit_;
    NotificationStore notifications_;
    CommentStore comments_;
    Stores stores_;
    std::optional<long long> seen_data_version_;
};

// Runs `body` between the statements of `begin` and COMMIT (ROLLBACK when it throws). Database
// errors become StorageError; exceptions from `body` pass through unchanged.
void with_transaction(Connection& connection, const std::vector<std::string>& begin,
                      const std::function<void()>& body);

}  // namespace gongkai::storage
