#include "connection.hpp"

namespace gongkai::storage {

Connection::Connection(const Dialect& dialect, const DatabaseSettings& settings, const Clock& clock,
                       GrantsCache& grants_cache, bool read_only)
    : dialect_(dialect),
      location_(settings.path),
      read_only_(read_only),
      busy_timeout_ms_(static_cast<int>(settings.busy_timeout.count())),
      directory_(*this, grants_cache),
      reports_(*this),
      sessions_(*this),
      audit_(*this, clock),
      notifications_(*this),
      comments_(*this),
      stores_{directory_, reports_, sessions_, audit_, notifications_, comments_} {
    open();
}

void Connection::open() {
    try {
        dialect_.open(sql_, location_, read_only_, busy_timeout_ms_);
    } catch (const std::exception& e) {
        throw StorageError("cannot open database " + printable_location(location_) + ": " +
                           e.what());
    }
}

void Connection::reopen_if_lost() {
    if (!dialect_.connection_lost(sql_)) return;
    statements_.clear();
    sql_.close();
    seen_data_version_.reset();
    open();
}

std::optional<bool> Connection::others_committed() {
    const auto query = dialect_.data_version_query();
    if (!query) return std::nullopt;
    long long version = 0;
    // Database::change_epoch's probe runs only this query, never a transaction: without
    // opening it again here, a probe the engine lost (PostgreSQL restarted) would fail every
    // cached read until the server restarted. The query changes nothing, so a loss it finds
    // is retried once on the connection opened again (which then counts as moved).
    reopen_if_lost();
    for (bool retried = false;; retried = true) {
        try {
            auto statement = prepared(*query);
            statement, soci::into(version);
            statement.execute(true);
            break;
        } catch (const soci::soci_error& e) {
            if (!retried && dialect_.connection_lost(sql_)) {
                reopen_if_lost();
                continue;
            }
            throw StorageError(std::string("cannot read the data version: ") + e.what());
        }
    }
    const bool moved = seen_data_version_ != version;
    seen_data_version_ = version;
    return moved;
}

PreparedUse Connection::prepared(std::string_view text) {
    auto found = statements_.find(text);
    if (found == statements_.end() && statements_.size() < kMaxCachedStatements) {
        std::string key(text);
        auto statement = std::make_unique<soci::statement>(sql_);
        statement->alloc();
        statement->prepare(key);
        found =
            statements_.emplace(std::move(key), CachedStatement{std::move(statement), false}).first;
    }
    if (found != statements_.end() && !found->second.in_use) {
        found->second.in_use = true;
        return PreparedUse(*this, found->second.statement.get(), &found->second.in_use, nullptr);
    }
    auto unshared = std::make_unique<soci::statement>(sql_);
    unshared->alloc();
    unshared->prepare(std::string(text));
    auto* statement = unshared.get();
    return PreparedUse(*this, statement, nullptr, std::move(unshared));
}

void Connection::discard(const soci::statement* statement) {
    for (auto it = statements_.begin(); it != statements_.end(); ++it) {
        if (it->second.statement.get() == statement) {
            statements_.erase(it);
            return;
        }
    }
}

PreparedUse::PreparedUse(Connection& connection, soci::statement* statement, bool* in_use,
                         std::unique_ptr<soci::statement> unshared)
    : connection_(connection),
      statement_(statement),
      in_use_(in_use),
      unshared_(std::move(unshared)),
      exceptions_at_start_(std::uncaught_exceptions()) {}

bool PreparedUse::execute(bool fetch_first) {
    if (!bound_) {
        statement_->define_and_bind();
        bound_ = true;
    }
    return statement_->execute(fetch_first);
}

PreparedUse::~PreparedUse() {
    if (unshared_) return;  // finalized with it
    if (std::uncaught_exceptions() > exceptions_at_start_) {
        // SOCI may have left the statement half-way; prepare it afresh next time.
        connection_.discard(statement_);
        return;
    }
    connection_.dialect().reset(*statement_);
    statement_->bind_clean_up();
    *in_use_ = false;
}

void with_transaction(Connection& connection, const std::vector<std::string>& begin,
                      const std::function<void()>& body) {
    connection.reopen_if_lost();
    auto& sql = connection.sql();
    // A connection the engine lost while it sat idle (PostgreSQL restarted) is only found
    // lost by the first statement sent on it. Nothing of this transaction has run then, so
    // it is opened again and begun once more: otherwise the first request on each pooled
    // connection after a restart would fail although the database serves again.
    for (bool retried = false;; retried = true) {
        try {
            for (const auto& statement : begin)
                connection.prepared(statement).execute(true);
            break;
        } catch (const soci::soci_error& e) {
            if (!retried && connection.dialect().connection_lost(sql)) {
                connection.reopen_if_lost();
                continue;
            }
            try {
                sql << "ROLLBACK";  // when a statement after the first failed (a lock not had)
            } catch (const soci::soci_error&) {
            }
            throw StorageError(std::string("cannot start a transaction: ") + e.what());
        }
    }
    try {
        body();
    } catch (...) {
        try {
            sql << "ROLLBACK";
        } catch (const soci::soci_error&) {
            // The transaction is already gone (SQLite rolls back on some errors itself).
        }
        throw;
    }
    try {
        connection.prepared("COMMIT").execute(true);
    } catch (const soci::soci_error& e) {
        try {
            sql << "ROLLBACK";
        } catch (const soci::soci_error&) {
        }
        throw StorageError(std::string("commit failed: ") + e.what());
    }
}

}  // namespace gongkai::storage
