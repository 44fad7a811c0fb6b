#pragma once

#include "gongkai/testing/temp_dir.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>

#include <memory>
#include <string>

namespace gongkai::testing {

// A database in the file `name` of `dir`, created and migrated: where the storage, workflow
// and notifier tests begin (with `clock` stamping what they write).
std::unique_ptr<storage::Database> open_test_database(const TempDir& dir, const std::string& name,
                                                      const Clock& clock);

}  // namespace gongkai::testing
