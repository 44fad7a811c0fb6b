#pragma once

#include "gongkai/storage/audit_log.hpp"

#include <gongkai/core/clock.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace gongkai::storage {

class Database;

struct BackupSettings {
    // SQLite: pages the online backup API copies per step. Every step copies from the same
    // read snapshot, so the size only decides how often after_step is called; the server's
    // writers go on committing meanwhile either way (WAL).
    int pages_per_step = 1024;
    // Called after each step with the pages copied so far and the pages in all (SQLite
    // only): progress, and for tests a moment in the middle of a copy.
    std::function<void(std::int64_t copied, std::int64_t total)> after_step;
};

struct BackupResult {
    std::filesystem::path file;  // where the backup is (absolute)
    std::uintmax_t bytes = 0;    // its size
    // The audit chain of what was copied. Not ok: nothing was written at `file`.
    AuditVerification audit;
};

// Takes a consistent copy of `database` while other processes (the server) go on writing to
// it, and verifies the copy's audit chain with what `gongkai audit verify` uses. The copy is
// written to FILE.partial in the same folder (readable by its owner only: it holds password
// hashes), synced to disk and renamed to `file` only when its chain verifies, so `file` is
// either the previous file or a whole, verified backup. A FILE.partial left by an earlier
// run is removed first.
//
// SQLite: the online backup API copies the file from one read snapshot (see
// Dialect::copy_snapshot); the copy is then opened as a database and its chain verified.
// PostgreSQL: pg_dump --format=custom of a snapshot exported by a REPEATABLE READ
// transaction, whose chain is verified in that same snapshot, i.e. exactly the rows pg_dump
// writes; the archive is then read through once by pg_restore to show it is whole. The
// dump is not restored (that would need a database to restore into): restoring is
// docs/operations.md.
//
// Throws StorageError when the copy cannot be made (the database, the destination folder,
// pg_dump); FILE.partial is removed then too.
BackupResult back_up(Database& database, const std::string& file, const Clock& clock,
                     const BackupSettings& settings = {});

// Where PostgreSQL's client program `name` (pg_dump, pg_restore) is: on PATH, else in the
// newest /usr/lib/postgresql/VERSION/bin. nullopt when neither has it.
std::optional<std::filesystem::path> postgresql_program(const std::string& name);

}  // namespace gongkai::storage
