#pragma once

#include <gongkai/core/access.hpp>

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace gongkai::storage {

// Every user's role grants as last read, each tagged with the directory generation it was
// read at. Grants are checked on every request, and reading them was a tenth of the
// server's time in the read benchmark; the generation is one row that triggers on
// role_grants and users set to a fresh random value whenever either changes (migration 4).
// So a lookup costs one primary-key read, and a revoked role still stops working with the
// next request: its generation no longer matches.
//
// The generation is random rather than a counter so that a value is never reused: a change
// that is rolled back leaves entries tagged with a generation that never commits, and a
// later change cannot land on the same number and make them look current.
class GrantsCache {
public:
    // The grants of `user_id` as read at exactly `generation`, or null.
    Grants find(std::int64_t user_id, std::int64_t generation) const {
        std::lock_guard lock(mutex_);
        auto found = entries_.find(user_id);
        if (found == entries_.end() || found->second.generation != generation) {
            return nullptr;
        }
        return found->second.grants;
    }

    void store(std::int64_t user_id, std::int64_t generation, Grants grants) {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= kMaxUsers && !entries_.contains(user_id)) {
            entries_.clear();  // a bound, not a policy: a province has far fewer users
        }
        entries_[user_id] = {generation, std::move(grants)};
    }

private:
    static constexpr std::size_t kMaxUsers = 100000;

    struct Entry {
        std::int64_t generation = 0;
        Grants grants;
    };

    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, Entry> entries_;
};

}  // namespace gongkai::storage
