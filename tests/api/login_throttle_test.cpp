#include <gongkai/api/client_state.hpp>
#include <gongkai/api/http_session.hpp>
#include <gongkai/api/login_throttle.hpp>

#include <gtest/gtest.h>

namespace gongkai::api {
namespace {

using namespace std::chrono_literals;

TEST(LoginThrottle, FreeFailuresThenDoublingWaits) {
    ManualClock clock{TimePoint{}};
    AuthSettings settings;  // 5 free, 1 s base, 300 s cap
    LoginThrottle throttle(clock, settings);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(throttle.wait_for("leader").count(), 0);
        throttle.record_failure("leader");
    }
    EXPECT_EQ(throttle.wait_for("leader").count(), 0);
    throttle.record_failure("leader");  // 6th
    EXPECT_EQ(throttle.wait_for("leader"), 1000ms);
    clock.advance(1s);
    throttle.record_failure("leader");  // 7th
    EXPECT_EQ(throttle.wait_for("leader"), 2000ms);
    for (int i = 0; i < 20; ++i) {
        clock.advance(throttle.wait_for("leader"));
        throttle.record_failure("leader");
    }
    EXPECT_EQ(throttle.wait_for("leader"), 300000ms);
    EXPECT_EQ(throttle.wait_for("someone-else").count(), 0);
    throttle.record_success("leader");
    EXPECT_EQ(throttle.wait_for("leader").count(), 0);
}

TEST(LoginThrottle, QuietPeriodForgives) {
    ManualClock clock{TimePoint{}};
    LoginThrottle throttle(clock, AuthSettings{});
    for (int i = 0; i < 5; ++i) throttle.record_failure("x");
    clock.advance(11min);
    throttle.record_failure("x");  // counts as the first of a new run
    EXPECT_EQ(throttle.wait_for("x").count(), 0);
}

TEST(TokenBucket, AllowsBurstsThenTheRate) {
    TokenBucket bucket(10, 5);
    TimePoint now{};
    int allowed = 0;
    for (int i = 0; i < 20; ++i) allowed += bucket.try_take(now);
    EXPECT_EQ(allowed, 5);
    now += 1s;
    allowed = 0;
    for (int i = 0; i < 20; ++i) allowed += bucket.try_take(now);
    EXPECT_EQ(allowed, 5);  // refilled to the burst size, not beyond
    now += 100ms;
    EXPECT_TRUE(bucket.try_take(now));
    EXPECT_FALSE(bucket.try_take(now));
}

TEST(OriginCheck, SameHostByDefaultAllowlistWhenConfigured) {
    EXPECT_TRUE(origin_allowed("", "example.org", {}));
    EXPECT_TRUE(origin_allowed("http://example.org:8080", "example.org:8080", {}));
    EXPECT_TRUE(origin_allowed("HTTPS://Example.org", "example.org", {}));
    EXPECT_FALSE(origin_allowed("http://evil.org", "example.org", {}));
    EXPECT_FALSE(origin_allowed("http://example.org.evil.org", "example.org", {}));
    EXPECT_FALSE(origin_allowed("null", "example.org", {}));
    EXPECT_FALSE(origin_allowed("http://example.org:8081", "example.org:8080", {}));
    std::vector<std::string> allowed{"https://gongkai.gov.cn"};
    EXPECT_TRUE(origin_allowed("https://gongkai.gov.cn", "internal:8080", allowed));
    EXPECT_FALSE(origin_allowed("http://internal:8080", "internal:8080", allowed));
}

}  // namespace
}  // namespace gongkai::api
