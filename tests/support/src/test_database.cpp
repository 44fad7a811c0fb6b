#include "gongkai/testing/test_database.hpp"

namespace gongkai::testing {

std::unique_ptr<storage::Database> open_test_database(const TempDir& dir, const std::string& name,
                                                      const Clock& clock) {
    storage::DatabaseSettings settings;
    settings.path = dir.file(name);
    auto database = storage::Database::open(settings, clock);
    database->migrate();
    return database;
}

}  // namespace gongkai::testing
