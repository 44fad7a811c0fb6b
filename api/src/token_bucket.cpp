#include "gongkai/api/token_bucket.hpp"

#include <algorithm>

namespace gongkai::api {

bool TokenBucket::try_take(TimePoint now) {
    if (last_) {
        std::chrono::duration<double> elapsed = now - *last_;
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * rate_);
    }
    last_ = now;
    if (tokens_ < 1.0) {
        return false;
    }
    tokens_ -= 1.0;
    return true;
}

bool TokenBucket::full_at(TimePoint now) const {
    if (!last_) return true;
    std::chrono::duration<double> elapsed = now - *last_;
    return tokens_ + std::max(0.0, elapsed.count()) * rate_ >= burst_;
}

}  // namespace gongkai::api
