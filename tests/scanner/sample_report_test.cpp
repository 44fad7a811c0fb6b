// The real published report (../shared/samples, copied to data/): the reviewer must see its
// two 标椎化 typos and nothing else; in particular 国家秘密, 保密审查, 涉密信息不上网 and
// 属于国家秘密 are not markings.
#include "scanner_fixture.hpp"

#include <gongkai/testing/temp_dir.hpp>

#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gongkai::scanner::testing {
namespace {

std::string sample_report() {
    auto path = gongkai::testing::source_dir() / "tests" / "scanner" / "data" /
                "shuita-2020-annual-report.txt";
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

std::shared_ptr<const Scanner> starter_scanner() {
    return Scanner::create(Lexicon::load(gongkai::testing::source_dir() / "config" / "lexicons"));
}

TEST(SampleReport, ContainsThePlainWordsThatMustNotBeFlagged) {
    std::string text = sample_report();
    for (std::string_view word :
         {"国家秘密", "保密审查", "涉密信息不上网", "属于国家秘密", "【2020】46号", "14.73万元"}) {
        EXPECT_NE(text.find(word), std::string::npos) << word;
    }
}

TEST(SampleReport, ExactlyTheTwoTyposWithTheStarterLexicons) {
    std::string text = sample_report();
    auto result = starter_scanner()->scan_text(text, "body", kToday);
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.counts(), (FindingCounts{0, 0, 2}));
    EXPECT_FALSE(result.blocks());
    const std::size_t starts[] = {63, 97};
    for (std::size_t i = 0; i < 2; ++i) {
        const Finding& finding = result.findings[i];
        EXPECT_EQ(finding.rule, Rule::typo);
        EXPECT_EQ(finding.severity, Severity::info);
        EXPECT_EQ(finding.field, "body");
        EXPECT_EQ(finding.start, starts[i]);
        EXPECT_EQ(finding.end, starts[i] + 3);  // 标椎化
        EXPECT_EQ(finding.suggestion, "标准化");
        EXPECT_NE(finding.excerpt.find("标椎化规范化"), std::string::npos) << finding.excerpt;
    }
    EXPECT_EQ(code_point_offset(text, "标椎化"), 63u);
}

TEST(SampleReport, WithOnlyTheFactsPairTheSuggestionIsTheShortWord) {
    Lexicon lexicon;
    lexicon.add_typo("标椎", "标准");
    auto result = Scanner::create(lexicon)->scan_text(sample_report(), "body", kToday);
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.findings[0].start, 63u);
    EXPECT_EQ(result.findings[0].end, 65u);
    EXPECT_EQ(result.findings[0].suggestion, "标准");
    EXPECT_EQ(result.findings[1].start, 97u);
}

TEST(SampleReport, AsReportContent) {
    // The narrative paragraphs as the sections of a content object.
    std::string text = sample_report();
    auto paragraph_with = [&](std::string_view needle) {
        auto at = text.find(needle);
        auto begin = text.rfind('\n', at) + 1;
        auto end = text.find('\n', at);
        return text.substr(begin, end - begin);
    };
    boost::json::object content{
        {"template", "gov-annual-2019"},
        {"year", 2020},
        {"sections",
         {{"overview", paragraph_with("按照《临汾市")},
          {"problems", paragraph_with("（四)加强审核")},
          {"other", "无"}}},
        {"applications", {{"refused_state_secret", {{"total", 0}}}}},
        {"notes", {{"applications", "1.属于国家秘密"}}},
    };
    auto result = starter_scanner()->scan_content(content, kToday);
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.findings[0].field, "sections.overview");
    EXPECT_EQ(result.findings[0].start, 33u);
    EXPECT_EQ(result.findings[0].suggestion, "标准化");
    EXPECT_EQ(result.findings[1].start, 67u);
}

}  // namespace
}  // namespace gongkai::scanner::testing
