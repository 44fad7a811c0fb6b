#include "targets.hpp"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include <optional>

namespace gongkai::bench {

namespace {

// Issue 6 (and issue 3 for `notify`).
constexpr double kLifecyclePerSecond = 15000;
constexpr double kLifecycleOverFsync = 4;
constexpr double kLifecycleP99Ms = 20;
constexpr double kPushP99Ms = 100;
constexpr double kReadOverPing = 0.6;
constexpr double kIdleKiB = 32;
constexpr double kNotifyAckToPushP99Ms = 50;

std::optional<double> figure(const boost::json::object& workloads, std::string_view workload,
                             std::string_view key) {
    const auto* result = workloads.if_contains(workload);
    if (!result || !result->is_object()) return std::nullopt;
    const auto* value = result->as_object().if_contains(key);
    if (!value || !value->is_number()) return std::nullopt;
    return value->to_number<double>();
}

std::string rate(double per_second) {
    return fmt::format("{:.0f}/s", per_second);
}

class Checker {
public:
    Checker(const boost::json::object& workloads, unsigned cores)
        : workloads_(workloads), cores_(cores) {}

    std::vector<TargetCheck> run() {
        lifecycle_throughput();
        lifecycle_over_fsync();
        lifecycle_latency_and_errors();
        lifecycle_notifications();
        read_over_ping();
        idle_memory();
        notify_latency();
        return std::move(checks_);
    }

private:
    std::optional<double> get(std::string_view workload, std::string_view key) const {
        return figure(workloads_, workload, key);
    }

    void add(std::string target, std::string measured, Verdict verdict, std::string why = {}) {
        checks_.push_back({std::move(target), std::move(measured), verdict, std::move(why)});
    }

    // A step of `lifecycle` is a round trip like `ping`'s and more, so `ping`'s rate in the
    // same run is a ceiling no lifecycle rate can pass.
    bool above_ping(double needed) const {
        auto ping = get("ping", "ops_per_s");
        return ping && needed > *ping;
    }

    void lifecycle_throughput() {
        auto rate_now = get("lifecycle", "ops_per_s");
        if (!rate_now) return;
        std::string why;
        auto server = get("lifecycle", "server_cpu_us_per_op");
        auto client = get("lifecycle", "client_cpu_us_per_op");
        if (server && client && *server + *client > 0 && cores_ > 0) {
            // The machine's cores divided by what one transition costs them.
            const double ceiling = cores_ * 1e6 / (*server + *client);
            why = fmt::format(
                "a transition costs {:.0f} us of CPU (server {:.0f}, load generator {:.0f}); "
                "{} cores allow this build at most {}",
                *server + *client, *server, *client, cores_, rate(ceiling));
        }
        const bool met = *rate_now >= kLifecyclePerSecond;
        add("lifecycle >= 15000 transitions/s", rate(*rate_now),
            met ? Verdict::met
                : (above_ping(kLifecyclePerSecond) ? Verdict::unreachable : Verdict::missed),
            std::move(why));
    }

    void lifecycle_over_fsync() {
        auto lifecycle = get("lifecycle", "ops_per_s");
        auto fsync = get("fsync-baseline", "ops_per_s");
        if (!lifecycle || !fsync || *fsync <= 0) return;
        const double needed = kLifecycleOverFsync * *fsync;
        const auto measured = fmt::format("{:.2f}x of {} (4x is {})", *lifecycle / *fsync,
                                          rate(*fsync), rate(needed));
        constexpr const char* kTarget = "lifecycle >= 4x fsync-baseline";
        const auto ping = get("ping", "ops_per_s");
        if (*lifecycle >= needed) {
            add(kTarget, measured, Verdict::met);
        } else if (above_ping(needed)) {
            add(kTarget, measured, Verdict::unreachable,
                fmt::format("4x this disk's rate is more than ping's {}, the cheapest round "
                            "trip of the same server; every lifecycle step is one round trip "
                            "and more",
                            rate(*ping)));
        } else {
            add(kTarget, measured, Verdict::missed,
                ping ? fmt::format("4x this disk's rate is {:.2f}x ping's {}, the cheapest round "
                                   "trip of the same server{}",
                                   needed / *ping, rate(*ping), frames_estimate())
                     : std::string());
        }
    }

