// The storage layer on real SQLite files: schema, stores, group commit, the audit chain.
#include <gongkai/core/error.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/storage/write_queue.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/test_database.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <thread>
#include <vector>

namespace gongkai::storage {
namespace {

using testing::exec_raw;
using testing::TempDir;

class DatabaseTest : public ::testing::Test {
protected:
    TempDir dir_;
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2024} / 1 / 31}}};
    std::string location_ = testing::test_database_location(dir_, "test.db");
    std::unique_ptr<Database> db_ = open();

    // Another Database on the same data: what a second process would open.
    std::unique_ptr<Database> open() { return testing::open_test_database(location_, clock_); }

    void append_events(int count) { append_events(*db_, count); }

    static void append_events(Database& database, int count) {
        database.write([&](Stores& stores) {
            for (int i = 0; i < count; ++i) {
                stores.audit.append({"system",
                                     "test.event",
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     {{"i", i}}});
            }
        });
    }

    AuditVerification verify() {
        AuditVerification result;
        db_->read([&](Stores& stores) { result = stores.audit.verify(); });
        return result;
    }
};

TEST_F(DatabaseTest, MigrationIsIdempotent) {
    EXPECT_EQ(db_->schema_version(), Database::latest_schema_version());
    EXPECT_EQ(db_->migrate(), Database::latest_schema_version());
    auto again = open();
    EXPECT_EQ(again->schema_version(), Database::latest_schema_version());
}

TEST_F(DatabaseTest, UnusablePathIsAStorageError) {
    if (testing::testing_postgresql()) GTEST_SKIP() << "SQLite files";
    DatabaseSettings settings;
    settings.path = dir_.file("no/such/folder/x.db");
    EXPECT_THROW(Database::open(settings, clock_), StorageError);
    std::ofstream(dir_.file("junk.db")) << "this is not a database, just text";
    settings.path = dir_.file("junk.db");
    EXPECT_THROW(Database::open(settings, clock_)->migrate(), StorageError);
}

TEST_F(DatabaseTest, DirectoryStoresOrgsUsersAndGrants) {
    db_->write([&](Stores& stores) {
        stores.directory.insert_org({"yaodu", "临汾市尧都区", std::nullopt}, "t");
        stores.directory.insert_org({"shuita", "尧都区水塔街办事处", "yaodu"}, "t");
        auto id = stores.directory.insert_user("drafter", "张伟", "$hash", "t");
        EXPECT_TRUE(stores.directory.insert_grant(id, {"shuita", Role::drafter}, "t"));
        EXPECT_FALSE(stores.directory.insert_grant(id, {"shuita", Role::drafter}, "t"));
    });
    db_->read([&](Stores& stores) {
        auto orgs = stores.directory.orgs();
        ASSERT_EQ(orgs.size(), 2u);
        EXPECT_EQ(orgs[0].id, "shuita");
        EXPECT_EQ(orgs[0].parent, "yaodu");
        EXPECT_FALSE(orgs[1].parent.has_value());
        auto user = stores.directory.find_user_by_name("drafter");
        ASSERT_TRUE(user);
        EXPECT_EQ(user->display_name, "张伟");
        auto grants = *stores.directory.grants_of(user->id);
        ASSERT_EQ(grants.size(), 1u);
        EXPECT_EQ(grants[0].role, Role::drafter);
        EXPECT_FALSE(stores.directory.find_user_by_name("nobody"));
    });
}

TEST_F(DatabaseTest, ForeignKeysAreEnforced) {
    EXPECT_ANY_THROW(db_->write([&](Stores& stores) {
        stores.directory.insert_org({"orphan", "孤儿单位", "missing-parent"}, "t");
    }));
    db_->read([&](Stores& stores) { EXPECT_TRUE(stores.directory.orgs().empty()); });
}

TEST_F(DatabaseTest, ReadConnectionsCannotWrite) {
    EXPECT_ANY_THROW(db_->read([&](Stores& stores) {
        stores.directory.insert_org({"x", "X", std::nullopt}, "t");
    }));
}

TEST_F(DatabaseTest, FailedWriteLeavesNothingBehind) {
    EXPECT_THROW(db_->write([&](Stores& stores) {
        stores.directory.insert_org({"yaodu", "临汾市尧都区", std::nullopt}, "t");
        stores.audit.append({"system", "org.add", {}, {}, {}, {}, {}, {}});
        throw Error(ErrorCode::validation_failed, "changed my mind");
    }),
                 Error);
    db_->read([&](Stores& stores) { EXPECT_TRUE(stores.directory.orgs().empty()); });
    EXPECT_EQ(verify().entries, 0);
}

