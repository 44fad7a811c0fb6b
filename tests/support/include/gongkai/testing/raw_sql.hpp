#pragma once

#include <string>

namespace gongkai::testing {

// Runs `sql` on the database file through a connection of its own, the way another process
// (an administrator with the sqlite3 shell, or someone tampering with the file) would.
// Fails the current test when SQLite refuses it.
void exec_raw(const std::string& path, const std::string& sql);

}  // namespace gongkai::testing
