#include <gongkai/annual/text_width.hpp>

#include <gtest/gtest.h>

namespace gongkai::annual {
namespace {

TEST(TextWidthTest, CjkCountsTwoColumns) {
    EXPECT_EQ(display_width(""), 0u);
    EXPECT_EQ(display_width("abc 12"), 6u);
    EXPECT_EQ(display_width("总计"), 4u);
    EXPECT_EQ(display_width("（一）予以公开"), 14u);
    EXPECT_EQ(display_width("\u3000"), 2u);           // ideographic space
    EXPECT_EQ(display_width("１２"), 4u);             // full-width digits
    EXPECT_EQ(display_width("“三安全一稳定”"), 14u);  // quotes are ambiguous: one column each
    EXPECT_EQ(display_width("e\u0301"), 1u);          // combining accent
}

TEST(TextWidthTest, WrapsBetweenCharactersKeepingClosingPunctuation) {
    EXPECT_EQ(wrap_to_width("一二三四五", 4), (std::vector<std::string>{"一二", "三四", "五"}));
    EXPECT_EQ(wrap_to_width("一二、三", 4), (std::vector<std::string>{"一二、", "三"}));
    EXPECT_EQ(wrap_to_width("ab", 10), std::vector<std::string>{"ab"});
    EXPECT_EQ(wrap_to_width("一", 1), std::vector<std::string>{"一"});
}

}  // namespace
}  // namespace gongkai::annual