// What the reply cache (api/) stands on: Database::change_epoch holds while nothing is
// committed, and moves with a commit by any connection: the server's group-commit writer,
// a direct write, and another process.
TEST_F(DatabaseTest, ChangeEpochMovesWithEveryCommitWhoeverMadeIt) {
    auto epoch = db_->change_epoch();
    ASSERT_TRUE(epoch.has_value());
    auto moved = [&] {
        auto now = db_->change_epoch();
        const bool changed = now != epoch;
        epoch = now;
        return changed;
    };
    db_->read([](Stores& stores) { stores.directory.orgs(); });
    EXPECT_FALSE(moved()) << "a read changes nothing";

    db_->write([](Stores& stores) { stores.directory.insert_org({"a", "甲", std::nullopt}, "t"); });
    EXPECT_TRUE(moved()) << "a direct write";
    EXPECT_FALSE(moved());

    std::promise<std::exception_ptr> done;
    db_->writer().submit(
        [](Stores& stores) {
            stores.directory.insert_org({"b", "乙", std::nullopt}, "t");
        },
        [&done](std::exception_ptr error) { done.set_value(error); });
    EXPECT_EQ(done.get_future().get(), nullptr);
    EXPECT_TRUE(moved()) << "the group-commit writer";
    EXPECT_FALSE(moved());

    exec_raw(db_->settings().path, "UPDATE orgs SET name = '丙' WHERE id = 'a'");
    EXPECT_TRUE(moved()) << "another process";
    EXPECT_FALSE(moved());
}

// A commit is noticed whichever read connection is busy, and moves the epoch once: were it
// noticed again by each pooled connection in turn, every answer cached after the first
// notice would be thrown away by the next.
TEST_F(DatabaseTest, OneCommitMovesTheEpochOnceWhoeverAsks) {
    // While one read holds a connection, change_epoch() cannot use that one.
    auto during_a_read = [&] {
        std::optional<std::uint64_t> epoch;
        db_->read([&](Stores&) { epoch = db_->change_epoch(); });
        return epoch;
    };
    during_a_read();
    const auto before = db_->change_epoch();
    EXPECT_EQ(during_a_read(), before);
    EXPECT_EQ(db_->change_epoch(), before);

    exec_raw(db_->settings().path,
             "INSERT INTO orgs (id, name, created_at) VALUES ('c', '丁', 't')");
    const auto after = during_a_read();
    ASSERT_TRUE(after.has_value());
    EXPECT_NE(after, before);
    EXPECT_EQ(db_->change_epoch(), after);
    EXPECT_EQ(during_a_read(), after);

    // Asked from several threads at once, with every read connection busy in turn.
    exec_raw(db_->settings().path, "UPDATE orgs SET name = '戊' WHERE id = 'c'");
    std::vector<std::optional<std::uint64_t>> seen(8);
    {
        std::vector<std::jthread> askers;
        for (auto& epoch : seen)
            askers.emplace_back([&] { epoch = during_a_read(); });
    }
    for (const auto& epoch : seen)
        EXPECT_EQ(epoch, *after + 1);
}

// Two Databases on the same data, as two server processes would have, appending at the
// same time: each write transaction extends the chain from the head it finds, so the
// engine must make one wait for the other (SQLite: BEGIN IMMEDIATE; PostgreSQL: a lock).
TEST_F(DatabaseTest, TwoProcessesWritingAtOnceKeepTheChainWhole) {
    auto other = open();
    constexpr int kWrites = 60;
    std::atomic<int> failed{0};
    {
        std::vector<std::jthread> writers;
        for (Database* database : {db_.get(), other.get()}) {
            writers.emplace_back([database, &failed] {
                for (int i = 0; i < kWrites; ++i) {
                    try {
                        append_events(*database, 2);
                    } catch (const std::exception&) {
                        ++failed;  // e.g. both wrote the same seq: the engine let them overlap
                    }
                }
            });
        }
    }
    EXPECT_EQ(failed, 0);
    auto result = verify();
    EXPECT_TRUE(result.ok) << result.problem;
    EXPECT_EQ(result.entries, 2 * kWrites * 2);
}

