#include <gongkai/core/utf8.hpp>

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(Utf8, AcceptsValidText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("政府信息公开 ok"));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8, RejectsMalformedText) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE6\x94"));          // cut short
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, CountsCodePoints) {
    EXPECT_EQ(count_code_points("公开"), 2u);
    EXPECT_EQ(count_code_points("a公b"), 3u);
}

TEST(Utf8, OneLineOfVisibleTextPasses) {
    EXPECT_EQ(single_line_problem("尧都区水塔街办事处 2025 年政府信息公开工作年度报告"),
              std::nullopt);
    EXPECT_EQ(single_line_problem("\u3000公开\u200B通知"), std::nullopt);  // invisible inside text
}

TEST(Utf8, LineBreaksAndControlsAreRefusedInOneLine) {
    for (const char* text : {"a\nb", "a\tb",
                             "a\x7F"
                             "b",
                             "a\u0085b", "a\u0080b", "a\u009Fb", "a\u2028b", "a\u2029b"}) {
        EXPECT_EQ(single_line_problem(text), SingleLineProblem::line_break) << text;
    }
}

TEST(Utf8, DirectionControlsAreRefusedInOneLine) {
    for (const char* text :
         {"a\u202Eb", "a\u202Ab", "a\u2066b", "a\u2069b", "a\u200Fb", "a\u061Cb"}) {
        EXPECT_EQ(single_line_problem(text), SingleLineProblem::direction_control) << text;
    }
}

TEST(Utf8, TextOfOnlyInvisibleCharactersIsBlank) {
    for (const char* text : {"", " ", "\u200B", "\u3000\u00A0", "\uFEFF\u2060", "\u200D"}) {
        EXPECT_EQ(single_line_problem(text), SingleLineProblem::blank) << text;
    }
}

}  // namespace
}  // namespace gongkai
