#include "gongkai/api/connection_registry.hpp"

#include "gongkai/api/websocket_session.hpp"

namespace gongkai::api {

ConnectionRegistry::Slot ConnectionRegistry::open_slot(std::size_t max_connections) {
    auto open = open_.load(std::memory_order_relaxed);
    do {
        if (open >= max_connections) return nullptr;
    } while (!open_.compare_exchange_weak(open, open + 1, std::memory_order_relaxed));
    return Slot(this, [](void* self) {
        static_cast<ConnectionRegistry*>(self)->open_.fetch_sub(1, std::memory_order_relaxed);
    });
}

bool ConnectionRegistry::reserve_queued(std::size_t bytes, std::size_t limit) {
    return queued_.fetch_add(bytes, std::memory_order_relaxed) + bytes <= limit;
}

void ConnectionRegistry::release_queued(std::size_t bytes) {
    queued_.fetch_sub(bytes, std::memory_order_relaxed);
}

void ConnectionRegistry::cut_largest_backlog() {
    std::shared_ptr<WebSocketSession> largest;
    std::size_t most = 0;
    for_each_live([&](const std::shared_ptr<WebSocketSession>& session) {
        if (auto queued = session->queued_bytes(); queued > most) {
            most = queued;
            largest = session;
        }
    });
    if (largest) largest->cut_off();
}

void ConnectionRegistry::add(std::uint64_t id, const std::weak_ptr<WebSocketSession>& session) {
    std::lock_guard lock(mutex_);
    sessions_[id] = session;
}

void ConnectionRegistry::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
    unbind_locked(id);
}

void ConnectionRegistry::unbind_locked(std::uint64_t id) {
    auto it = user_of_.find(id);
    if (it == user_of_.end()) return;
    auto& list = connections_of_[it->second];
    std::erase(list, id);
    if (list.empty()) connections_of_.erase(it->second);
    user_of_.erase(it);
}

void ConnectionRegistry::bind_user(std::uint64_t id, std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    unbind_locked(id);
    if (user_id != 0 && sessions_.contains(id)) {
        user_of_[id] = user_id;
        connections_of_[user_id].push_back(id);
    }
}

void ConnectionRegistry::for_user(std::int64_t user_id,
                                  const std::function<void(WebSocketSession&)>& action) {
    std::vector<std::shared_ptr<WebSocketSession>> live;
    {
        std::lock_guard lock(mutex_);
        auto it = connections_of_.find(user_id);
        if (it == connections_of_.end()) return;
        for (auto id : it->second) {
            if (auto found = sessions_.find(id); found != sessions_.end()) {
                if (auto session = found->second.lock()) live.push_back(std::move(session));
            }
        }
    }
    for (auto& session : live) {
        action(*session);
    }
}

std::vector<std::int64_t> ConnectionRegistry::connected_users() const {
    std::lock_guard lock(mutex_);
    std::vector<std::int64_t> users;
    users.reserve(connections_of_.size());
    for (const auto& [user, connections] : connections_of_)
        users.push_back(user);
    return users;
}

std::size_t ConnectionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void ConnectionRegistry::for_each(const std::function<void(WebSocketSession&)>& action) {
    for_each_live([&](const std::shared_ptr<WebSocketSession>& session) { action(*session); });
}

void ConnectionRegistry::for_each_live(
    const std::function<void(const std::shared_ptr<WebSocketSession>&)>& action) {
    std::vector<std::shared_ptr<WebSocketSession>> live;
    {
        std::lock_guard lock(mutex_);
        live.reserve(sessions_.size());
        for (auto& [id, weak] : sessions_) {
            if (auto session = weak.lock()) {
                live.push_back(std::move(session));
            }
        }
    }
    for (const auto& session : live) {
        action(session);
    }
}

void ConnectionRegistry::count_sent(bool event, std::size_t bytes) {
    (event ? events_sent_ : replies_sent_).fetch_add(1, std::memory_order_relaxed);
    bytes_sent_.fetch_add(bytes, std::memory_order_relaxed);
}

SentTotals ConnectionRegistry::sent() const {
    return {replies_sent_.load(std::memory_order_relaxed),
            events_sent_.load(std::memory_order_relaxed),
            bytes_sent_.load(std::memory_order_relaxed)};
}

}  // namespace gongkai::api
