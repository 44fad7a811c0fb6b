#include <gongkai/core/canonical_json.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace gongkai {
namespace {

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

TEST(CanonicalJson, KeysSortByUtf8Bytes) {
    auto value = boost::json::parse(R"({"二": 2, "b": 1, "A": 0})");
    EXPECT_EQ(canonical_json(value), R"({"A":0,"b":1,"二":2})");
}

TEST(CanonicalJson, LargeIntegersStayExact) {
    auto value = boost::json::parse(R"({"max": 9223372036854775807, "big": 18446744073709551615})");
    EXPECT_EQ(canonical_json(value),
              R"({"big":18446744073709551615,"max":9223372036854775807})");
}

}  // namespace
}  // namespace gongkai
