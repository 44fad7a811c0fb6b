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

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<WebSocketSession>> sessions_;
};

}  // namespace gongkai::api
