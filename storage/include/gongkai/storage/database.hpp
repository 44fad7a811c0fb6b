#pragma once

#include "gongkai/storage/audit_log.hpp"
#include "gongkai/storage/comment_store.hpp"
#include "gongkai/storage/directory_store.hpp"
#include "gongkai/storage/notification_store.hpp"
#include "gongkai/storage/report_store.hpp"
#include "gongkai/storage/session_store.hpp"

#include <gongkai/core/clock.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace gongkai::storage {

struct DatabaseSettings {
    // The SQLite file (created when missing), or a PostgreSQL connection URI
    // (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE, the database created beforehand).
    std::string path;
    std::size_t read_connections = 4;
    std::chrono::milliseconds busy_timeout{5000};
    std::size_t max_batch = 512;  // most jobs the writer commits in one transaction
};

// Whether DatabaseSettings::path names a PostgreSQL database (a postgresql:// or
// postgres:// connection URI) rather than an SQLite file.
bool is_postgresql_location(const std::string& location);

// DatabaseSettings::path as messages and logs may show it: a connection URI's password
// masked.
std::string printable_location(const std::string& location);

// The database could not be opened, migrated or written: environment failures the
// server and the tools report to the operator (exit code 2 at start).
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Every store over one connection, as handed to a read or a write.
struct Stores {
    DirectoryStore& directory;
    ReportStore& reports;
    SessionStore& sessions;
    AuditLog& audit;
    NotificationStore& notifications;
    CommentStore& comments;
};

class WriteQueue;
struct BackupSettings;

// The database: one writer connection behind a group-commit queue, a pool of read-only
// connections, and the schema. SQLite in WAL mode with synchronous=FULL and foreign keys
// on; everything SQLite-specific lives in src/sqlite_dialect.cpp.
class Database {
public:
    // Opens (creating the file when missing) but does not migrate.
    static std::unique_ptr<Database> open(const DatabaseSettings& settings, const Clock& clock);
    ~Database();

    // Brings the schema to the newest version; idempotent. Returns that version.
    int migrate();
    int schema_version();
    static int latest_schema_version();

    // Runs `work` on a read-only connection inside one read transaction (one snapshot).
    void read(const std::function<void(Stores&)>& work);

    // Verifies the whole audit chain. A long log is cut into stretches, one per core (and
    // at most one per read connection, none shorter than `min_entries_per_stretch`), walked
    // side by side on read connections of their own and joined in seq order: the verdict is
    // the one a single walk gives, first bad entry included. `stretches` 0 means one per
    // core. Not to be called from inside read(), whose connection it would wait for.
    AuditVerification verify_audit_log(std::size_t stretches = 0,
                                       std::int64_t min_entries_per_stretch = 100000);

    // A number that stays the same only while nothing is committed to the database, by
    // this process or any other. A value read before a read snapshot labels what that
    // snapshot saw: if a later call gives the same number, no commit has happened since,
    // so what was read is still current (the reply cache, api/, relies on this). nullopt
    // when the engine cannot tell, in which case nothing may be taken as current.
    //
    // How: a read connection of its own, asked by one caller at a time, asks the engine
    // whether any other connection committed since it last asked (SQLite: PRAGMA
    // data_version), and when one did the number moves on. So a call after a commit never
    // gives a number read before that commit, and one commit moves the number once.
    std::optional<std::uint64_t> change_epoch();

    // Copies the whole database, as it stands at one moment, to the new file `destination`
    // while this and other processes go on writing: one read snapshot, on a pooled read
    // connection. First runs `first` (when given) in that same snapshot; when it answers
    // false nothing is copied. SQLite: the online backup API, in steps (BackupSettings);
    // PostgreSQL: pg_dump --format=custom. Not atomic, unverified: storage::back_up
    // (backup.hpp) is the backup.
    void copy_snapshot(const std::string& destination, const BackupSettings& settings,
                       const std::function<bool(Stores&)>& first = {});

    // Runs `work` in a write transaction of its own on the calling thread and commits it
    // before returning. For the command-line tools and set-up; the server writes through
    // writer() so that concurrent requests share commits.
    void write(const std::function<void(Stores&)>& work);

    // The group-commit writer thread; started on first use, stopped (after draining) by
    // stop_writer() or the destructor.
    WriteQueue& writer();
    void stop_writer();

    const DatabaseSettings& settings() const;

private:
    struct Impl;
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::storage
