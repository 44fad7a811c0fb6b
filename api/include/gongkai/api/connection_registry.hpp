#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gongkai::api {

class WebSocketSession;

// The open WebSocket connections, for broadcast and for graceful shutdown. Holds weak
// references only: a connection lives as long as its own I/O keeps it alive.
class ConnectionRegistry {
public:
    void add(std::uint64_t id, const std::weak_ptr<WebSocketSession>& session);
    void remove(std::uint64_t id);
    std::size_t size() const;
    // Copies the live sessions under the lock and calls `action` after releasing it.
    void for_each(const std::function<void(WebSocketSession&)>& action);

    // Which user is logged in on which connection (0: nobody), for pushing to a user.
    void bind_user(std::uint64_t id, std::int64_t user_id);
    void for_user(std::int64_t user_id, const std::function<void(WebSocketSession&)>& action);
    // The users with at least one connection, and how many connections are logged in.
    std::vector<std::int64_t> connected_users() const;

private:
    void unbind_locked(std::uint64_t id);

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<WebSocketSession>> sessions_;
    std::unordered_map<std::uint64_t, std::int64_t> user_of_;
    std::unordered_map<std::int64_t, std::vector<std::uint64_t>> connections_of_;
};

}  // namespace gongkai::api
