#include "gongkai/api/token_bucket.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace gongkai::api {

void TokenBucket::refill(TimePoint now) {
    if (last_) {
        std::chrono::duration<double> elapsed = now - *last_;
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * rate_);
    }
    last_ = now;
}

bool TokenBucket::try_take(TimePoint now) {
    refill(now);
    if (tokens_ < 1.0) {
        return false;
    }
    tokens_ -= 1.0;
    return true;
}

std::chrono::milliseconds TokenBucket::wait_at(TimePoint now) {
    refill(now);
    if (tokens_ >= 1.0) return std::chrono::milliseconds(0);
    const double seconds = (1.0 - tokens_) / std::max(rate_, 1e-9);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

void TokenBucket::spend(TimePoint now) {
    refill(now);
    tokens_ -= 1.0;
}

bool TokenBucket::full_at(TimePoint now) const {
    if (!last_) return true;
    std::chrono::duration<double> elapsed = now - *last_;
    return tokens_ + std::max(0.0, elapsed.count()) * rate_ >= burst_;
}

}  // namespace gongkai::api
