#pragma once

#include "gongkai/notifier/redis_settings.hpp"

#include <gongkai/storage/database.hpp>
#include <gongkai/storage/notification_store.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace gongkai::notifier {

// Carries notifications from the transactional outbox to the recipients' inboxes through a
// Redis Stream, so that Redis is the queue but never the only copy:
//
//   outbox row ─relay─▶ XADD stream ─XREADGROUP─▶ inbox row (idempotent) ─▶ push ─▶ XACK
//
// - The relay thread moves undelivered outbox rows to the stream (at least once; the
//   notification id travels with it) and marks them relayed. After any reconnect, and for
//   rows relayed long ago but still not delivered, it relays again: a Redis that lost its
//   data loses nothing.
// - The consumer thread reads through a consumer group, stores each notification in the
//   inbox keyed by its id (a redelivery never shows twice), hands the new ones to
//   `on_delivered` (push to connected clients), then acknowledges. Entries another consumer
//   read and never acknowledged are claimed (XAUTOCLAIM) and delivered. The stream is
//   trimmed below the oldest unacknowledged entry.
// - Redis away: both threads retry with backoff; the outbox fills and drains later.
class NotificationPipeline {
public:
    using OnDelivered = std::function<void(const storage::Notification&)>;

    struct Stats {
        std::uint64_t relayed = 0;
        std::uint64_t delivered = 0;
        std::uint64_t duplicates = 0;
        std::uint64_t claimed = 0;
        std::uint64_t foreign = 0;  // entries that are not this database's: ignored
    };

    NotificationPipeline(storage::Database& database, RedisSettings settings,
                         OnDelivered on_delivered);
    ~NotificationPipeline();

    void start();
    void stop();
    // New rows are in the outbox: relay them now rather than at the next poll.
    void wake();
    bool redis_up() const { return relay_up_ && consumer_up_; }
    Stats stats() const;

private:
    class Relay;
    class Consumer;

    storage::Database& database_;
    RedisSettings settings_;
    OnDelivered on_delivered_;
    std::atomic<bool> relay_up_{false};
    std::atomic<bool> consumer_up_{false};
    std::unique_ptr<Relay> relay_;
    std::unique_ptr<Consumer> consumer_;
};

}  // namespace gongkai::notifier
