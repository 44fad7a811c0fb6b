#include "metrics_page.hpp"

#include <gongkai/notifier/notification_pipeline.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/resource.h>
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

double seconds_of(const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

// User plus system CPU time of the whole process, threads that have ended included.
double process_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
}

// The role a thread plays, from the name it gave itself (core/thread_name.hpp); the main
// thread runs I/O too.
std::string_view thread_role(std::string_view name, bool is_main_thread) {
    if (name.starts_with("gk-io-") || is_main_thread) return "io";
    for (std::string_view role : {"writer", "relay", "consumer", "blocking"}) {
        if (name.starts_with("gk-") && name.substr(3) == role) return role;
    }
    return "other";
}

// CPU seconds of the live threads by role, from /proc/self/task/<tid>/stat (utime and
// stime, in clock ticks). Which thread is busy tells an operator what limits the server:
// the writer near one second per second is the group commit at its ceiling.
std::map<std::string_view, double> thread_cpu_seconds() {
    std::map<std::string_view, double> by_role;
    const std::string main_thread = std::to_string(getpid());
    const auto ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
        std::ifstream file(task.path() / "stat");
        std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        // "tid (name) state ppid ...": the name may hold spaces and parentheses, so fields
        // are counted from the last ')'. utime and stime are fields 14 and 15.
        auto open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close < open) continue;
        std::istringstream fields(stat.substr(close + 1));
        std::array<std::string, 11> skipped;  // state … cmajflt (fields 3 to 13)
        double user = 0, system = 0;
        for (auto& field : skipped) {
            fields >> field;
        }
        if (!(fields >> user >> system)) continue;
        auto name = std::string_view(stat).substr(open + 1, close - open - 1);
        by_role[thread_role(name, task.path().filename() == main_thread)] +=
            (user + system) / ticks_per_second;
    }
    return by_role;
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
    sample(out, "gongkai_tcp_connections_open", "gauge",
           "Open TCP connections, HTTP and WebSocket (what [limits] max_connections bounds).",
           static_cast<double>(sources.tcp_connections));
    sample(out, "gongkai_websocket_queued_bytes", "gauge",
           "Bytes waiting in the send queues of all connections (bounded by "
           "[limits] max_total_queued_bytes).",
           static_cast<double>(sources.queued_bytes));
    sample(out, "gongkai_websocket_cut_off_total", "counter",
           "Connections closed because their client did not read what it was sent.",
           static_cast<double>(sources.cut_off));
    family(out, "gongkai_websocket_frames_sent_total", "counter",
           "Frames written to clients in full: replies to requests, and pushed events (one per "
           "connection told of a change or sent a notification).");
    fmt::format_to(std::back_inserter(out),
                   "gongkai_websocket_frames_sent_total{{kind=\"reply\"}} {}\n"
                   "gongkai_websocket_frames_sent_total{{kind=\"event\"}} {}\n",
                   sources.sent.replies, sources.sent.events);
    sample(out, "gongkai_websocket_sent_bytes_total", "counter",
           "Payload bytes of the frames written to clients.",
           static_cast<double>(sources.sent.bytes));
    family(out, "gongkai_reply_cache_lookups_total", "counter",
           "Reads (report.get, report.list, public pages) answered from the reply cache (hit) "
           "or computed (miss). The cache is emptied by every commit.");
    fmt::format_to(std::back_inserter(out),
                   "gongkai_reply_cache_lookups_total{{result=\"hit\"}} {}\n"
                   "gongkai_reply_cache_lookups_total{{result=\"miss\"}} {}\n",
                   sources.replies.hits, sources.replies.misses);
    sample(out, "gongkai_reply_cache_entries", "gauge", "Results in the reply cache.",
           static_cast<double>(sources.replies.entries));
    sample(out, "gongkai_reply_cache_bytes", "gauge",
           "Memory held by the reply cache (keys, results and bookkeeping).",
           static_cast<double>(sources.replies.bytes));
    if (auto rss = resident_bytes()) {
        sample(out, "process_resident_memory_bytes", "gauge", "Resident memory of the server.",
               *rss);
    }
    sample(out, "process_cpu_seconds_total", "counter", "User and system CPU time of the server.",
           process_cpu_seconds());
    family(out, "gongkai_thread_cpu_seconds_total", "counter",
           "CPU time of the server's live threads by role: io (connections and requests), "
           "writer (group commit), relay and consumer (notifications), blocking (password hashing, "
           "scans, audit verification), other.");
    for (const auto& [role, seconds] : thread_cpu_seconds()) {
        fmt::format_to(std::back_inserter(out),
                       "gongkai_thread_cpu_seconds_total{{thread=\"{}\"}} {}\n", role, seconds);
    }
    return out;
}

}  // namespace gongkai::api
