#pragma once

#include "gongkai/api/auth_service.hpp"
#include "gongkai/api/connection_registry.hpp"
#include "gongkai/api/token_bucket.hpp"

#include <gongkai/core/clock.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace gongkai::api {

// What the protocol remembers about one client connection: who logged in on it and how
// fast it is sending. Completions on other threads may log in or out, hence the lock.
class ClientState {
public:
    // `registry` (may be null) learns who is logged in here, for pushes to that user.
    ClientState(std::uint64_t id, std::string remote, double rate, double burst,
                ConnectionRegistry* registry = nullptr)
        : id_(id), remote_(std::move(remote)), bucket_(rate, burst), registry_(registry) {}

    std::uint64_t id() const { return id_; }
    const std::string& remote() const { return remote_; }

    std::shared_ptr<SessionState> session() const {
        std::lock_guard lock(mutex_);
        return session_;
    }
    void set_session(std::shared_ptr<SessionState> session) {
        std::lock_guard lock(mutex_);
        if (registry_) registry_->bind_user(id_, session ? session->actor.user_id : 0);
        session_ = std::move(session);
    }

    bool admit_message(TimePoint now) {
        std::lock_guard lock(mutex_);
        return bucket_.try_take(now);
    }

    std::uint64_t next_request_number() { return ++requests_; }

private:
    std::uint64_t id_;
    std::string remote_;
    mutable std::mutex mutex_;
    std::shared_ptr<SessionState> session_;
    TokenBucket bucket_;
    ConnectionRegistry* registry_;
    std::atomic<std::uint64_t> requests_{0};
};

}  // namespace gongkai::api
