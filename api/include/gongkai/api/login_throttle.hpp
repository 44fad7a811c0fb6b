#pragma once

#include "gongkai/api/server_settings.hpp"

#include <gongkai/core/clock.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gongkai::api {

// Slows down password guessing against one username. The key is the name as typed, known
// user or not, so the throttle itself reveals nothing about which users exist.
class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, const AuthSettings& settings);

    // How long attempts for `username` must still wait; zero when one may be made now.
    std::chrono::milliseconds wait_for(const std::string& username);
    void record_failure(const std::string& username);
    void record_success(const std::string& username);

private:
    struct Entry {
        int failures = 0;
        TimePoint last_failure{};
        TimePoint next_allowed{};
    };
    void forget_stale_entries(TimePoint now);

    const Clock& clock_;
    AuthSettings settings_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace gongkai::api
