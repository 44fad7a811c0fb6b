#pragma once

#include "gongkai/testing/temp_dir.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>

#include <memory>
#include <string>

namespace gongkai::testing {

// Where a test's database `name` lives: the file `name` in `dir`, or, when the environment
// names a PostgreSQL server (GONGKAI_TEST_POSTGRESQL=postgresql://USER@HOST:PORT/DB, as
// `./dev test` sets for its second pass), a fresh database created on it for this call.
std::string test_database_location(const TempDir& dir, const std::string& name);

// Whether the tests run against PostgreSQL (GONGKAI_TEST_POSTGRESQL is set).
bool testing_postgresql();

// A database at test_database_location(dir, name), created and migrated: where the storage,
// workflow and notifier tests begin (with `clock` stamping what they write).
std::unique_ptr<storage::Database> open_test_database(const TempDir& dir, const std::string& name,
                                                      const Clock& clock);

// The database at `location` (from test_database_location), migrated: a second Database
// on the same data, as another process would open it.
std::unique_ptr<storage::Database> open_test_database(const std::string& location,
                                                      const Clock& clock);

}  // namespace gongkai::testing
