#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gongkai::api {

class WebSocketSession;

// What the connections have written to their clients, for /metrics: replies against pushed
// events shows what a change costs in frames (one per viewer and recipient), the part of the
// I/O threads' time that grows with the audience rather than with the requests.
struct SentTotals {
    std::uint64_t replies = 0;
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;
};

// The open WebSocket connections, for broadcast and for graceful shutdown. Holds weak
// references only: a connection lives as long as its own I/O keeps it alive.
//
// It also keeps the two limits that concern all connections together: how many TCP
// connections are open (HTTP and WebSocket alike: each holds a descriptor), and how many
// bytes wait in all their send queues (clients that do not read must not take the server's
// memory, however many connections they open).
class ConnectionRegistry {
public:
    // A counted connection, given back when the last copy goes; empty when the server
    // already has `max_connections` open.
    using Slot = std::shared_ptr<void>;
    Slot open_slot(std::size_t max_connections);
    std::size_t open_connections() const { return open_.load(std::memory_order_relaxed); }

    // Bytes queued for clients by all connections. reserve_queued() returns false when the
    // total is over `limit` afterwards (the bytes are counted all the same); the caller then
    // asks cut_largest_backlog() to close the connection with the most waiting, the slowest
    // reader, rather than the one that happened to queue last.
    bool reserve_queued(std::size_t bytes, std::size_t limit);
    void release_queued(std::size_t bytes);
    std::size_t queued_bytes() const { return queued_.load(std::memory_order_relaxed); }
    void cut_largest_backlog();
    // A connection was closed for not reading what it was sent.
    void count_cut_off() { cut_off_.fetch_add(1, std::memory_order_relaxed); }
    std::uint64_t cut_off() const { return cut_off_.load(std::memory_order_relaxed); }

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

    // A frame written to a client in full; `event`: pushed, not a reply. Thread-safe.
    void count_sent(bool event, std::size_t bytes);
    SentTotals sent() const;

private:
    void unbind_locked(std::uint64_t id);
    void for_each_live(const std::function<void(const std::shared_ptr<WebSocketSession>&)>& action);

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<WebSocketSession>> sessions_;
    std::unordered_map<std::uint64_t, std::int64_t> user_of_;
    std::unordered_map<std::int64_t, std::vector<std::uint64_t>> connections_of_;
    std::atomic<std::size_t> open_{0};
    std::atomic<std::size_t> queued_{0};
    std::atomic<std::uint64_t> cut_off_{0};
    std::atomic<std::uint64_t> replies_sent_{0};
    std::atomic<std::uint64_t> events_sent_{0};
    std::atomic<std::uint64_t> bytes_sent_{0};
};

}  // namespace gongkai::api
