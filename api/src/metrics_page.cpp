#include "metrics_page.hpp"

#include <gongkai/notifier/notification_pipeline.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <fmt/format.h>

#include <fstream>
#include <unistd.h>

namespace gongkai::api {

namespace {

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void sample(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            double value) {
    family(out, name, type, help);
    fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
}

// Resident set size from /proc/self/statm (pages), for the memory cost of connections.
std::optional<double> resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long long size = 0, resident = 0;
    if (!(statm >> size >> resident)) return std::nullopt;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace

std::string render_metrics(const MetricsSources& sources) {
    std::string out;
    out.reserve(64 * 1024);
    sources.requests.write_prometheus(out);

    const auto& writer = sources.database.writer();
    family(out, "gongkai_group_commit_batch_size", "histogram",
           "Write requests committed together in one transaction (group commit).");
    writer.batch_sizes().write_prometheus(out, "gongkai_group_commit_batch_size", "");
    family(out, "gongkai_group_commit_duration_seconds", "histogram",
           "Time of one group-commit transaction, BEGIN to durable COMMIT.");
    writer.commit_seconds().write_prometheus(out, "gongkai_group_commit_duration_seconds", "");
    auto stats = writer.stats();
    sample(out, "gongkai_group_commits_failed_total", "counter",
           "Group-commit transactions that failed as a whole.",
           static_cast<double>(stats.failed_commits));
    sample(out, "gongkai_write_queue_depth", "gauge", "Write requests waiting for the writer.",
           static_cast<double>(writer.depth()));

    std::int64_t outbox = 0, audit_entries = 0;
    bool database_ok = true;
    try {
        sources.database.read([&](storage::Stores& stores) {
            outbox = stores.notifications.undelivered_count();
            audit_entries = stores.audit.recorded_head().first;
        });
    } catch (const std::exception&) {
        database_ok = false;
    }
    sample(out, "gongkai_database_up", "gauge", "1 when the database answers.", database_ok);
    if (database_ok) {
        sample(out, "gongkai_outbox_pending", "gauge",
               "Notifications written but not yet in their recipient's inbox.",
               static_cast<double>(outbox));
        sample(out, "gongkai_audit_entries", "gauge", "Entries in the audit log.",
               static_cast<double>(audit_entries));
    }

    sample(out, "gongkai_redis_configured", "gauge", "1 when notifications go through Redis.",
           sources.pipeline != nullptr);
    if (sources.pipeline != nullptr) {
        sample(out, "gongkai_redis_up", "gauge",
               "1 when the relay and the consumer both reach Redis.", sources.pipeline->redis_up());
        auto pipeline = sources.pipeline->stats();
        sample(out, "gongkai_notifications_relayed_total", "counter",
               "Outbox rows added to the Redis stream.", static_cast<double>(pipeline.relayed));
        sample(out, "gongkai_notifications_delivered_total", "counter",
               "Notifications stored in an inbox and pushed.",
               static_cast<double>(pipeline.delivered));
        sample(out, "gongkai_notifications_claimed_total", "counter",
               "Stream entries taken over from a consumer that did not acknowledge them.",
               static_cast<double>(pipeline.claimed));
        sample(out, "gongkai_notifications_foreign_total", "counter",
               "Stream entries ignored because they are not this database's notifications "
               "(a stream kept while the database was replaced, or shared).",
               static_cast<double>(pipeline.foreign));
    }
    sample(out, "gongkai_connections_open", "gauge", "Open WebSocket connections.",
           static_cast<double>(sources.open_connections));
    if (auto rss = resident_bytes()) {
        sample(out, "process_resident_memory_bytes", "gauge", "Resident memory of the server.",
               *rss);
    }
    return out;
}

}  // namespace gongkai::api
