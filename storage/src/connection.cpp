#include "connection.hpp"

namespace gongkai::storage {

Connection::Connection(const Dialect& dialect, const DatabaseSettings& settings,
                       const Clock& clock, bool read_only)
    : dialect_(dialect),
      directory_(*this),
      reports_(*this),
      sessions_(*this),
      audit_(*this, clock),
      notifications_(*this),
      comments_(*this),
      stores_{directory_, reports_, sessions_, audit_, notifications_, comments_} {
    try {
        dialect_.open(sql_, settings.path, read_only,
                      static_cast<int>(settings.busy_timeout.count()));
    } catch (const std::exception& e) {
        throw StorageError("cannot open database " + settings.path + ": " + e.what());
    }
}

void with_transaction(Connection& connection, const std::string& begin,
                      const std::function<void()>& body) {
    auto& sql = connection.sql();
    try {
        sql << begin;
    } catch (const soci::soci_error& e) {
        throw StorageError(std::string("cannot start a transaction: ") + e.what());
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
        sql << "COMMIT";
    } catch (const soci::soci_error& e) {
        try {
            sql << "ROLLBACK";
        } catch (const soci::soci_error&) {
        }
        throw StorageError(std::string("commit failed: ") + e.what());
    }
}

}  // namespace gongkai::storage
