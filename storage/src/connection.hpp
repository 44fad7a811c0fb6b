#pragma once

#include "dialect.hpp"
#include "gongkai/storage/database.hpp"

#include <soci/soci.h>

namespace gongkai::storage {

// One database connection with the stores that work on it.
class Connection {
public:
    Connection(const Dialect& dialect, const DatabaseSettings& settings, const Clock& clock,
               bool read_only);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    soci::session& sql() { return sql_; }
    const Dialect& dialect() const { return dialect_; }
    Stores& stores() { return stores_; }

private:
    const Dialect& dialect_;
    soci::session sql_;
    DirectoryStore directory_;
    ReportStore reports_;
    SessionStore sessions_;
    AuditLog audit_;
    NotificationStore notifications_;
    CommentStore comments_;
    Stores stores_;
};

// Runs `body` between BEGIN and COMMIT (ROLLBACK when it throws). Database errors become
// StorageError; exceptions from `body` pass through unchanged.
void with_transaction(Connection& connection, const std::string& begin,
                      const std::function<void()>& body);

}  // namespace gongkai::storage
