// What an import assumed is kept with the revision it produced: report.get gives it to
// everyone who reads the report (the reviewer too), on later revisions as well, and names
// cells and templates in Chinese.
#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <regex>

namespace gongkai::testing {
namespace {

// Codes of the system in a text people read: dotted or snake_case identifiers, template
// ids, rule ids.
bool shows_codes(const std::string& text) {
    static const std::regex kCode(
        R"(\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b|\bgov-annual-[0-9]{4}\b|\bR[0-9]+\b)");
    return std::regex_search(text, kCode);
}

class ImportNotesInServer : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }
};

TEST_F(ImportNotesInServer, NotesOfTheImportComeBackWithTheReportForEveryReader) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto imported =
        drafter->ok("report.import", {{"org", "shuita"}, {"text", sample_report_text()}});
    const auto& assumptions = imported.at("assumptions").as_array();
    ASSERT_FALSE(assumptions.empty());
    const auto id = imported.at("report").at("id").as_int64();
    auto expect_notes = [&](const boost::json::object& report) {
        ASSERT_TRUE(report.contains("import_notes")) << boost::json::serialize(report);
        const auto& notes = report.at("import_notes").as_object();
        EXPECT_EQ(notes.at("revision"), 1);
        EXPECT_EQ(notes.at("notes"), assumptions);
    };
    expect_notes(imported.at("report").as_object());
    expect_notes(drafter->ok("report.get", {{"report_id", id}}).at("report").as_object());

    // Every note reads as Chinese: cells and templates by their labels, not by codes.
    bool blank_cells = false;
    for (const auto& note : assumptions) {
        std::string message(note.at("message").as_string());
        EXPECT_FALSE(shows_codes(message)) << message;
        if (note.at("kind") == "blank_cells") {
            blank_cells = true;
            EXPECT_NE(message.find("个空白单元格按 0 读取"), std::string::npos) << message;
            EXPECT_FALSE(note.at("paths").as_array().empty());  // the paths stay a field
        }
    }
    EXPECT_TRUE(blank_cells);

    // A second revision (no import) keeps showing the notes of revision 1, which they name.
    auto content = imported.at("report").at("content").as_object();
    content["sections"].as_object()["other"] = "无其他需要报告的事项。";
    drafter->ok("report.update", {{"report_id", id}, {"base_revision", 1}, {"content", content}});
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 2}});
    auto seen = reviewer->ok("report.get", {{"report_id", id}}).at("report").as_object();
    EXPECT_EQ(seen.at("revision"), 2);
    expect_notes(seen);
    expect_notes(
        reviewer->ok("report.get", {{"report_id", id}, {"revision", 1}}).at("report").as_object());

    // The validation the reviewer and drafter read names no rule: R6 is only the field.
    auto check = reviewer->ok("report.validate", {{"report_id", id}});
    ASSERT_FALSE(check.at("warnings").as_array().empty());
    for (const auto& warning : check.at("warnings").as_array()) {
        EXPECT_EQ(warning.at("rule"), "R6");
        EXPECT_FALSE(shows_codes(std::string(warning.at("message").as_string())))
            << warning.at("message");
    }
}

TEST_F(ImportNotesInServer, ReportsNotImportedHaveNoNotes) {
    auto drafter = connect_as("drafter");
    auto created = drafter->ok("report.create", {{"org", "shuita"},
                                                 {"kind", "notice"},
                                                 {"title", "关于调整办公时间的公告"},
                                                 {"content", {{"body", "正文"}}}});
    auto id = created.at("report").at("id").as_int64();
    auto got = drafter->ok("report.get", {{"report_id", id}}).at("report").as_object();
    EXPECT_FALSE(got.contains("import_notes"));
}

}  // namespace
}  // namespace gongkai::testing
