#include <gongkai/core/canonical_json.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace gongkai {
namespace {

std::string fmt_control(unsigned char byte) {
    static constexpr char hex[] = "0123456789abcdef";
    return std::string("\\u00") + hex[byte >> 4] + hex[byte & 0xf];
}

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
    auto value = boost::json::parse(R"({ "b": 1, "a": {"d": [1, 2], "c": null} })");
    EXPECT_EQ(canonical_json(value), R"({"a":{"c":null,"d":[1,2]},"b":1})");
}

TEST(CanonicalJson, EqualValuesGiveEqualBytes) {
    auto one = boost::json::parse(R"({"x": "水塔街", "y": [true, false], "z": -5})");
    auto two = boost::json::parse(R"({"z":-5,"y":[true,false],"x":"水塔街"})");
    EXPECT_EQ(canonical_json(one), canonical_json(two));
}

TEST(CanonicalJson, EscapesOnlyWhatJsonRequires) {
    boost::json::value value = "引号\"反斜杠\\换行\n制表\t控制\x01";
    EXPECT_EQ(canonical_json(value), "\"引号\\\"反斜杠\\\\换行\\n制表\\t控制\\u0001\"");
}

// The escaping as a byte-by-byte reference gives it, for every byte value at every position
// of strings long enough to cross the eight-byte words the fast scan reads.
std::string escaped_one_byte_at_a_time(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (c == '\b')
            out += "\\b";
        else if (c == '\f')
            out += "\\f";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (byte < 0x20)
            out += fmt_control(byte);
        else
            out += c;
    }
    return out + "\"";
}

TEST(CanonicalJson, EveryByteAtEveryPositionIsEscapedAsOneByOne) {
    for (std::size_t length = 1; length <= 19; ++length) {
        for (std::size_t position = 0; position < length; ++position) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text(length, 'a');
                text[position] = static_cast<char>(byte);
                std::string out;
                append_json_string(out, text);
                ASSERT_EQ(out, escaped_one_byte_at_a_time(text))
                    << "byte " << byte << " at " << position << " of " << length;
            }
        }
    }
    std::string empty;
    append_json_string(empty, "");
    EXPECT_EQ(empty, "\"\"");
    // Two escapes in one word, and one right after a clean word.
    std::string out;
    append_json_string(out, std::string("abcdefgh\"\x1f") + "\xe6\xb0\xb4\\");
    EXPECT_EQ(out, "\"abcdefgh\\\"\\u001f\xe6\xb0\xb4\\\\\"");
}

TEST(CanonicalJson, KeysSortByUtf8Bytes) {
    auto value = boost::json::parse(R"({"二": 2, "b": 1, "A": 0})");
    EXPECT_EQ(canonical_json(value), R"({"A":0,"b":1,"二":2})");
}

TEST(CanonicalJson, LargeIntegersStayExact) {
    auto value = boost::json::parse(R"({"max": 9223372036854775807, "big": 18446744073709551615})");
    EXPECT_EQ(canonical_json(value), R"({"big":18446744073709551615,"max":9223372036854775807})");
}

}  // namespace
}  // namespace gongkai