    // An estimate, not a bound (so it never decides a verdict): a step's frames (request,
    // reply, pushed events) each at half the machine CPU of a `ping` round trip, which is
    // two frames, with the database free.
    std::string frames_estimate() const {
        auto ping_server = get("ping", "server_cpu_us_per_op");
        auto ping_client = get("ping", "client_cpu_us_per_op");
        auto replies = get("lifecycle", "server_reply_frames_per_op");
        auto events = get("lifecycle", "server_event_frames_per_op");
        if (!ping_server || !ping_client || !replies || !events || cores_ == 0) return {};
        const double per_frame = (*ping_server + *ping_client) / 2;
        const double frames = 1 + *replies + *events;
        if (per_frame <= 0) return {};
        return fmt::format(
            "; a step's {:.1f} frames at {:.1f} us each (half a ping) would allow about {} "
            "with the database free",
            frames, per_frame, rate(cores_ * 1e6 / (per_frame * frames)));
    }

    void lifecycle_latency_and_errors() {
        if (auto p99 = get("lifecycle", "p99_ms")) {
            add("lifecycle p99 <= 20 ms", fmt::format("{:.1f} ms", *p99),
                met_if(*p99 <= kLifecycleP99Ms));
        }
        if (auto errors = get("lifecycle", "errors")) {
            add("lifecycle errors = 0", fmt::format("{:.0f}", *errors), met_if(*errors == 0));
        }
    }

    void lifecycle_notifications() {
        if (auto push = get("lifecycle", "push_p99_ms")) {
            add("lifecycle commit -> push p99 < 100 ms", fmt::format("{:.1f} ms", *push),
                met_if(*push < kPushP99Ms));
        }
        auto after = get("lifecycle", "outbox_pending_after_1s");
        if (after) {
            auto most = get("lifecycle", "outbox_pending_max");
            add("lifecycle outbox bounded, empty 1 s after",
                fmt::format("at most {:.0f}, {:.0f} after 1 s", most.value_or(0), *after),
                met_if(*after == 0));
        }
    }

    void read_over_ping() {
        auto read = get("read", "ops_per_s");
        auto ping = get("ping", "ops_per_s");
        if (!read || !ping || *ping <= 0) return;
        add("read >= 0.6x ping",
            fmt::format("{:.2f}x ({} / {})", *read / *ping, rate(*read), rate(*ping)),
            met_if(*read >= kReadOverPing * *ping));
    }

    void idle_memory() {
        auto kib = get("idle", "server_kib_per_connection");
        if (!kib) return;
        auto connections = get("idle", "connections");
        add("idle <= 32 KiB per connection",
            fmt::format("{:.2f} KiB over {:.0f} connections", *kib, connections.value_or(0)),
            met_if(*kib <= kIdleKiB && connections.value_or(0) > 0));
    }

    void notify_latency() {
        auto p99 = get("notify", "ack_to_push_p99_ms");
        if (!p99) return;
        add("notify ack -> push p99 < 50 ms (issue 3)", fmt::format("{:.1f} ms", *p99),
            met_if(*p99 < kNotifyAckToPushP99Ms));
    }

    const boost::json::object& workloads_;
    unsigned cores_;
    std::vector<TargetCheck> checks_;
};

}  // namespace

std::vector<TargetCheck> check_targets(const boost::json::object& workloads, unsigned cores) {
    return Checker(workloads, cores).run();
}

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::met:
            return "met";
        case Verdict::missed:
            return "missed";
        case Verdict::unreachable:
            return "unreachable";
    }
    return "?";
}

std::string format_checks(const std::vector<TargetCheck>& checks) {
    if (checks.empty()) return {};
    std::string out = "targets (docs/benchmarks.md):\n";
    for (const auto& check : checks) {
        out += fmt::format("  {:<44} {:<36} {}\n", check.target, check.measured,
                           to_string(check.verdict));
        if (!check.why.empty()) out += fmt::format("    {}\n", check.why);
    }
    return out;
}

boost::json::array to_json(const std::vector<TargetCheck>& checks) {
    boost::json::array out;
    for (const auto& check : checks) {
        boost::json::object entry{{"target", check.target},
                                  {"measured", check.measured},
                                  {"verdict", to_string(check.verdict)}};
        if (!check.why.empty()) entry["why"] = check.why;
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace gongkai::bench
