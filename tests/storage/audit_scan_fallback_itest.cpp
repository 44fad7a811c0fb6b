// AuditLog::verify through SOCI alone: the path every dialect without a direct audit scan
// takes (storage/src/dialect.hpp; SQLite reads the rows straight from its buffers). On the
// same files, it must give the direct scan's answers: an intact chain, a changed row, a
// deleted row.
#include "../../storage/src/connection.hpp"

#include <gongkai/storage/database.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/test_database.hpp>

#include <gtest/gtest.h>

namespace gongkai::storage {
namespace {

using testing::exec_raw;
using testing::TempDir;

// SQLite in every respect but the direct scan, which it leaves to the base class (none).
class SociScanDialect : public Dialect {
public:
    void open(soci::session& sql, const std::string& path, bool read_only,
              int busy_timeout_ms) const override {
        sqlite().open(sql, path, read_only, busy_timeout_ms);
    }
    std::vector<std::string> begin_write() const override { return sqlite().begin_write(); }
    std::vector<std::string> begin_read() const override { return sqlite().begin_read(); }
    long long last_insert_id(soci::session& sql) const override {
        return sqlite().last_insert_id(sql);
    }
    const std::vector<Migration>& migrations() const override { return sqlite().migrations(); }
    void reset(soci::statement& statement) const override { sqlite().reset(statement); }

private:
    static const Dialect& sqlite() { return sqlite_dialect(); }
};

class AuditScanFallbackTest : public ::testing::Test {
protected:
    TempDir dir_;
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2024} / 1 / 31}}};
    // SQLite whatever the test run: this compares its fast path with the fallback.
    std::unique_ptr<Database> db_ = testing::open_test_database(dir_.file("audit.db"), clock_);

    void SetUp() override {
        db_->write([](Stores& stores) {
            for (int i = 0; i < 5; ++i) {
                stores.audit.append({"system", "test.event", {}, {}, {}, {}, {}, {{"i", i}}});
            }
        });
    }

    AuditVerification verify_directly() {
        AuditVerification result;
        db_->read([&](Stores& stores) { result = stores.audit.verify(); });
        return result;
    }

    AuditVerification verify_through_soci() {
        const SociScanDialect dialect;
        GrantsCache grants_cache;
        Connection connection(dialect, db_->settings(), clock_, grants_cache, true);
        AuditVerification result;
        with_transaction(connection, dialect.begin_read(),
                         [&] { result = connection.stores().audit.verify(); });
        return result;
    }

    static void expect_same(const AuditVerification& soci, const AuditVerification& direct) {
        EXPECT_EQ(soci.ok, direct.ok);
        EXPECT_EQ(soci.entries, direct.entries);
        EXPECT_EQ(soci.head_hash, direct.head_hash);
        EXPECT_EQ(soci.first_bad_seq, direct.first_bad_seq);
    }

    // After `tampering` with the file, both paths fail, at row `bad_seq`.
    void expect_failure_at(const std::string& tampering, std::int64_t bad_seq) {
        exec_raw(db_->settings().path, tampering);
        auto soci = verify_through_soci();
        EXPECT_FALSE(soci.ok);
        EXPECT_EQ(soci.first_bad_seq, bad_seq);
        expect_same(soci, verify_directly());
    }
};

TEST_F(AuditScanFallbackTest, AnIntactChainVerifies) {
    auto soci = verify_through_soci();
    EXPECT_TRUE(soci.ok) << soci.problem;
    EXPECT_EQ(soci.entries, 5);
    EXPECT_FALSE(soci.head_hash.empty());
    expect_same(soci, verify_directly());
}

TEST_F(AuditScanFallbackTest, AChangedRowFailsAtThatRow) {
    expect_failure_at("UPDATE audit_log SET details = '{\"i\":9}' WHERE seq = 3", 3);
}

TEST_F(AuditScanFallbackTest, ADeletedRowFailsAtThatRow) {
    expect_failure_at("DELETE FROM audit_log WHERE seq = 2", 2);
}

}  // namespace
}  // namespace gongkai::storage
