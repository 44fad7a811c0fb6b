// gongkai scan FILE [--json] [--lexicons DIR]: the real binary on real files.
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace gongkai::testing {
namespace {

std::string gongkai_binary() {
    return (bin_dir() / "gongkai").string();
}

std::string sample_path() {
    return (source_dir() / "tests" / "scanner" / "data" / "shuita-2020-annual-report.txt").string();
}

std::string write(const TempDir& dir, const std::string& name, const std::string& content) {
    std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

TEST(ScanCli, SampleReportHasTheTwoTyposAndDoesNotBlock) {
    auto result = run_command({gongkai_binary(), "scan", sample_path()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("2 findings: 0 block, 0 review, 2 info"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("suggestion: 标准化"), std::string::npos) << result.out;
}

TEST(ScanCli, JsonIsTheApiShape) {
    auto result = run_command({gongkai_binary(), "scan", sample_path(), "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto json = boost::json::parse(result.out).as_object();
    ASSERT_EQ(json.size(), 2u);
    EXPECT_EQ(json.at("counts").at("block").to_number<int>(), 0);
    EXPECT_EQ(json.at("counts").at("review").to_number<int>(), 0);
    EXPECT_EQ(json.at("counts").at("info").to_number<int>(), 2);
    const auto& findings = json.at("findings").as_array();
    ASSERT_EQ(findings.size(), 2u);
    EXPECT_EQ(findings[0].at("rule").as_string(), "typo");
    EXPECT_EQ(findings[0].at("field").as_string(), "body");
    EXPECT_EQ(findings[0].at("start").to_number<int>(), 63);
    EXPECT_EQ(findings[0].at("end").to_number<int>(), 66);
    EXPECT_EQ(findings[0].at("suggestion").as_string(), "标准化");
}

TEST(ScanCli, MarkingBlocksWithExitOne) {
    TempDir dir;
    auto path =
        write(dir, "draft.txt", "秘密★1年\n关于印发工作方案的通知\n联系人手机13812345678\n");
    auto result = run_command({gongkai_binary(), "scan", path});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find("classification_marking"), std::string::npos);
    EXPECT_NE(result.out.find("138****5678"), std::string::npos);
    // Neither stream shows the raw number.
    EXPECT_EQ(result.out.find("13812345678"), std::string::npos);
    EXPECT_EQ(result.err.find("13812345678"), std::string::npos);
}

TEST(ScanCli, ReportContentJsonIsScannedFieldByField) {
    TempDir dir;
    auto path = write(dir, "content.json", R"({"template": "gov-annual-2021", "year": 2024,
        "sections": {"overview": "政务公开标椎化", "problems": "无", "other": ""},
        "notes": {"applications": "联系电话：138-1234-5678"}})");
    auto result = run_command({gongkai_binary(), "scan", path, "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto json = boost::json::parse(result.out).as_object();
    const auto& findings = json.at("findings").as_array();
    ASSERT_EQ(findings.size(), 2u);
    EXPECT_EQ(findings[0].at("field").as_string(), "sections.overview");
    EXPECT_EQ(findings[1].at("field").as_string(), "notes.applications");
    EXPECT_EQ(findings[1].at("rule").as_string(), "mobile_number");
}

TEST(ScanCli, TextStartingWithABraceIsText) {
    TempDir dir;
    auto path = write(dir, "brace.txt", "{not json 内部资料");
    auto result = run_command({gongkai_binary(), "scan", path, "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto json = boost::json::parse(result.out).as_object();
    EXPECT_EQ(json.at("findings").as_array().at(0).at("field").as_string(), "body");
}

TEST(ScanCli, CustomLexicons) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "lexicons");
    write(dir, "lexicons/sensitive.txt", "\n# office list\n水塔街\n水塔街\n");
    write(dir, "lexicons/typos.txt", "");
    auto result = run_command(
        {gongkai_binary(), "scan", sample_path(), "--json", "--lexicons", dir.file("lexicons")});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto json = boost::json::parse(result.out).as_object();
    EXPECT_GT(json.at("counts").at("review").to_number<int>(), 3);
    EXPECT_EQ(json.at("counts").at("info").to_number<int>(), 0);  // no typo list
}

TEST(ScanCli, DefaultLexiconsAreFoundFromAnyFolder) {
    TempDir dir;
    // Run from an unrelated folder: the lexicons come from next to the build.
    auto result = run_command({"/bin/sh", "-c",
                               "cd " + dir.path().string() + " && " + gongkai_binary() + " scan " +
                                   sample_path() + " --json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto json = boost::json::parse(result.out).as_object();
    EXPECT_EQ(json.at("counts").at("info").to_number<int>(), 2);
}

TEST(ScanCli, UsageAndUnreadableInputExitTwo) {
    TempDir dir;
    EXPECT_EQ(run_command({gongkai_binary(), "scan"}).exit_code, 2);
    EXPECT_EQ(run_command({gongkai_binary(), "scan", dir.file("missing.txt")}).exit_code, 2);
    EXPECT_EQ(run_command({gongkai_binary(), "scan", dir.path().string()}).exit_code, 2);
    auto invalid = write(dir, "invalid.txt",
                         "手机\xff\xfe"
                         "13812345678");
    auto result = run_command({gongkai_binary(), "scan", invalid});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("UTF-8"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("13812345678"), std::string::npos);
    EXPECT_EQ(run_command({gongkai_binary(), "scan", sample_path(), "--lexicons",
                           dir.file("no-such-folder")})
                  .exit_code,
              2);
    write(dir, "sensitive.txt", "");
    write(dir, "typos.txt", "标椎\n");  // one word: a broken line
    result =
        run_command({gongkai_binary(), "scan", sample_path(), "--lexicons", dir.path().string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("typos.txt:1"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace gongkai::testing
