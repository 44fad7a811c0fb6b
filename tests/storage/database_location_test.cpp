// Which engine a DatabaseSettings::path names, and how it may be shown: a connection URI's
// password never reaches a message or a log line.
#include <gongkai/storage/database.hpp>

#include <gtest/gtest.h>

namespace gongkai::storage {
namespace {

TEST(DatabaseLocation, ConnectionUrisArePostgresqlAndEverythingElseIsAFile) {
    EXPECT_TRUE(is_postgresql_location("postgresql://gongkai@db/gongkai"));
    EXPECT_TRUE(is_postgresql_location("postgres://db/gongkai"));
    EXPECT_FALSE(is_postgresql_location("/var/lib/gongkai/gongkai.db"));
    EXPECT_FALSE(is_postgresql_location("var/postgresql://x.db"));
    EXPECT_FALSE(is_postgresql_location("mysql://db/gongkai"));
}

TEST(DatabaseLocation, APasswordIsMaskedAndNothingElse) {
    EXPECT_EQ(printable_location("postgresql://gongkai:s3cret@db.example:5432/gongkai"),
              "postgresql://gongkai:***@db.example:5432/gongkai");
    // Without a password, or without credentials at all, the location is shown as it is.
    EXPECT_EQ(printable_location("postgresql://gongkai@db.example:5432/gongkai"),
              "postgresql://gongkai@db.example:5432/gongkai");
    EXPECT_EQ(printable_location("postgresql://db.example:5432/gongkai"),
              "postgresql://db.example:5432/gongkai");
    // An '@' after the host belongs to the path or the options, not to credentials.
    EXPECT_EQ(printable_location("postgresql://db.example:5432/gongkai?application_name=a@b"),
              "postgresql://db.example:5432/gongkai?application_name=a@b");
    EXPECT_EQ(printable_location("/var/lib/gongkai/gongkai.db"), "/var/lib/gongkai/gongkai.db");
}

}  // namespace
}  // namespace gongkai::storage
