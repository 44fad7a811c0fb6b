#include "commands.hpp"

#include <gongkai/storage/backup.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace gongkai::cli {

namespace {

// The database to copy, as it is: a backup does not migrate what it copies (a tool newer
// than the running server must not change the schema under it).
std::unique_ptr<storage::Database> open_source(const std::string& location, const Clock& clock) {
    std::error_code ec;
    if (!storage::is_postgresql_location(location) && !std::filesystem::exists(location, ec)) {
        throw storage::StorageError("no database at " + location);
    }
    storage::DatabaseSettings settings;
    settings.path = location;
    settings.read_connections = 1;  // the snapshot the copy is taken from
    return storage::Database::open(settings, clock);
}

std::string readable_size(std::uintmax_t bytes) {
    if (bytes < 1024) return fmt::format("{} B", bytes);
    if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
    if (bytes < 1024ull * 1024 * 1024) return fmt::format("{:.1f} MiB", bytes / 1048576.0);
    return fmt::format("{:.2f} GiB", bytes / 1073741824.0);
}

}  // namespace

void add_backup_commands(CLI::App& app, Context& context) {
    struct Options {
        std::string db, to;
        int pages_per_step = storage::BackupSettings{}.pages_per_step;
    };
    auto options = std::make_shared<Options>();
    auto* backup = app.add_subcommand(
        "backup",
        "Copy the database while the server runs and verify the copy's audit chain; FILE is "
        "written only when it verifies (restore: docs/operations.md)");
    backup->add_option("--db", options->db, "SQLite database file or postgresql:// URI")
        ->required();
    backup
        ->add_option("--to", options->to,
                     "Backup file to write: an SQLite file, or a pg_dump custom-format archive "
                     "for PostgreSQL (an existing one is replaced only by a verified copy)")
        ->required();
    backup
        ->add_option("--pages-per-step", options->pages_per_step,
                     "SQLite: pages copied per step of the online backup")
        ->check(CLI::Range(1, 1 << 20));
    backup->callback([&context, options] {
        context.action = [&context, options] {
            auto database = open_source(options->db, context.clock);
            storage::BackupSettings settings;
            settings.pages_per_step = options->pages_per_step;
            const auto result = storage::back_up(*database, options->to, context.clock, settings);
            const auto& audit = result.audit;
            if (!audit.ok) {
                std::cout << "bad seq " << audit.first_bad_seq.value_or(0) << ": " << audit.problem
                          << "\n";
                std::cerr << "gongkai: backup refused: the audit chain of "
                          << storage::printable_location(options->db)
                          << " does not verify; nothing written at " << result.file.string()
                          << " (备份失败：审计链校验未通过)\n";
                return kExitFailed;
            }
            std::cout << "backup ok: " << audit.entries << " audit entries verified, head "
                      << audit.head_hash << ", " << result.bytes << " bytes, "
                      << result.file.string() << "\n"
                      << "备份完成：已核验审计记录 " << audit.entries << " 条，"
                      << readable_size(result.bytes) << "，" << result.file.string() << "\n";
            return kExitOk;
        };
    });
}

}  // namespace gongkai::cli
