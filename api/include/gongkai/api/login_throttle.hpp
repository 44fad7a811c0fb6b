#pragma once

#include "gongkai/api/server_settings.hpp"
#include "gongkai/api/token_bucket.hpp"

#include <gongkai/core/clock.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gongkai::api {

// Slows down password guessing, before any password is checked. Two limits:
//
// - Per username (the name as typed, known user or not, so the throttle itself reveals
//   nothing about which users exist): `free_failures`, then waits doubling up to
//   `lockout_max`. Every attempt is counted as it starts, as if it will fail, and forgiven
//   only when it succeeds: attempts sent at once are throttled like attempts sent one
//   after another, those still in flight included.
// - Per remote address, all usernames together: a token bucket of failed attempts, so that
//   a flood of made-up names from one address is refused without hashing. It is charged
//   when a check fails (an office behind one address logging in at nine is not held up by
//   its own successes); the attempts in flight meanwhile are bounded by the queue of
//   password checks (AuthSettings::max_pending_per_address).
class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, const AuthSettings& settings);

    struct Refusal {
        std::chrono::milliseconds wait;  // until an attempt may be made again
    };
    // Counts an attempt for `username` from `address`, or refuses it (and counts the
    // refusal for the address's summary).
    std::optional<Refusal> begin_attempt(const std::string& username, const std::string& address);
    // The attempt begun for `username` succeeded: the username starts afresh.
    void succeeded(const std::string& username);
    // An attempt from `address` failed its password check.
    void failed(const std::string& address);

    // An attempt refused elsewhere (no room to check its password): in the summary too.
    void record_refusal(const std::string& username, const std::string& address);

    // Attempts refused from one address since the last take_refusals(): one audit entry
    // instead of a row per guess.
    struct RefusalSummary {
        std::string address;
        std::uint64_t refused = 0;
        std::size_t usernames = 0;  // distinct names tried (counted up to a bound)
        TimePoint first{};
        TimePoint last{};
    };
    std::vector<RefusalSummary> take_refusals();

private:
    struct UsernameEntry {
        int attempts = 0;  // begun and not followed by a success
        TimePoint last_attempt{};
        TimePoint next_allowed{};
    };
    struct RefusalTally {
        std::uint64_t refused = 0;
        std::unordered_set<std::string> usernames;
        TimePoint first{};
        TimePoint last{};
    };
    void count_refusal(const std::string& username, const std::string& address, TimePoint now);
    void forget_stale_entries(TimePoint now);

    const Clock& clock_;
    AuthSettings settings_;
    std::mutex mutex_;
    std::unordered_map<std::string, UsernameEntry> usernames_;
    std::unordered_map<std::string, TokenBucket> addresses_;
    std::unordered_map<std::string, RefusalTally> refusals_;
};

}  // namespace gongkai::api
