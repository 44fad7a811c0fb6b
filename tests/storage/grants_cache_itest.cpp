// The grants cache on real SQLite files: a user's grants are read once and shared until the
// directory changes, and any change, by any process, is seen by the next read.
#include <gongkai/storage/database.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/test_database.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace gongkai::storage {
namespace {

using testing::exec_raw;
using testing::TempDir;

class GrantsCacheTest : public ::testing::Test {
protected:
    TempDir dir_;
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2024} / 1 / 31}}};
    std::string path_ = testing::test_database_location(dir_, "grants.db");
    std::unique_ptr<Database> db_ = open();
    std::int64_t user_ = 0;
    std::int64_t other_ = 0;

    std::unique_ptr<Database> open() { return testing::open_test_database(path_, clock_); }

    void SetUp() override {
        db_->write([&](Stores& stores) {
            stores.directory.insert_org({"yaodu", "临汾市尧都区", std::nullopt}, "t");
            stores.directory.insert_org({"shuita", "尧都区水塔街办事处", "yaodu"}, "t");
            user_ = stores.directory.insert_user("drafter", "张伟", "$hash", "t");
            other_ = stores.directory.insert_user("reviewer", "李娜", "$hash", "t");
            stores.directory.insert_grant(user_, {"shuita", Role::drafter}, "t");
            stores.directory.insert_grant(other_, {"shuita", Role::reviewer}, "t");
        });
    }

    Grants grants_of(std::int64_t user) {
        Grants grants;
        db_->read([&](Stores& stores) { grants = stores.directory.grants_of(user); });
        return grants;
    }
};

TEST_F(GrantsCacheTest, AnUnchangedDirectoryIsReadOnce) {
    auto first = grants_of(user_);
    auto second = grants_of(user_);
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(first.get(), second.get());  // the same list, not a second query's copy
}

TEST_F(GrantsCacheTest, AGrantGivenByAnotherProcessCountsAtOnce) {
    ASSERT_EQ(grants_of(user_)->size(), 1u);
    exec_raw(path_, "INSERT INTO role_grants (user_id, org_id, role, granted_at) VALUES (" +
                        std::to_string(user_) + ", 'yaodu', 'leader', 't')");
    auto grants = grants_of(user_);
    ASSERT_EQ(grants->size(), 2u);
    EXPECT_EQ((*grants)[0].org, "shuita");
    EXPECT_EQ((*grants)[1].org, "yaodu");
    EXPECT_EQ((*grants)[1].role, Role::leader);
}

TEST_F(GrantsCacheTest, ARevokedRoleStopsWorkingAtOnce) {
    ASSERT_EQ(grants_of(user_)->size(), 1u);
    exec_raw(path_, "DELETE FROM role_grants WHERE user_id = " + std::to_string(user_));
    EXPECT_TRUE(grants_of(user_)->empty());
}

TEST_F(GrantsCacheTest, ADisabledUserHoldsNothingAtOnce) {
    ASSERT_EQ(grants_of(other_)->size(), 1u);
    exec_raw(path_, "UPDATE users SET disabled = 1 WHERE id = " + std::to_string(other_));
    EXPECT_TRUE(grants_of(other_)->empty());
    exec_raw(path_, "UPDATE users SET disabled = 0 WHERE id = " + std::to_string(other_));
    EXPECT_EQ(grants_of(other_)->size(), 1u);
}

// A writer that reads grants after changing them, and then rolls back, must not leave the
// rolled-back grants behind for later reads, even after further committed changes.
TEST_F(GrantsCacheTest, ARolledBackGrantIsNeverServed) {
    ASSERT_EQ(grants_of(user_)->size(), 1u);
    EXPECT_THROW(db_->write([&](Stores& stores) {
        stores.directory.insert_grant(user_, {"yaodu", Role::admin}, "t");
        ASSERT_EQ(stores.directory.grants_of(user_)->size(), 2u);
        throw std::runtime_error("the job fails after reading");
    }),
                 std::runtime_error);
    // One more committed change to the directory, as the next transaction would make (no
    // read in between: it would replace the writer's entry and hide a reused generation).
    db_->write([&](Stores& stores) {
        stores.directory.insert_grant(other_, {"yaodu", Role::auditor}, "t");
    });
    auto grants = grants_of(user_);
    ASSERT_EQ(grants->size(), 1u);
    EXPECT_EQ((*grants)[0].role, Role::drafter);
}

}  // namespace
}  // namespace gongkai::storage