// PostgreSQL restarted, or its backends ended by an administrator: a connection is found
// lost by the first statement of its next transaction, which is then begun again on the
// connection opened anew, so no use fails. (SQLite has no such case.)
TEST_F(DatabaseTest, ConnectionsLostByTheServerAreOpenedAgain) {
    if (!testing::testing_postgresql()) GTEST_SKIP() << "PostgreSQL only";
    append_events(1);
    std::promise<std::exception_ptr> started;
    db_->writer().submit([](Stores&) {}, [&](std::exception_ptr e) { started.set_value(e); });
    ASSERT_EQ(started.get_future().get(), nullptr);
    ASSERT_TRUE(db_->change_epoch());

    exec_raw(location_,
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid()");

    // The reader, the direct writer, the group-commit writer and the change-epoch probe.
    EXPECT_NO_THROW(verify());
    EXPECT_NO_THROW(append_events(1));
    std::promise<std::exception_ptr> done;
    db_->writer().submit(
        [](Stores& stores) {
            stores.audit.append({"system", "test.event", {}, {}, {}, {}, {}, {}});
        },
        [&](std::exception_ptr e) { done.set_value(e); });
    EXPECT_EQ(done.get_future().get(), nullptr);
    EXPECT_NO_THROW(EXPECT_TRUE(db_->change_epoch()));
    auto result = verify();
    EXPECT_TRUE(result.ok) << result.problem;
    EXPECT_EQ(result.entries, 3);
}

TEST_F(DatabaseTest, GroupCommitFailsOnlyTheJobThatThrew) {
    auto& writer = db_->writer();
    constexpr int kJobs = 200;
    std::vector<std::promise<std::exception_ptr>> outcomes(kJobs);
    for (int i = 0; i < kJobs; ++i) {
        writer.submit(
            [i](Stores& stores) {
                stores.directory.insert_org({"org" + std::to_string(i), "单位", std::nullopt}, "t");
                stores.audit.append({"system", "org.add", {}, {}, {}, {}, {}, {{"i", i}}});
                if (i % 10 == 3) {
                    throw Error(ErrorCode::conflict, "this one fails");
                }
            },
            [&outcomes, i](std::exception_ptr error) { outcomes[i].set_value(error); });
    }
    int failed = 0;
    for (auto& outcome : outcomes) {
        failed += outcome.get_future().get() != nullptr;
    }
    EXPECT_EQ(failed, kJobs / 10);
    db_->read([&](Stores& stores) {
        EXPECT_EQ(stores.directory.orgs().size(), static_cast<std::size_t>(kJobs - failed));
    });
    auto result = verify();
    EXPECT_TRUE(result.ok) << result.problem;
    EXPECT_EQ(result.entries, kJobs - failed);
    // Jobs that queue up while a commit is syncing share the next commit.
    EXPECT_LT(writer.stats().batches, static_cast<std::uint64_t>(kJobs));
}

// Checkpoints must happen while the server runs, not only when it closes the database. In
// WAL mode only a checkpoint writes pages into the database file itself, so the file
// growing while the writer stays open shows that one ran.
TEST_F(DatabaseTest, TheLogIsCheckpointedWhileTheWriterRuns) {
    if (testing::testing_postgresql()) GTEST_SKIP() << "SQLite's write-ahead log";
    const auto path = dir_.file("test.db");
    const auto size_before = std::filesystem::file_size(path);
    auto& writer = db_->writer();
    const std::string padding(8000, 'x');  // two pages per entry at least
    constexpr int kJobs = 3000;
    std::vector<std::promise<std::exception_ptr>> outcomes(kJobs);
    for (int i = 0; i < kJobs; ++i) {
        writer.submit(
            [&padding, i](Stores& stores) {
                stores.audit.append(
                    {"system", "test.event", {}, {}, {}, {}, {}, {{"pad", padding}}});
            },
            [&outcomes, i](std::exception_ptr error) { outcomes[i].set_value(error); });
    }
    for (auto& outcome : outcomes) {
        ASSERT_EQ(outcome.get_future().get(), nullptr);
    }
    // 3,000 entries of 8 KB: 24 MB through the log, past the 1,000-page threshold often.
    EXPECT_GE(std::filesystem::file_size(path), size_before + 16'000'000);
    // And the log starts over once checkpointed instead of growing with everything written.
    EXPECT_LT(std::filesystem::file_size(path + "-wal"), 16'000'000u);
    EXPECT_EQ(verify().entries, kJobs);
}

TEST_F(DatabaseTest, AppendsFromAnotherConnectionContinueTheChain) {
    append_events(3);
    auto other = open();  // e.g. the gongkai tool while the server runs
    other->write([&](Stores& stores) {
        stores.audit.append({"system", "from.tool", {}, {}, {}, {}, {}, {}});
    });
    append_events(2);
    auto result = verify();
    EXPECT_TRUE(result.ok) << result.problem;
    EXPECT_EQ(result.entries, 6);
}

TEST_F(DatabaseTest, ChangedAuditRowFailsVerificationAtThatRow) {
    append_events(5);
    exec_raw(db_->settings().path, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
    auto result = verify();
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.first_bad_seq, 3);
}

TEST_F(DatabaseTest, DeletedAuditRowFailsVerificationAtThatRow) {
    append_events(5);
    exec_raw(db_->settings().path, "DELETE FROM audit_log WHERE seq = 2");
    EXPECT_EQ(verify().first_bad_seq, 2);
}

TEST_F(DatabaseTest, SwappedAuditRowsFailVerification) {
    append_events(5);
    exec_raw(db_->settings().path,
             "UPDATE audit_log SET seq = -1 WHERE seq = 2;"
             "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
             "UPDATE audit_log SET seq = 3 WHERE seq = -1;");
    EXPECT_EQ(verify().first_bad_seq, 2);
}

TEST_F(DatabaseTest, TruncatedAuditLogFailsVerification) {
    append_events(5);
    exec_raw(db_->settings().path, "DELETE FROM audit_log WHERE seq = 5");
    auto result = verify();
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.first_bad_seq, 5);
}

