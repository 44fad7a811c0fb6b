#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai {

// A fixed-bucket histogram that any thread may update without a lock (one relaxed atomic
// increment per observation), read by the /metrics page. Written by hand because it is
// twenty lines and the Prometheus client libraries are not packaged for Debian 12.
class Histogram {
public:
    // `upper_bounds`: ascending bucket bounds; a last +Inf bucket is implied.
    explicit Histogram(std::vector<double> upper_bounds);

    void observe(double value);

    // Appends NAME_bucket{LABELS,le="…"} (cumulative), NAME_sum and NAME_count in the
    // Prometheus text format. `labels` is empty or `key="value",…` without braces.
    void write_prometheus(std::string& out, std::string_view name, std::string_view labels) const;

    std::uint64_t count() const;

    // Bounds used for durations in seconds: 0.25 ms … 10 s.
    static std::vector<double> latency_bounds();

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1
    std::atomic<double> sum_{0.0};
};

// Escapes a Prometheus label value (backslash, double quote, line feed).
std::string prometheus_label(std::string_view value);

}  // namespace gongkai
