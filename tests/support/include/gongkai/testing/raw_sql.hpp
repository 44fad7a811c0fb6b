#pragma once

#include <string>

namespace gongkai::testing {

// Runs `sql` on the database at `path` (an SQLite file, or a PostgreSQL connection URI)
// through a connection of its own, the way another process (an administrator with the
// sqlite3 shell or psql, or someone tampering with the data) would. Fails the current test
// when the database refuses it.
void exec_raw(const std::string& path, const std::string& sql);

}  // namespace gongkai::testing
