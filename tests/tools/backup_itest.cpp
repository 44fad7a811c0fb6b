// `gongkai backup` against the real server: a backup taken while the server writes, restored
// as docs/operations.md says, serves what it held and its chain verifies; a source whose
// chain does not verify leaves no backup behind. On SQLite files, or on PostgreSQL when
// GONGKAI_TEST_POSTGRESQL is set (restored with pg_restore into a fresh database).
#include <gongkai/storage/backup.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/server_process.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/test_database.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <regex>
#include <set>
#include <sys/stat.h>
#include <thread>

namespace gongkai::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "demo-password";

CommandResult gongkai(std::vector<std::string> args) {
    args.insert(args.begin(), (bin_dir() / "gongkai").string());
    return run_command(args);
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> files_in(const fs::path& folder) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

// "… N … entries … head HASH …" of `gongkai backup` and `gongkai audit verify`.
std::pair<std::string, std::string> entries_and_head(const std::string& out) {
    std::smatch match;
    if (!std::regex_search(out, match,
                           std::regex(R"((\d+) (?:audit )?entries.*head ([0-9a-f]{64}))"))) {
        ADD_FAILURE() << "no entries and head in: " << out;
        return {};
    }
    return {match[1], match[2]};
}

class Backup : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(gongkai({"init", "--db", db_}).exit_code, 0);
        ASSERT_EQ(gongkai({"seed-demo", "--db", db_, "--password", kPassword}).exit_code, 0);
    }

    // What the backup is called: an SQLite file, or a pg_dump archive.
    std::string backup_file(const std::string& stem) const {
        return dir_.file(stem + (testing_postgresql() ? ".dump" : ".db"));
    }

    // Puts `backup` in place as docs/operations.md says, with the server stopped; returns
    // the location to start the server on.
    std::string restore(const std::string& backup) {
        if (!testing_postgresql()) {
            // The lost database goes, with its write-ahead log: SQLite would replay an old
            // log into the restored file.
            for (const char* suffix : {"", "-wal", "-shm"})
                fs::remove(db_ + suffix);
            fs::copy_file(backup, db_);
            return db_;
        }
        const auto restored = test_database_location(dir_, "restored");
        const auto pg_restore = storage::postgresql_program("pg_restore");
        EXPECT_TRUE(pg_restore.has_value());
        if (!pg_restore) return restored;
        auto run = run_command({pg_restore->string(), "--no-owner", "--exit-on-error",
                                "--dbname=" + restored, backup});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return restored;
    }

    TempDir dir_;
    std::string db_ = test_database_location(dir_, "live.db");
};

// Lists every report the user can see, page by page.
std::vector<boost::json::object> all_reports(WsClient& client) {
    std::vector<boost::json::object> reports;
    boost::json::value cursor;
    do {
        boost::json::object request{{"limit", 200}};
        if (!cursor.is_null()) request["cursor"] = cursor;
        auto page = client.ok("report.list", request);
        for (const auto& item : page.at("items").as_array())
            reports.push_back(item.as_object());
        cursor = page.at("next_cursor");
    } while (!cursor.is_null());
    return reports;
}

