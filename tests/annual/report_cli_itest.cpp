// gongkai report validate|render|import, run as the real build/bin/gongkai.
#include "annual_test_data.hpp"

#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace gongkai::annual::testing {
namespace {

using gongkai::testing::CommandResult;
using gongkai::testing::run_command;
using gongkai::testing::TempDir;

class ReportCliTest : public ::testing::Test {
protected:
    TempDir folder_;

    static CommandResult gongkai(std::vector<std::string> arguments,
                                 const std::string& input = {}) {
        arguments.insert(arguments.begin(), (gongkai::testing::bin_dir() / "gongkai").string());
        return run_command(arguments, input);
    }

    static std::string data(const std::string& name) { return (data_dir() / name).string(); }

    std::string write(const std::string& name, const boost::json::value& report) {
        write_file(folder_.path() / name, boost::json::serialize(report));
        return folder_.file(name);
    }
};

TEST_F(ReportCliTest, EverySubcommandHasHelp) {
    for (std::vector<std::string> command : {std::vector<std::string>{"report"},
                                             {"report", "validate"},
                                             {"report", "render"},
                                             {"report", "import"}}) {
        command.push_back("--help");
        auto result = gongkai(command);
        EXPECT_EQ(result.exit_code, 0) << command[command.size() - 2];
        if (command.size() == 3) {
            EXPECT_NE(result.out.find("--templates"), std::string::npos) << result.out;
        } else {
            EXPECT_NE(result.out.find("validate"), std::string::npos) << result.out;
        }
    }
    EXPECT_NE(gongkai({"report", "validate", "--help"}).out.find("--previous"), std::string::npos);
    EXPECT_NE(gongkai({"report", "render", "--help"}).out.find("--org-name"), std::string::npos);
    EXPECT_NE(gongkai({"report", "import", "--help"}).out.find("--year"), std::string::npos);
}

TEST_F(ReportCliTest, ValidateExitsZeroForACorrectReport) {
    auto result = gongkai({"report", "validate", data("valid-2021.json")});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("R6"), std::string::npos);  // the warning is listed

    result = gongkai({"report", "validate", "--json", data("valid-2019.json")});
    EXPECT_EQ(result.exit_code, 0);
    auto json = boost::json::parse(result.out).as_object();
    EXPECT_EQ(json.size(), 3u);
    EXPECT_EQ(json.at("ok"), true);
    EXPECT_TRUE(json.at("errors").as_array().empty());
    EXPECT_EQ(json.at("warnings").at(0).at("rule"), "R6");
}

TEST_F(ReportCliTest, ValidateExitsOneAndListsEveryError) {
    auto report = load_report("valid-2021.json");
    add_to(report, "applications.carried_forward.natural_person", 1);
    add_to(report, "applications.carried_forward.total", 1);
    add_to(report, "review_litigation.reconsideration.total", 1);
    auto file = write("broken.json", report);

    auto result = gongkai({"report", "validate", file});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find("[R1] applications.results_total.natural_person"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("[R5] review_litigation.reconsideration.total"), std::string::npos);

    result = gongkai({"report", "validate", file, "--json"});
    EXPECT_EQ(result.exit_code, 1);
    auto json = boost::json::parse(result.out);
    EXPECT_EQ(json.at("ok"), false);
    EXPECT_EQ(json.at("errors").as_array().size(), 3u);
    EXPECT_EQ(json.at("errors").at(0).at("rule"), "R1");
    EXPECT_EQ(json.at("errors").at(0).at("expected"), 19);
    EXPECT_EQ(json.at("errors").at(0).at("actual"), 20);
}

