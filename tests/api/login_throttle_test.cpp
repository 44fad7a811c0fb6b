#include <gongkai/api/client_state.hpp>
#include <gongkai/api/http_session.hpp>
#include <gongkai/api/login_throttle.hpp>

#include <gtest/gtest.h>

namespace gongkai::api {
namespace {

using namespace std::chrono_literals;

std::chrono::milliseconds refused_for(LoginThrottle& throttle, const std::string& username,
                                      const std::string& address = "10.0.0.1") {
    auto refusal = throttle.begin_attempt(username, address);
    return refusal ? refusal->wait : 0ms;
}

TEST(LoginThrottle, FiveFreeAttemptsThenDoublingWaits) {
    ManualClock clock{TimePoint{}};
    AuthSettings settings;  // 5 free, 1 s base, 300 s cap
    settings.address_attempts_burst = 1000;
    LoginThrottle throttle(clock, settings);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(refused_for(throttle, "leader"), 0ms) << i;  // counted as it starts
    }
    EXPECT_EQ(refused_for(throttle, "leader"), 1000ms);  // the sixth waits
    clock.advance(1s);
    EXPECT_EQ(refused_for(throttle, "leader"), 0ms);  // the sixth, a second later
    EXPECT_EQ(refused_for(throttle, "leader"), 2000ms);
    for (int i = 0; i < 20; ++i) {
        clock.advance(refused_for(throttle, "leader"));
        EXPECT_EQ(refused_for(throttle, "leader"), 0ms);
    }
    EXPECT_EQ(refused_for(throttle, "leader"), 300000ms);
    EXPECT_EQ(refused_for(throttle, "someone-else"), 0ms);
    throttle.succeeded("leader");
    EXPECT_EQ(refused_for(throttle, "leader"), 0ms);
}

TEST(LoginThrottle, QuietPeriodForgives) {
    ManualClock clock{TimePoint{}};
    LoginThrottle throttle(clock, AuthSettings{});
    for (int i = 0; i < 5; ++i)
        refused_for(throttle, "x");
    clock.advance(11min);
    EXPECT_EQ(refused_for(throttle, "x"), 0ms);  // the first of a new run
    EXPECT_EQ(refused_for(throttle, "x"), 0ms);
}

TEST(LoginThrottle, AnAddressHasABurstOfFailuresThenARate) {
    ManualClock clock{TimePoint{}};
    AuthSettings settings;
    settings.address_attempts_burst = 3;
    settings.address_attempts_per_minute = 6;
    LoginThrottle throttle(clock, settings);
    for (int i = 0; i < 10; ++i) {  // successes do not count against the address
        EXPECT_EQ(refused_for(throttle, "user" + std::to_string(i), "10.0.0.9"), 0ms);
        throttle.succeeded("user" + std::to_string(i));
    }
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(refused_for(throttle, "n" + std::to_string(i), "10.0.0.9"), 0ms);
        throttle.failed("10.0.0.9");
    }
    EXPECT_EQ(refused_for(throttle, "e", "10.0.0.9"), 10000ms);  // one every 10 s
    EXPECT_EQ(refused_for(throttle, "e", "10.0.0.8"), 0ms);      // other addresses unaffected
    clock.advance(10s);
    EXPECT_EQ(refused_for(throttle, "e", "10.0.0.9"), 0ms);
}

TEST(LoginThrottle, RefusalsAreSummarisedPerAddress) {
    ManualClock clock{TimePoint{}};
    AuthSettings settings;
    settings.address_attempts_burst = 1;
    LoginThrottle throttle(clock, settings);
    refused_for(throttle, "a", "10.0.0.9");
    throttle.failed("10.0.0.9");
    for (int i = 0; i < 10; ++i)
        refused_for(throttle, "n" + std::to_string(i % 4), "10.0.0.9");
    auto summaries = throttle.take_refusals();
    ASSERT_EQ(summaries.size(), 1u);
    EXPECT_EQ(summaries[0].address, "10.0.0.9");
    EXPECT_EQ(summaries[0].refused, 10u);
    EXPECT_EQ(summaries[0].usernames, 4u);
    EXPECT_TRUE(throttle.take_refusals().empty());
}

TEST(TokenBucket, AllowsBurstsThenTheRate) {
    TokenBucket bucket(10, 5);
    TimePoint now{};
    int allowed = 0;
    for (int i = 0; i < 20; ++i)
        allowed += bucket.try_take(now);
    EXPECT_EQ(allowed, 5);
    now += 1s;
    allowed = 0;
    for (int i = 0; i < 20; ++i)
        allowed += bucket.try_take(now);
    EXPECT_EQ(allowed, 5);  // refilled to the burst size, not beyond
    now += 100ms;
    EXPECT_TRUE(bucket.try_take(now));
    EXPECT_FALSE(bucket.try_take(now));
}

TEST(OriginCheck, SameHostOnlyWhenNamedByAddress) {
    EXPECT_TRUE(origin_allowed("", "example.org", {}));
    EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", {}));
    EXPECT_TRUE(origin_allowed("http://localhost:8080", "localhost:8080", {}));
    EXPECT_TRUE(origin_allowed("http://[::1]:8080", "[::1]:8080", {}));
    EXPECT_TRUE(origin_allowed("HTTP://10.1.2.3", "10.1.2.3", {}));
    EXPECT_FALSE(origin_allowed("http://127.0.0.1:8081", "127.0.0.1:8080", {}));
    EXPECT_FALSE(origin_allowed("http://evil.org", "127.0.0.1:8080", {}));
    EXPECT_FALSE(origin_allowed("null", "127.0.0.1", {}));
    // A DNS name equal on both sides may be a rebinding page: refused without a list.
    EXPECT_FALSE(origin_allowed("http://example.org:8080", "example.org:8080", {}));
    EXPECT_FALSE(origin_allowed("http://127.0.0.1.evil.org", "127.0.0.1.evil.org", {}));
}

TEST(OriginCheck, PublicOriginsExactlyWhenConfigured) {
    std::vector<std::string> origins{"https://gongkai.gov.cn"};
    EXPECT_TRUE(origin_allowed("https://gongkai.gov.cn", "internal:8080", origins));
    EXPECT_TRUE(origin_allowed("HTTPS://Gongkai.gov.cn", "internal:8080", origins));
    EXPECT_FALSE(origin_allowed("http://internal:8080", "internal:8080", origins));
    EXPECT_FALSE(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", origins));
    EXPECT_FALSE(origin_allowed("https://gongkai.gov.cn.evil.org", "internal", origins));
}

}  // namespace
}  // namespace gongkai::api
