#include "gongkai/api/connection_registry.hpp"

#include "gongkai/api/websocket_session.hpp"

namespace gongkai::api {

void ConnectionRegistry::add(std::uint64_t id, const std::weak_ptr<WebSocketSession>& session) {
    std::lock_guard lock(mutex_);
    sessions_[id] = session;
}

void ConnectionRegistry::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

std::size_t ConnectionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void ConnectionRegistry::for_each(const std::function<void(WebSocketSession&)>& action) {
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
    for (auto& session : live) {
        action(*session);
    }
}

}  // namespace gongkai::api
