#pragma once

#include <gongkai/core/clock.hpp>

#include <algorithm>
#include <chrono>
#include <optional>

namespace gongkai::api {

// Token bucket: `rate` messages a second on average, bursts up to `burst`.
class TokenBucket {
public:
    TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
    bool try_take(TimePoint now);
    // How long until a token is there (zero: one is there now).
    std::chrono::milliseconds wait_at(TimePoint now);
    // Takes a token for something already done, even if none is left: the debt is waited
    // off before the next token.
    void spend(TimePoint now);
    // Whether the bucket has refilled completely by `now` (nothing to remember).
    bool full_at(TimePoint now) const;

private:
    void refill(TimePoint now);

    double rate_;
    double burst_;
    double tokens_;
    std::optional<TimePoint> last_;
};

}  // namespace gongkai::api