// A long log is verified in stretches side by side; the verdict is the one walk's.
TEST_F(DatabaseTest, AuditChainVerifiedInStretchesGivesTheVerdictOfOneWalk) {
    append_events(30);
    auto split = db_->verify_audit_log(3, 1);
    EXPECT_EQ(split.stretches, 3u);
    EXPECT_TRUE(split.ok) << split.problem;
    EXPECT_EQ(split.entries, 30);
    EXPECT_EQ(split.head_hash, verify().head_hash);
    // Too short for stretches of at least 20 entries: one walk.
    EXPECT_EQ(db_->verify_audit_log(3, 20).stretches, 1u);

    // Seq 10 and 20 end the first two stretches. A changed row just after each, and one in
    // the last stretch; a bad row in an earlier stretch wins over a later one.
    const auto file = location_;
    for (int seq : {25, 21, 11}) {
        SCOPED_TRACE(seq);
        exec_raw(file, "UPDATE audit_log SET actor = 'mallory' WHERE seq = " + std::to_string(seq));
        auto damaged = db_->verify_audit_log(3, 1);
        auto one_walk = verify();
        EXPECT_EQ(damaged.stretches, 3u);
        EXPECT_FALSE(damaged.ok);
        EXPECT_EQ(damaged.first_bad_seq, seq);
        EXPECT_EQ(damaged.first_bad_seq, one_walk.first_bad_seq);
        EXPECT_EQ(damaged.problem, one_walk.problem);
        EXPECT_EQ(damaged.entries, one_walk.entries);
    }
}

TEST_F(DatabaseTest, AuditChainInStretchesNoticesRowsDeletedAtAStretchEndAndAtTheTail) {
    append_events(30);
    const auto file = location_;
    // The row that would have ended the first stretch: the stretch ends at seq 9 instead,
    // and the next one finds the gap.
    exec_raw(file, "DELETE FROM audit_log WHERE seq = 10");
    auto gap = db_->verify_audit_log(3, 1);
    EXPECT_FALSE(gap.ok);
    EXPECT_EQ(gap.first_bad_seq, verify().first_bad_seq);
    EXPECT_EQ(gap.problem, verify().problem);

    TempDir other;
    auto fresh = testing::open_test_database(other, "tail.db", clock_);
    append_events(*fresh, 30);
    exec_raw(fresh->settings().path, "DELETE FROM audit_log WHERE seq >= 29");
    auto cut = fresh->verify_audit_log(3, 1);
    EXPECT_FALSE(cut.ok);
    EXPECT_EQ(cut.first_bad_seq, 29);
    EXPECT_NE(cut.problem.find("recorded head"), std::string::npos) << cut.problem;
}

