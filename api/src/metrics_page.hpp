#pragma once

#include "gongkai/api/connection_registry.hpp"
#include "gongkai/api/reply_cache.hpp"
#include "gongkai/api/request_metrics.hpp"

#include <gongkai/storage/database.hpp>

#include <string>

namespace gongkai::notifier {
class NotificationPipeline;
}

namespace gongkai::api {

// What GET /metrics reports on.
struct MetricsSources {
    const RequestMetrics& requests;
    storage::Database& database;
    const notifier::NotificationPipeline* pipeline;  // null: Redis not configured
    std::size_t open_connections = 0;
    SentTotals sent;
    ReplyCache::Totals replies;
    std::size_t tcp_connections = 0;  // HTTP and WebSocket: what counts against the limit
    std::size_t queued_bytes = 0;     // waiting in all connections' send queues
    std::uint64_t cut_off = 0;        // connections closed for not reading their replies
};

// The page in the Prometheus text exposition format (version 0.0.4). Reads two counters
// from the database (outbox depth, audit head), so a scrape costs two indexed queries.
std::string render_metrics(const MetricsSources& sources);

}  // namespace gongkai::api
