// storage::back_up: a consistent copy while another connection writes, its chain verified
// before it is kept, and nothing half-written left behind. The copy's restore, with the
// real server, is tests/tools/backup_itest.cpp.
#include <gongkai/storage/backup.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/test_database.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

namespace gongkai::storage {
namespace {

namespace fs = std::filesystem;
using testing::exec_raw;
using testing::TempDir;

void append_events(Database& database, int count) {
    database.write([&](Stores& stores) {
        for (int i = 0; i < count; ++i) {
            // Long enough that the log spans many pages.
            stores.audit.append({"system",
                                 "test.event",
                                 {},
                                 {},
                                 {},
                                 {},
                                 {},
                                 {{"i", i}, {"note", std::string(200, 'x')}}});
        }
    });
}

std::int64_t entries_of(Database& database) {
    const auto verdict = database.verify_audit_log();
    EXPECT_TRUE(verdict.ok) << verdict.problem;
    return verdict.entries;
}

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class BackupTest : public ::testing::Test {
protected:
    TempDir dir_;
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2024} / 1 / 31}}};
    std::string location_ = testing::test_database_location(dir_, "live.db");
    std::unique_ptr<Database> db_ = testing::open_test_database(location_, clock_);
    std::string file_ = dir_.file("backup");

    void SetUp() override { append_events(*db_, 300); }
};

TEST_F(BackupTest, TheCopyIsKeptWhenItsChainVerifies) {
    const auto result = back_up(*db_, file_, clock_);
    EXPECT_TRUE(result.audit.ok) << result.audit.problem;
    EXPECT_EQ(result.audit.entries, 300);
    EXPECT_EQ(result.file, fs::path(file_));
    EXPECT_EQ(result.bytes, fs::file_size(file_));
    EXPECT_FALSE(fs::exists(file_ + ".partial"));
    struct stat status {};
    ASSERT_EQ(::stat(file_.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    if (!testing::testing_postgresql()) {
        EXPECT_EQ(entries_of(*testing::open_test_database(file_, clock_)), 300);
    }
}

// The backup API on its own takes a new snapshot for each step and starts again from the
// first page when anything was committed in between; here every step copies from the
// snapshot of the first, and the writer commits meanwhile without waiting for the copy.
TEST_F(BackupTest, EveryStepCopiesTheSnapshotTheCopyBeganWith) {
    if (testing::testing_postgresql()) GTEST_SKIP() << "SQLite's backup steps (pg_dump is one)";
    auto other_process = testing::open_test_database(location_, clock_);
    BackupSettings settings;
    settings.pages_per_step = 1;
    std::int64_t steps = 0, last_copied = 0, pages = 0;
    settings.after_step = [&](std::int64_t copied, std::int64_t total) {
        if (steps++ == 0) append_events(*other_process, 5);
        last_copied = copied;
        pages = total;
    };
    const auto result = back_up(*db_, file_, clock_, settings);
    EXPECT_TRUE(result.audit.ok) << result.audit.problem;
    EXPECT_EQ(result.audit.entries, 300);
    EXPECT_GT(pages, 10);
    EXPECT_EQ(steps, pages);  // none repeated: the copy never started again
    EXPECT_EQ(last_copied, pages);
    EXPECT_EQ(entries_of(*db_), 305);
    EXPECT_EQ(entries_of(*testing::open_test_database(file_, clock_)), 300);
}

TEST_F(BackupTest, AChainThatDoesNotVerifyLeavesNothingAndTheEarlierBackupAsItWas) {
    ASSERT_TRUE(back_up(*db_, file_, clock_).audit.ok);
    const auto earlier = contents(file_);
    exec_raw(location_, "UPDATE audit_log SET details = '{}' WHERE seq = 7");

    const auto refused = back_up(*db_, file_, clock_);
    EXPECT_FALSE(refused.audit.ok);
    EXPECT_EQ(refused.audit.first_bad_seq, 7);
    EXPECT_EQ(contents(file_), earlier);
    const auto other = dir_.file("other");
    EXPECT_FALSE(back_up(*db_, other, clock_).audit.ok);
    EXPECT_FALSE(fs::exists(other));
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
        EXPECT_EQ(entry.path().string().find(".partial"), std::string::npos) << entry.path();
    }
}

TEST_F(BackupTest, ACopyThatCannotBeWrittenFailsAndLeavesNothing) {
    EXPECT_THROW(back_up(*db_, dir_.file("no/such/folder/backup"), clock_), StorageError);
    if (!testing::testing_postgresql()) {
        EXPECT_THROW(back_up(*db_, location_, clock_), StorageError);
        EXPECT_EQ(entries_of(*db_), 300);
    }
    // A partial copy that an interrupted run left is not mistaken for anything.
    std::ofstream(file_ + ".partial") << "half a copy";
    EXPECT_TRUE(back_up(*db_, file_, clock_).audit.ok);
    EXPECT_FALSE(fs::exists(file_ + ".partial"));
}

}  // namespace
}  // namespace gongkai::storage
