#include "gongkai/api/login_throttle.hpp"

#include <algorithm>

namespace gongkai::api {

namespace {
// Most usernames remembered at once; bounds memory under a spray of made-up names.
constexpr std::size_t kMaxEntries = 100000;
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, const AuthSettings& settings)
    : clock_(clock), settings_(settings) {}

std::chrono::milliseconds LoginThrottle::wait_for(const std::string& username) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(username);
    if (it == entries_.end()) {
        return std::chrono::milliseconds(0);
    }
    auto now = clock_.now();
    if (now >= it->second.next_allowed) {
        return std::chrono::milliseconds(0);
    }
    return std::chrono::ceil<std::chrono::milliseconds>(it->second.next_allowed - now);
}

void LoginThrottle::record_failure(const std::string& username) {
    std::lock_guard lock(mutex_);
    auto now = clock_.now();
    if (entries_.size() >= kMaxEntries) {
        forget_stale_entries(now);
    }
    auto& entry = entries_[username];
    // A long quiet period forgives earlier failures.
    if (entry.failures > 0 && now - entry.last_failure > 2 * settings_.lockout_max) {
        entry.failures = 0;
    }
    ++entry.failures;
    entry.last_failure = now;
    int excess = entry.failures - settings_.free_failures;
    if (excess > 0) {
        auto delay = settings_.lockout_base * (1LL << std::min(excess - 1, 20));
        entry.next_allowed = now + std::min<std::chrono::seconds>(delay, settings_.lockout_max);
    }
}

void LoginThrottle::record_success(const std::string& username) {
    std::lock_guard lock(mutex_);
    entries_.erase(username);
}

void LoginThrottle::forget_stale_entries(TimePoint now) {
    std::erase_if(entries_, [&](const auto& item) {
        return now - item.second.last_failure > 2 * settings_.lockout_max;
    });
    if (entries_.size() >= kMaxEntries) {
        // Under a flood of made-up names, keep the names that are actually throttled.
        std::erase_if(entries_, [&](const auto& item) {
            return item.second.failures <= settings_.free_failures;
        });
    }
    if (entries_.size() >= kMaxEntries) {
        entries_.clear();  // forgetting is safer than growing without bound
    }
}

}  // namespace gongkai::api
