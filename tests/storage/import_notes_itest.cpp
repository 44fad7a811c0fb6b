// What an import assumed, kept with the revision it produced (revision_import_notes).
#include <gongkai/storage/database.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/test_database.hpp>

#include <gtest/gtest.h>

namespace gongkai::storage {
namespace {

class ImportNotesStoreTest : public ::testing::Test {
protected:
    testing::TempDir dir_;
    ManualClock clock_{TimePoint{std::chrono::sys_days{std::chrono::year{2024} / 1 / 31}}};
    std::unique_ptr<Database> db_ =
        testing::open_test_database(testing::test_database_location(dir_, "test.db"), clock_);

    // A report with `revisions` revisions; returns its id.
    std::int64_t report_with(int revisions) {
        std::int64_t id = 0;
        db_->write([&](Stores& stores) {
            stores.directory.insert_org({"shuita", "水塔街", std::nullopt}, "t");
            auto user = stores.directory.insert_user("drafter", "张伟", "$hash", "t");
            ReportRecord report;
            report.org = "shuita";
            report.kind = "annual_report";
            report.title = "年度报告";
            report.workflow = "default";
            report.state = "draft";
            report.revision = revisions;
            report.content_sha256 = "x";
            report.created_by = user;
            report.created_at = report.updated_at = "2024-01-31T00:00:00Z";
            id = stores.reports.insert(report);
            for (int r = 1; r <= revisions; ++r) {
                RevisionRecord revision;
                revision.report_id = id;
                revision.revision = r;
                revision.content = "{}";
                revision.content_sha256 = "x";
                revision.author_id = user;
                revision.created_at = report.created_at;
                revision.audit_seq = r;
                stores.reports.insert_revision(revision);
            }
        });
        return id;
    }

    std::optional<ImportNotesRecord> notes_of(std::int64_t report_id) {
        std::optional<ImportNotesRecord> notes;
        db_->read([&](Stores& stores) { notes = stores.reports.import_notes(report_id); });
        return notes;
    }
};

TEST_F(ImportNotesStoreTest, NotesStayWithTheRevisionTheImportProduced) {
    auto id = report_with(2);
    EXPECT_FALSE(notes_of(id).has_value());
    const std::string notes = R"([{"kind":"blank_cells","message":"138 个空白单元格按 0 读取"}])";
    db_->write([&](Stores& stores) {
        stores.reports.insert_import_notes({id, 1, notes, "2024-01-31T00:00:00Z"});
    });
    auto stored = notes_of(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->report_id, id);
    EXPECT_EQ(stored->revision, 1);  // revision 2 was no import: the notes stay those of 1
    EXPECT_EQ(stored->notes, notes);
    EXPECT_EQ(stored->created_at, "2024-01-31T00:00:00Z");
}

TEST_F(ImportNotesStoreTest, NotesBelongToAnExistingRevisionOnlyOnce) {
    auto id = report_with(1);
    // No revision 5: the foreign key refuses; a second set for revision 1: the key refuses.
    EXPECT_ANY_THROW(db_->write([&](Stores& stores) {
        stores.reports.insert_import_notes({id, 5, "[]", "t"});
    }));
    db_->write([&](Stores& stores) { stores.reports.insert_import_notes({id, 1, "[]", "t"}); });
    EXPECT_ANY_THROW(db_->write([&](Stores& stores) {
        stores.reports.insert_import_notes({id, 1, "[]", "t"});
    }));
    EXPECT_EQ(notes_of(id)->notes, "[]");
}

}  // namespace
}  // namespace gongkai::storage
