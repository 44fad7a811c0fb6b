#include <gongkai/annual/decimal_amount.hpp>

#include <gtest/gtest.h>

namespace gongkai::annual {
namespace {

TEST(DecimalAmountTest, ParsesExactly) {
    EXPECT_EQ(DecimalAmount::parse("14.73")->yuan(), 147300);
    EXPECT_EQ(DecimalAmount::parse("0.0001")->yuan(), 1);
    EXPECT_EQ(DecimalAmount::parse("12.5000")->yuan(), 125000);
    EXPECT_EQ(DecimalAmount::parse("007")->yuan(), 70000);
    EXPECT_EQ(DecimalAmount::parse("0")->yuan(), 0);
    // 0.1 + 0.2 is 0.3 here, unlike in binary floating point.
    EXPECT_EQ(DecimalAmount::parse("0.1")->yuan() + DecimalAmount::parse("0.2")->yuan(),
              DecimalAmount::parse("0.3")->yuan());
}

TEST(DecimalAmountTest, RefusesWhatIsNotAPlainDecimal) {
    for (const char* text : {"", ".5", "5.", "-1", "+1", "1e3", " 1", "1 ", "14.73001", "1,000",
                             "十", "0x10", "1.2.3", "99999999999999"}) {
        EXPECT_FALSE(DecimalAmount::parse(text)) << text;
    }
    EXPECT_TRUE(DecimalAmount::looks_decimal("14.73001"));
    EXPECT_FALSE(DecimalAmount::looks_decimal("abc"));
}

TEST(DecimalAmountTest, PrintsTheShortestExactForm) {
    EXPECT_EQ(DecimalAmount::parse("14.7300")->to_string(), "14.73");
    EXPECT_EQ(DecimalAmount::parse("15")->to_string(), "15");
    EXPECT_EQ(DecimalAmount::parse("0.0001")->to_string(), "0.0001");
    EXPECT_EQ(DecimalAmount::parse("10000000000")->to_string(), "10000000000");
    EXPECT_EQ(DecimalAmount::from_yuan(1050).to_string(), "0.105");
}

}  // namespace
}  // namespace gongkai::annual