TEST_F(Backup, TakenWhileTheServerWritesItRestoresToAServerThatVerifiesAndServesIt) {
    auto server = std::make_unique<ServerProcess>(db_);
    auto drafter = server->login("drafter", kPassword);
    const std::string title = "尧都区水塔街办事处2024年政府信息公开工作年度报告";
    const auto id = drafter
                        ->ok("report.create", {{"org", "shuita"},
                                               {"kind", "annual_report"},
                                               {"title", title},
                                               {"content", valid_annual_report(2024)}})
                        .at("report")
                        .at("id")
                        .as_int64();
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    const auto original = drafter->ok("report.get", {{"report_id", id}}).at("report").as_object();
    EXPECT_EQ(original.at("state"), "secrecy_review");

    // A second connection creates notices one after another for the whole backup.
    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged{0};
    std::promise<void> first_acknowledged;
    auto writer_client = server->login("drafter", kPassword);
    std::thread writer([&] {
        try {
            for (int i = 0; !stop; ++i) {
                writer_client->ok("report.create", {{"org", "shuita"},
                                                    {"kind", "notice"},
                                                    {"title", "通知 " + std::to_string(i)},
                                                    {"content", {{"body", "正文"}}}});
                if (acknowledged.fetch_add(1) == 0) first_acknowledged.set_value();
            }
        } catch (const std::exception& e) {
            ADD_FAILURE() << "writing a notice: " << e.what();
            if (acknowledged == 0) first_acknowledged.set_value();
        }
    });
    first_acknowledged.get_future().wait();
    const int before_backup = acknowledged;
    // One page per step: many steps, with the server's commits in between.
    const auto backup_path = backup_file("backup");
    auto backup = gongkai({"backup", "--db", db_, "--to", backup_path, "--pages-per-step", "1"});
    const int after_backup = acknowledged;
    stop = true;
    writer.join();
    ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
    EXPECT_TRUE(fs::exists(backup_path));
    EXPECT_FALSE(fs::exists(backup_path + ".partial"));
    struct stat status {};
    ASSERT_EQ(::stat(backup_path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);  // it holds password hashes
    const auto [backed_up_entries, backed_up_head] = entries_and_head(backup.out);
    // How many were written while the copy ran (in the test's XML report).
    RecordProperty("notices_acknowledged_during_the_backup", after_backup - before_backup);

    drafter.reset();
    writer_client.reset();
    EXPECT_EQ(server->terminate(), 0);
    server.reset();

    const auto restored = restore(backup_path);
    auto verify = gongkai({"audit", "verify", "--db", restored});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    const auto [restored_entries, restored_head] = entries_and_head(verify.out);
    EXPECT_EQ(restored_entries, backed_up_entries);
    EXPECT_EQ(restored_head, backed_up_head);

    ServerProcess again(restored);
    auto reader = again.login("drafter", kPassword);
    const auto report = reader->ok("report.get", {{"report_id", id}}).at("report").as_object();
    EXPECT_EQ(report.at("title").as_string(), title);
    EXPECT_EQ(report.at("state"), original.at("state"));
    EXPECT_EQ(report.at("content"), original.at("content"));
    EXPECT_EQ(report.at("content_sha256"), original.at("content_sha256"));
    // One snapshot, taken while the backup ran: every notice acknowledged before it began,
    // none sent after it ended (one request at a time: at most one was in flight).
    const auto notices = static_cast<int>(all_reports(*reader).size()) - 1;
    EXPECT_GE(notices, before_backup);
    EXPECT_LE(notices, after_backup + 1);
    reader.reset();
    EXPECT_EQ(again.terminate(), 0);
    EXPECT_EQ(gongkai({"audit", "verify", "--db", restored}).exit_code, 0);
}

TEST_F(Backup, ASourceWhoseChainDoesNotVerifyLeavesNoBackupBehind) {
    const auto good = backup_file("good");
    ASSERT_EQ(gongkai({"backup", "--db", db_, "--to", good}).exit_code, 0);
    const auto good_bytes = contents(good);
    const auto before = files_in(dir_.path());

    exec_raw(db_, "UPDATE audit_log SET details = '{}' WHERE seq = 7");
    const auto fresh = backup_file("fresh");
    auto refused = gongkai({"backup", "--db", db_, "--to", fresh});
    EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
    EXPECT_FALSE(fs::exists(fresh));
    EXPECT_FALSE(fs::exists(fresh + ".partial"));
    // Over an earlier backup: that one stays as it was.
    EXPECT_EQ(gongkai({"backup", "--db", db_, "--to", good}).exit_code, 1);
    EXPECT_EQ(contents(good), good_bytes);
    EXPECT_EQ(files_in(dir_.path()), before);
}

TEST_F(Backup, WhatCannotBeCopiedExitsNonZeroAndLeavesNothing) {
    EXPECT_EQ(gongkai({"backup", "--help"}).exit_code, 0);
    const auto before = files_in(dir_.path());
    auto no_folder = gongkai({"backup", "--db", db_, "--to", dir_.file("no/such/folder/b.db")});
    EXPECT_NE(no_folder.exit_code, 0);
    EXPECT_NE(
        gongkai({"backup", "--db", dir_.file("missing.db"), "--to", dir_.file("b.db")}).exit_code,
        0);
    if (!testing_postgresql()) {
        EXPECT_NE(gongkai({"backup", "--db", db_, "--to", db_}).exit_code, 0);
        EXPECT_EQ(gongkai({"audit", "verify", "--db", db_}).exit_code, 0);
    }
    EXPECT_EQ(files_in(dir_.path()), before);

    // A PostgreSQL server that cannot be reached: its password is never shown.
    auto unreachable = gongkai(
        {"backup", "--db", "postgresql://gongkai:s3cret-pw@/gongkai?host=" + dir_.file("nowhere"),
         "--to", dir_.file("b.dump")});
    EXPECT_NE(unreachable.exit_code, 0);
    EXPECT_EQ(unreachable.out.find("s3cret-pw"), std::string::npos) << unreachable.out;
    EXPECT_EQ(unreachable.err.find("s3cret-pw"), std::string::npos) << unreachable.err;
    EXPECT_EQ(files_in(dir_.path()), before);
}

}  // namespace
}  // namespace gongkai::testing