TEST_F(ReportCliTest, ValidateUsesThePreviousYearForR6) {
    auto report = load_report("valid-2021.json");
    auto previous = report;
    at_path(previous, "year") = 2021;
    at_path(previous, "applications.carried_forward") =
        report.at("applications").at("carried_over");
    auto previous_file = write("previous.json", previous);
    auto result = gongkai(
        {"report", "validate", data("valid-2021.json"), "--previous", previous_file, "--json"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_TRUE(boost::json::parse(result.out).at("warnings").as_array().empty()) << result.out;

    add_to(previous, "applications.carried_forward.total", 1);
    write("previous.json", previous);
    result = gongkai({"report", "validate", data("valid-2021.json"), "--previous", previous_file});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find("[R6] applications.carried_over.total"), std::string::npos);
}

TEST_F(ReportCliTest, ValidateReadsStandardInput) {
    auto result = gongkai({"report", "validate", "-"}, read_file(data_dir() / "valid-2019.json"));
    EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(ReportCliTest, ValidateReportsBrokenJsonAsASchemaError) {
    write_file(folder_.path() / "broken.json", "{\"year\": 20");
    auto result = gongkai({"report", "validate", folder_.file("broken.json"), "--json"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(boost::json::parse(result.out).at("errors").at(0).at("rule"), "schema");
}

TEST_F(ReportCliTest, UnusableFilesAreUsageErrors) {
    EXPECT_EQ(gongkai({"report", "validate", folder_.file("missing.json")}).exit_code, 2);
    EXPECT_EQ(gongkai({"report", "validate", data("valid-2019.json"), "--templates",
                       folder_.path().string()})
                  .exit_code,
              2);
    EXPECT_EQ(gongkai({"report", "render", data("valid-2019.json"), "--format", "pdf"}).exit_code,
              2);
    EXPECT_EQ(gongkai({"report"}).exit_code, 2);
}

TEST_F(ReportCliTest, RenderPrintsHtmlAndText) {
    auto html = gongkai({"report", "render", data("valid-2019.json"), "--format", "html",
                         "--org-name", "尧都区水塔街办事处"});
    EXPECT_EQ(html.exit_code, 0) << html.err;
    EXPECT_TRUE(html.out.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(html.out.find("<h1>尧都区水塔街办事处2020年政府信息公开工作年度报告</h1>"),
              std::string::npos);

    auto text = gongkai({"report", "render", data("valid-2021.json"), "--format", "text"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_TRUE(text.out.starts_with("2022年政府信息公开工作年度报告\n"));
    EXPECT_NE(text.out.find("行政诉讼/复议后起诉"), std::string::npos);
    // The templates are found relative to the executable, from any working folder.
    auto elsewhere =
        run_command({"/bin/sh", "-c",
                     "cd / && '" + (gongkai::testing::bin_dir() / "gongkai").string() +
                         "' report render --format text '" + data("valid-2021.json") + "'"});
    EXPECT_EQ(elsewhere.exit_code, 0) << elsewhere.err;
}

TEST_F(ReportCliTest, ImportPrintsTheReportAndItsAssumptions) {
    auto result = gongkai({"report", "import", data("shuita-2020-annual-report.txt")});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto report = boost::json::parse(result.out);
    EXPECT_EQ(report.at("template"), "gov-annual-2019");
    EXPECT_EQ(report.at("proactive").at("procurement").at("amount"), "14.73");
    EXPECT_NE(result.err.find("[blank_cells]"), std::string::npos);
    EXPECT_NE(result.err.find("尧都区水塔街办事处"), std::string::npos);

    // What import prints, validate accepts.
    write_file(folder_.path() / "imported.json", result.out);
    EXPECT_EQ(gongkai({"report", "validate", folder_.file("imported.json")}).exit_code, 0);
}

TEST_F(ReportCliTest, ImportFailsCleanlyOnDamagedInput) {
    write_file(folder_.path() / "empty.txt", "");
    auto result = gongkai({"report", "import", folder_.file("empty.txt")});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("(empty)"), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty());

    result = gongkai({"report", "import", data("shuita-2020-annual-report.txt"), "--template",
                      "gov-annual-2021"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("(bad_table)"), std::string::npos) << result.err;

    result = gongkai({"report", "import", data("shuita-2020-annual-report.txt"), "--year", "20"});
    EXPECT_EQ(result.exit_code, 2);
}

}  // namespace
}  // namespace gongkai::annual::testing