TEST_F(DatabaseTest, AuditQueryFiltersAndPages) {
    db_->write([&](Stores& stores) {
        for (int i = 0; i < 10; ++i) {
            clock_.advance(std::chrono::minutes(1));
            stores.audit.append(
                {i % 2 ? "leader" : "drafter",
                 i % 3 ? "report.update" : "report.create",
                 i < 5 ? std::optional<std::int64_t>(1) : std::optional<std::int64_t>(2),
                 {},
                 {},
                 {},
                 {},
                 {}});
        }
    });
    db_->read([&](Stores& stores) {
        AuditFilter filter;
        filter.actor = "leader";
        auto entries = stores.audit.query(filter);
        ASSERT_EQ(entries.size(), 5u);
        EXPECT_EQ(entries.front().seq, 10);  // newest first
        filter = {};
        filter.report_id = 1;
        filter.limit = 2;
        entries = stores.audit.query(filter);
        ASSERT_EQ(entries.size(), 2u);
        filter.before_seq = entries.back().seq;
        entries = stores.audit.query(filter);
        ASSERT_EQ(entries.size(), 2u);
        EXPECT_EQ(entries.front().seq, 3);
        filter = {};
        filter.since = "2024-01-31T00:03:00.000Z";
        filter.until = "2024-01-31T00:05:00.000Z";
        EXPECT_EQ(stores.audit.query(filter).size(), 2u);
    });
}

}  // namespace
}  // namespace gongkai::storage

namespace gongkai::storage {
namespace {

// report.list pages newest first whichever way the store reads them: one index range per
// organisation for a few visible organisations, a newest-first walk of the table for many.
TEST_F(DatabaseTest, ReportListPagesNewestFirstForFewAndManyOrganisations) {
    constexpr int kOrgs = 12;
    std::vector<std::string> all_orgs;
    std::map<std::string, std::vector<std::int64_t>> ids_by_org;
    db_->write([&](Stores& stores) {
        stores.directory.insert_org({"root", "根", std::nullopt}, "t");
        auto user = stores.directory.insert_user("drafter", "张伟", "$hash", "t");
        for (int i = 0; i < kOrgs; ++i) {
            all_orgs.push_back("org" + std::to_string(i));
            stores.directory.insert_org({all_orgs.back(), "单位", "root"}, "t");
        }
        // Reports spread over the organisations in an uneven pattern.
        for (int n = 0; n < 120; ++n) {
            ReportRecord report;
            report.org = all_orgs[(n * 7 + n / 5) % kOrgs];
            report.kind = "notice";
            report.title = "通知" + std::to_string(n);
            report.workflow = "default";
            report.state = n % 3 == 0 ? "published" : "draft";
            report.revision = 1;
            report.content_sha256 = "x";
            report.created_by = user;
            report.created_at = report.updated_at = "2024-01-31T00:00:00Z";
            ids_by_org[report.org].push_back(stores.reports.insert(report));
        }
    });
    auto expected = [&](const std::vector<std::string>& orgs, const std::string* state) {
        std::vector<std::int64_t> ids;
        for (const auto& org : orgs) {
            for (auto id : ids_by_org[org])
                ids.push_back(id);
        }
        std::sort(ids.rbegin(), ids.rend());
        if (state == nullptr) return ids;
        std::vector<std::int64_t> filtered;
        db_->read([&](Stores& stores) {
            for (auto id : ids) {
                if (stores.reports.find(id)->state == *state) filtered.push_back(id);
            }
        });
        return filtered;
    };
    auto paged = [&](const std::vector<std::string>& orgs, const std::string* state) {
        std::vector<std::int64_t> ids;
        ReportFilter filter;
        filter.orgs = orgs;
        if (state) filter.states = {*state};
        filter.limit = 7;
        for (;;) {
            std::vector<ReportRecord> page;
            db_->read([&](Stores& stores) { page = stores.reports.list(filter); });
            for (const auto& report : page)
                ids.push_back(report.id);
            if (page.size() < filter.limit) break;
            filter.before_id = page.back().id;
        }
        return ids;
    };
    const std::string published = "published";
    const std::vector<std::string> few(all_orgs.begin(), all_orgs.begin() + 3);
    EXPECT_EQ(paged(few, nullptr), expected(few, nullptr));
    EXPECT_EQ(paged(few, &published), expected(few, &published));
    EXPECT_EQ(paged(all_orgs, nullptr), expected(all_orgs, nullptr));
    EXPECT_EQ(paged(all_orgs, &published), expected(all_orgs, &published));
    EXPECT_EQ(paged(all_orgs, nullptr).size(), 120u);
}

}  // namespace
}  // namespace gongkai::storage
