#pragma once

#include <gongkai/core/clock.hpp>

#include <algorithm>
#include <optional>

namespace gongkai::api {

// Token bucket: `rate` messages a second on average, bursts up to `burst`.
class TokenBucket {
public:
    TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
    bool try_take(TimePoint now);
    // Returns a token taken for something that turned out not to count.
    void give_back() { tokens_ = std::min(burst_, tokens_ + 1.0); }
    // Whether the bucket has refilled completely by `now` (nothing to remember).
    bool full_at(TimePoint now) const;

private:
    double rate_;
    double burst_;
    double tokens_;
    std::optional<TimePoint> last_;
};

}  // namespace gongkai::api
