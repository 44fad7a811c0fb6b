// Classification markings (block), declassified markings (info) and work-secret markings
// (review); the plain words every disclosure report contains must not be markings.
#include "scanner_fixture.hpp"

#include <gtest/gtest.h>

namespace gongkai::scanner::testing {
namespace {

TEST(ClassificationMarking, LevelWithStarAndPeriod) {
    expect_one("秘密★1年\n关于印发工作方案的通知", Rule::classification_marking, 0, 5);
    expect_one("机密★10年\n正文", Rule::classification_marking, 0, 6);
    expect_one("绝密★长期\n正文", Rule::classification_marking, 0, 5);
    expect_one("秘密★6个月", Rule::classification_marking, 0, 6);
    expect_one("秘密★三年", Rule::classification_marking, 0, 5);
}

TEST(ClassificationMarking, BareStarMeansDefaultPeriod) {
    expect_one("机密★\n关于2020年工作的报告", Rule::classification_marking, 0, 3);
}

TEST(ClassificationMarking, StarInRunningTextStillBlocks) {
    // ★ right after a level word is a marking wherever it is (a pasted first page).
    std::string_view text = "附件：机密★1年 关于某项工作的请示";
    expect_one(text, Rule::classification_marking, 3, 8);
}

TEST(ClassificationMarking, AsteriskAndWhiteStarVariants) {
    expect_one("秘密*1年\n正文", Rule::classification_marking, 0, 5);
    expect_one("秘密☆1年\n正文", Rule::classification_marking, 0, 5);
    // Full-width ＊ is normalised to *.
    expect_one("机密＊10年\n正文", Rule::classification_marking, 0, 6);
}

TEST(ClassificationMarking, GradeForm) {
    expect_one("密级：秘密\n正文", Rule::classification_marking, 0, 5);
    expect_one("文件 密级: 机密 编号", Rule::classification_marking, 3, 9);
    // Seen from both of its 密, still one finding.
    expect_one("密级：秘密★1年", Rule::classification_marking, 0, 8);
}

TEST(ClassificationMarking, SpacedLevelAloneOnALine) {
    expect_one("秘 密\n\n关于印发方案的通知", Rule::classification_marking, 0, 3);
    // Full-width spaces around and inside, on the second line.
    std::string_view text = "标题\n\u3000\u3000秘\u3000密\u3000\n正文";
    expect_one(text, Rule::classification_marking, 5, 8);
    expect_one("\t机密\r\n正文", Rule::classification_marking, 1, 3);
}

TEST(ClassificationMarking, LevelAtTheStartOfTheDocument) {
    expect_one("秘密 关于印发方案的通知", Rule::classification_marking, 0, 2);
    expect_one("\n  绝 密 \n正文", Rule::classification_marking, 3, 6);
}

TEST(ClassificationMarking, PlainWordsAreNotMarkings) {
    for (std::string_view text : {
             "国家秘密",
             "属于国家秘密",
             "1.属于国家秘密",
             "\t1.属于国家秘密\n",
             "严格执行保密审查制度，确保上网信息不泄密、涉密信息不上网。",
             "保守国家秘密是公民的义务",
             "秘密文件管理办法",  // at the start, but glued to the next word
             "加强机密性和完整性保护",
             "**国家秘密**不得公开",  // Markdown emphasis, not a marking
             "国家秘密*的范围",       // * glued to a word
             "会议讨论了机密与秘密的区别",
             "密级",
             "密",
         }) {
        auto result = scan(text);
        EXPECT_EQ(result.counts().block, 0u) << text;
        EXPECT_TRUE(with_rule(result, Rule::classification_marking).empty()) << text;
    }
}

TEST(ClassificationMarking, BlocksAndCounts) {
    auto result = scan("秘密★1年\n正文");
    EXPECT_TRUE(result.blocks());
    EXPECT_EQ(result.counts(), (FindingCounts{1, 0, 0}));
    // The excerpt stays on the finding's line.
    EXPECT_EQ(result.findings[0].excerpt, "秘密★1年");
}

TEST(DeclassifiedMarking, MarkingNextToJiemiIsInfo) {
    std::string_view text = "秘密★1年（已解密）\n正文";
    expect_one(text, Rule::declassified_marking, 0, 5);
    expect_none(text, Rule::classification_marking);
    EXPECT_FALSE(scan(text).blocks());
    expect_one("已解密 机密★\n正文", Rule::declassified_marking, 4, 7);
}

TEST(DeclassifiedMarking, JiemiFarAwayDoesNotCount) {
    std::string_view text = "秘密★1年\n本文件将于2030年解密";
    expect_one(text, Rule::classification_marking, 0, 5);
    expect_none(text, Rule::declassified_marking);
}

TEST(InternalMarking, EachMarkingIsAReviewFinding) {
    std::string_view text = "内部资料，注意保存";
    auto found = with_rule(scan(text), Rule::internal_marking);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].start, 0u);
    EXPECT_EQ(found[0].end, 4u);
    EXPECT_EQ(found[1].start, 5u);
    EXPECT_EQ(found[1].end, 9u);
    EXPECT_EQ(found[0].severity, Severity::review);
    for (std::string_view marking :
         {"内部事项", "注意保管", "内部使用", "不得外传", "工作秘密", "内部文件", "仅供内部"}) {
        std::string line = "本材料" + std::string(marking) + "。";
        expect_one(line, Rule::internal_marking, 3, 7);
    }
}

TEST(InternalMarking, WorkSecretIsNotAClassificationMarking) {
    std::string_view text = "工作秘密\n正文";
    expect_one(text, Rule::internal_marking, 0, 4);
    expect_none(text, Rule::classification_marking);
}

TEST(InternalMarking, SimilarWordsAreNotMarkings) {
    expect_none("5.属于三类内部事务信息", Rule::internal_marking);
    expect_none("对内部管理和有些主动公开内容的界定", Rule::internal_marking);
}

}  // namespace
}  // namespace gongkai::scanner::testing
