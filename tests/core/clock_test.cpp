#include <gongkai/core/clock.hpp>

#include <gtest/gtest.h>

namespace gongkai {
namespace {

using namespace std::chrono;

TEST(Iso8601, FormatsUtcWithMilliseconds) {
    TimePoint t = sys_days{year{2024} / 1 / 31} + hours{8} + minutes{5} + seconds{9} +
                  milliseconds{42};
    EXPECT_EQ(format_iso8601(t), "2024-01-31T08:05:09.042Z");
}

TEST(Iso8601, ParsesWhatItFormats) {
    TimePoint t = sys_days{year{2025} / 12 / 31} + hours{23} + minutes{59} + milliseconds{999};
    EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
    EXPECT_EQ(parse_iso8601("2024-02-29"), TimePoint{sys_days{year{2024} / 2 / 29}});
    EXPECT_EQ(parse_iso8601("2024-02-29T10:00:00Z"),
              TimePoint{sys_days{year{2024} / 2 / 29} + hours{10}});
}

TEST(Iso8601, RejectsNonsense) {
    for (auto text : {"", "2024", "2023-02-29", "2024-13-01", "2024-01-01T25:00:00Z",
                      "2024-01-01T10:00:00", "2024-01-01T10:00:00+08:00", "yesterday",
                      "2024-01-01T10:00:00.5Z"}) {
        EXPECT_FALSE(parse_iso8601(text).has_value()) << text;
    }
}

// Found by fuzz/dispatcher_fuzzer (audit.query with until "4198-01-01T00:00:00.000Z", in
// fuzz/regressions/dispatcher/): a year a TimePoint cannot hold overflowed in the conversion.
TEST(Iso8601, RejectsDatesATimePointCannotHold) {
    for (auto text : {"4198-01-01T00:00:00.000Z", "9999-12-31", "2262-04-11", "1677-09-21",
                      "0000-01-01", "-999-01-01"}) {
        EXPECT_FALSE(parse_iso8601(text).has_value()) << text;
    }
    EXPECT_EQ(format_iso8601(*parse_iso8601("2262-04-10T23:59:59.999Z")),
              "2262-04-10T23:59:59.999Z");
    EXPECT_EQ(format_iso8601(*parse_iso8601("1677-09-22")), "1677-09-22T00:00:00.000Z");
}

TEST(ManualClock, MovesOnlyWhenTold) {
    ManualClock clock(TimePoint{sys_days{year{2024} / 1 / 1}});
    auto start = clock.now();
    EXPECT_EQ(clock.now(), start);
    clock.advance(minutes{30});
    EXPECT_EQ(clock.now() - start, minutes{30});
}

}  // namespace
}  // namespace gongkai

namespace gongkai {
namespace {

TEST(BeijingTime, ShowsStoredUtcAsBeijingTime) {
    EXPECT_EQ(beijing_time_text("2024-01-31T08:00:00.000Z"), "2024-01-31 16:00");
    // Past midnight in Beijing: the next day, also across a month and a year.
    EXPECT_EQ(beijing_time_text("2026-11-29T18:50:13.612Z"), "2026-11-30 02:50");
    EXPECT_EQ(beijing_time_text("2023-12-31T20:00:00Z"), "2024-01-01 04:00");
    EXPECT_EQ(beijing_date_text("2026-11-29T18:50:13.612Z"), "2026-11-30");
}

TEST(BeijingTime, LeavesOtherTextAlone) {
    EXPECT_EQ(beijing_time_text("未知"), "未知");
    EXPECT_EQ(beijing_time_text(""), "");
    EXPECT_EQ(beijing_date_text("not a time"), "not a time");
}

}  // namespace
}  // namespace gongkai
