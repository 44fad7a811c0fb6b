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

}  // namespace
}  // namespace gongkai
