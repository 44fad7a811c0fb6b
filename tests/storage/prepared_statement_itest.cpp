// Statements prepared once per connection and reused (storage/src/connection.hpp), on real
// SQLite files: fresh bindings per use, nesting, no snapshot held past a use, recovery from
// a failed use.
#include "../../storage/src/connection.hpp"

#include <gongkai/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gongkai::storage {
namespace {

using testing::TempDir;

class PreparedStatementTest : public ::testing::Test {
protected:
    TempDir dir_;
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2024} / 1 / 31}}};
    DatabaseSettings settings_ = [this] {
        DatabaseSettings settings;
        settings.path = dir_.file("prepared.db");
        return settings;
    }();
    GrantsCache grants_cache_;
    Connection writer_{sqlite_dialect(), settings_, clock_, grants_cache_, false};

    void SetUp() override {
        writer_.sql() << "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)";
    }

    void insert(Connection& connection, long long id, const std::string& name) {
        auto statement = connection.prepared("INSERT INTO t (id, name) VALUES (:id, :name)");
        statement, soci::use(id), soci::use(name);
        statement.execute(true);
    }

    std::optional<std::string> name_of(Connection& connection, long long id) {
        std::string name;
        auto statement = connection.prepared("SELECT name FROM t WHERE id = :id");
        statement, soci::into(name), soci::use(id);
        if (!statement.execute(true)) return std::nullopt;
        return name;
    }
};

TEST_F(PreparedStatementTest, EachUseHasItsOwnBindings) {
    insert(writer_, 1, "甲");
    insert(writer_, 2, "乙");
    insert(writer_, 3, "丙");
    EXPECT_EQ(name_of(writer_, 2), "乙");
    EXPECT_EQ(name_of(writer_, 1), "甲");
    EXPECT_EQ(name_of(writer_, 3), "丙");
    EXPECT_EQ(name_of(writer_, 4), std::nullopt);
}

TEST_F(PreparedStatementTest, ANestedUseOfTheSameTextGetsAStatementOfItsOwn) {
    insert(writer_, 1, "甲");
    insert(writer_, 2, "乙");
    std::vector<std::pair<long long, long long>> seen;
    long long id = 0;
    auto outer = writer_.prepared("SELECT id FROM t ORDER BY id");
    outer, soci::into(id);
    outer.execute();
    while (outer.fetch()) {
        // The same text while the outer use is still stepping through its rows.
        auto inner = writer_.prepared("SELECT id FROM t ORDER BY id");
        long long first_id = 0;
        inner, soci::into(first_id);
        ASSERT_TRUE(inner.execute(true));
        seen.emplace_back(id, first_id);
    }
    EXPECT_EQ(seen, (std::vector<std::pair<long long, long long>>{{1, 1}, {2, 1}}));
}

TEST_F(PreparedStatementTest, AFinishedUseHoldsNoSnapshot) {
    insert(writer_, 1, "旧名");
    Connection reader(sqlite_dialect(), settings_, clock_, grants_cache_, true);
    // A one-row read stops before the statement reaches its end; unless the use resets it,
    // the statement keeps the read transaction (and its snapshot) open.
    EXPECT_EQ(name_of(reader, 1), "旧名");
    writer_.sql() << "UPDATE t SET name = '新名' WHERE id = 1";
    std::optional<std::string> name;
    with_transaction(reader, {"BEGIN"}, [&] { name = name_of(reader, 1); });
    EXPECT_EQ(name, "新名");
}

TEST_F(PreparedStatementTest, AFailedUseLeavesTheNextOneWorking) {
    insert(writer_, 1, "甲");
    EXPECT_ANY_THROW(insert(writer_, 2, "甲"));  // name is UNIQUE
    insert(writer_, 2, "乙");
    EXPECT_EQ(name_of(writer_, 2), "乙");
    EXPECT_ANY_THROW(writer_.prepared("SELECT nothing FROM nowhere"));
}

}  // namespace
}  // namespace gongkai::storage
