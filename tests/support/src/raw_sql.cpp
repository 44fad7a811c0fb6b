#include "gongkai/testing/raw_sql.hpp"

#include <gongkai/storage/database.hpp>

#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <sqlite3.h>

namespace gongkai::testing {

namespace {

void exec_raw_postgresql(const std::string& location, const std::string& sql) {
    PGconn* connection = PQconnectdb(location.c_str());
    ASSERT_EQ(PQstatus(connection), CONNECTION_OK) << PQerrorMessage(connection);
    PGresult* result = PQexec(connection, sql.c_str());
    const auto status = PQresultStatus(result);
    std::string error = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    ASSERT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << error;
}

}  // namespace

void exec_raw(const std::string& path, const std::string& sql) {
    if (storage::is_postgresql_location(path)) {
        exec_raw_postgresql(path, sql);
        return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string error = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << error;
}

}  // namespace gongkai::testing
