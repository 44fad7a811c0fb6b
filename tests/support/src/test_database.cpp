#include "gongkai/testing/test_database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <libpq-fe.h>
#include <mutex>
#include <random>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace gongkai::testing {

namespace {

const char* postgresql_server() {
    const char* server = std::getenv("GONGKAI_TEST_POSTGRESQL");
    return server != nullptr && *server != '\0' ? server : nullptr;
}

// A name no other test (of this or another test program running beside it) has used.
std::string fresh_database_name() {
    static std::atomic<int> counter{0};
    static const auto salt = std::random_device{}();
    return "gk_test_" + std::to_string(::getpid()) + "_" + std::to_string(salt % 100000) + "_" +
           std::to_string(counter++);
}

// The databases this test program created, dropped when it exits (after every test's
// Database is gone): a developer's cluster should not fill up with them.
std::mutex created_mutex;
std::vector<std::string> created_databases;

void drop_created_databases() {
    const char* server = std::getenv("GONGKAI_TEST_POSTGRESQL");
    if (server == nullptr) return;
    PGconn* connection = PQconnectdb(server);
    if (PQstatus(connection) == CONNECTION_OK) {
        std::lock_guard lock(created_mutex);
        for (const auto& name : created_databases) {
            PQclear(
                PQexec(connection, ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str()));
        }
    }
    PQfinish(connection);
}

std::string create_postgresql_database(const std::string& server) {
    const auto name = fresh_database_name();
    {
        std::lock_guard lock(created_mutex);
        if (created_databases.empty()) std::atexit(drop_created_databases);
        created_databases.push_back(name);
    }
    PGconn* connection = PQconnectdb(server.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        throw std::runtime_error("cannot reach GONGKAI_TEST_POSTGRESQL: " + message);
    }
    // C collation: text sorts by bytes, as SQLite's does.
    PGresult* result = PQexec(connection, ("CREATE DATABASE " + name +
                                           " TEMPLATE template0 ENCODING 'UTF8' "
                                           "LC_COLLATE 'C' LC_CTYPE 'C'")
                                              .c_str());
    const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string message = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    if (!created) throw std::runtime_error("cannot create a test database: " + message);
    // The server's URI with its database replaced: …/DB[?options] -> …/name.
    const auto path = server.find('/', server.find("://") + 3);
    return server.substr(0, path) + "/" + name;
}

}  // namespace

bool testing_postgresql() {
    return postgresql_server() != nullptr;
}

std::string test_database_location(const TempDir& dir, const std::string& name) {
    if (const char* server = postgresql_server()) return create_postgresql_database(server);
    return dir.file(name);
}

std::unique_ptr<storage::Database> open_test_database(const TempDir& dir, const std::string& name,
                                                      const Clock& clock) {
    return open_test_database(test_database_location(dir, name), clock);
}

std::unique_ptr<storage::Database> open_test_database(const std::string& location,
                                                      const Clock& clock) {
    storage::DatabaseSettings settings;
    settings.path = location;
    auto database = storage::Database::open(settings, clock);
    database->migrate();
    return database;
}

}  // namespace gongkai::testing
