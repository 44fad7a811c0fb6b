#include "gongkai/storage/backup.hpp"

#include "external_program.hpp"
#include "gongkai/storage/database.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <thread>
#include <unistd.h>
#include <vector>

namespace gongkai::storage {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_system_error(const std::string& what, const fs::path& path) {
    throw StorageError("cannot " + what + " " + path.string() + ": " + std::strerror(errno));
}

// Flushes `path` (a file, or the folder that names it) to the disk.
void sync_to_disk(const fs::path& path, bool folder) {
    const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) throw_system_error("open", path);
    const int synced = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (synced != 0) throw_system_error("sync", path);
}

// FILE.partial, where the copy is made: created empty for its owner alone (the copy holds
// password hashes; SQLite and pg_dump keep the mode of a file that exists), and removed
// with SQLite's files beside it unless kept, however the backup ends.
class PartialFile {
public:
    explicit PartialFile(fs::path path) : path_(std::move(path)) {
        remove_traces(true);  // a stopped earlier run's; never a backup
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) throw_system_error("create", path_);
        ::close(fd);
    }
    ~PartialFile() { remove_traces(!kept_); }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;

    const fs::path& path() const { return path_; }
    void keep() { kept_ = true; }

private:
    void remove_traces(bool with_file) noexcept {
        std::error_code ec;
        if (with_file) fs::remove(path_, ec);
        for (const char* suffix : {"-journal", "-wal", "-shm"}) {
            fs::remove(path_.string() + suffix, ec);
        }
    }

    fs::path path_;
    bool kept_ = false;
};

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec_a, ec_b;
    if (fs::equivalent(a, b, ec_a)) return true;
    const auto canonical_a = fs::weakly_canonical(a, ec_a);
    const auto canonical_b = fs::weakly_canonical(b, ec_b);
    return !ec_a && !ec_b && canonical_a == canonical_b;
}

// The copy's chain, verified by opening it as a database and asking what `gongkai audit
// verify` asks (Database::verify_audit_log, a long log in stretches side by side). Not
// migrated: the copy stays as it was taken.
AuditVerification verify_copy(const fs::path& copy, const Clock& clock) {
    DatabaseSettings settings;
    settings.path = copy.string();
    settings.read_connections = std::max(1u, std::thread::hardware_concurrency());
    auto database = Database::open(settings, clock);
    return database->verify_audit_log();
    // Closing the last connection checkpoints the copy's WAL into it and removes it.
}

// pg_restore reads the whole archive (every table's data, decompressed) into a script
// thrown away: a dump that pg_dump cut short or that the disk mangled fails here.
void check_archive(const fs::path& archive) {
    const auto pg_restore = postgresql_program("pg_restore");
    if (!pg_restore) {
        throw StorageError("cannot check " + archive.string() +
                           ": pg_restore is neither on PATH nor in /usr/lib/postgresql/*/bin");
    }
    const auto run = run_program({pg_restore->string(), "--file=/dev/null", archive.string()});
    if (run.exit_code != 0) {
        throw StorageError("pg_restore cannot read " + archive.string() + " (exit " +
                           std::to_string(run.exit_code) + "): " + run.errors);
    }
}

}  // namespace

std::optional<fs::path> postgresql_program(const std::string& name) {
    // Debian keeps each major version's programs in /usr/lib/postgresql/VERSION/bin; the
    // newest reads the archives of every older server.
    std::vector<std::pair<int, fs::path>> versions;
    std::error_code ec;
    for (fs::directory_iterator it("/usr/lib/postgresql", ec), end; !ec && it != end;
         it.increment(ec)) {
        const auto version = it->path().filename().string();
        const auto digit = [](unsigned char c) { return std::isdigit(c) != 0; };
        if (!version.empty() && std::all_of(version.begin(), version.end(), digit)) {
            versions.emplace_back(std::stoi(version), it->path() / "bin");
        }
    }
    std::sort(versions.begin(), versions.end(), std::greater<>());
    std::vector<fs::path> folders;
    for (auto& [version, folder] : versions)
        folders.push_back(std::move(folder));
    return find_program(name, folders);
}

BackupResult back_up(Database& database, const std::string& file, const Clock& clock,
                     const BackupSettings& settings) {
    const auto& location = database.settings().path;
    const bool postgresql = is_postgresql_location(location);
    BackupResult result;
    result.file = fs::absolute(file);
    if (result.file.filename().empty()) {
        throw StorageError("not a file name: " + file);
    }
    const fs::path partial_path = result.file.string() + ".partial";
    if (!postgresql && (same_file(result.file, location) || same_file(partial_path, location))) {
        throw StorageError("cannot back up " + location + " over itself");
    }

    PartialFile partial(partial_path);
    if (postgresql) {
        // Verified before the dump, in the snapshot the dump then copies.
        database.copy_snapshot(partial.path().string(), settings, [&](Stores& stores) {
            result.audit = stores.audit.verify();
            return result.audit.ok;
        });
        if (!result.audit.ok) return result;
        check_archive(partial.path());
    } else {
        database.copy_snapshot(partial.path().string(), settings);
        result.audit = verify_copy(partial.path(), clock);
        if (!result.audit.ok) return result;
    }

    sync_to_disk(partial.path(), false);
    if (::rename(partial.path().c_str(), result.file.c_str()) != 0) {
        throw_system_error("rename " + partial.path().string() + " to", result.file);
    }
    partial.keep();
    sync_to_disk(result.file.parent_path(), true);
    std::error_code ec;
    result.bytes = fs::file_size(result.file, ec);
    return result;
}

}  // namespace gongkai::storage
