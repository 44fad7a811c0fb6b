#include "gongkai/api/login_throttle.hpp"

#include <algorithm>

namespace gongkai::api {

namespace {
// Most usernames and addresses remembered at once; bounds memory under a spray of made-up
// names or many addresses.
constexpr std::size_t kMaxEntries = 100000;
// Distinct usernames counted per address in one summary.
constexpr std::size_t kMaxNamesCounted = 1000;
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, const AuthSettings& settings)
    : clock_(clock), settings_(settings) {}

std::optional<LoginThrottle::Refusal> LoginThrottle::begin_attempt(const std::string& username,
                                                                   const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    if (usernames_.size() >= kMaxEntries || addresses_.size() >= kMaxEntries) {
        forget_stale_entries(now);
    }
    auto& entry = usernames_[username];
    if (now < entry.next_allowed) {
        count_refusal(username, address, now);
        return Refusal{std::chrono::ceil<std::chrono::milliseconds>(entry.next_allowed - now)};
    }
    if (auto it = addresses_.find(address); it != addresses_.end()) {
        if (auto wait = it->second.wait_at(now); wait.count() > 0) {
            count_refusal(username, address, now);
            return Refusal{wait};
        }
    }
    // A long quiet period forgives earlier failures.
    if (entry.attempts > 0 && now - entry.last_attempt > 2 * settings_.lockout_max) {
        entry.attempts = 0;
    }
    ++entry.attempts;
    entry.last_attempt = now;
    const int beyond = entry.attempts - settings_.free_failures;
    if (beyond >= 0) {
        auto delay = settings_.lockout_base * (1LL << std::min(beyond, 20));
        entry.next_allowed = now + std::min<std::chrono::seconds>(delay, settings_.lockout_max);
    }
    return std::nullopt;
}

void LoginThrottle::succeeded(const std::string& username) {
    std::lock_guard lock(mutex_);
    usernames_.erase(username);
}

void LoginThrottle::failed(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    if (addresses_.size() >= kMaxEntries) {
        forget_stale_entries(now);
    }
    addresses_
        .try_emplace(address, settings_.address_attempts_per_minute / 60,
                     settings_.address_attempts_burst)
        .first->second.spend(now);
}

void LoginThrottle::record_refusal(const std::string& username, const std::string& address) {
    std::lock_guard lock(mutex_);
    count_refusal(username, address, clock_.now());
}

void LoginThrottle::count_refusal(const std::string& username, const std::string& address,
                                  TimePoint now) {
    auto& tally = refusals_[address];
    if (tally.refused++ == 0) tally.first = now;
    tally.last = now;
    if (tally.usernames.size() < kMaxNamesCounted) tally.usernames.insert(username);
}

std::vector<LoginThrottle::RefusalSummary> LoginThrottle::take_refusals() {
    std::lock_guard lock(mutex_);
    std::vector<RefusalSummary> summaries;
    summaries.reserve(refusals_.size());
    for (auto& [address, tally] : refusals_) {
        summaries.push_back(
            {address, tally.refused, tally.usernames.size(), tally.first, tally.last});
    }
    refusals_.clear();
    std::sort(summaries.begin(), summaries.end(),
              [](const auto& a, const auto& b) { return a.address < b.address; });
    return summaries;
}

void LoginThrottle::forget_stale_entries(TimePoint now) {
    std::erase_if(usernames_, [&](const auto& item) {
        return now - item.second.last_attempt > 2 * settings_.lockout_max;
    });
    if (usernames_.size() >= kMaxEntries) {
        // Under a flood of made-up names, keep the names that are actually throttled.
        std::erase_if(usernames_, [&](const auto& item) {
            return item.second.attempts < settings_.free_failures;
        });
    }
    if (usernames_.size() >= kMaxEntries) {
        usernames_.clear();  // forgetting is safer than growing without bound
    }
    if (addresses_.size() >= kMaxEntries) {
        std::erase_if(addresses_, [&](const auto& item) { return item.second.full_at(now); });
    }
    if (addresses_.size() >= kMaxEntries) {
        addresses_.clear();
    }
}

}  // namespace gongkai::api
