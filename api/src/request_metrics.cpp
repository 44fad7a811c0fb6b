#include "gongkai/api/request_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gongkai::api {

namespace {

std::string_view result_name(std::size_t index) {
    return index == 0 ? std::string_view("ok") : to_string(static_cast<ErrorCode>(index - 1));
}

}  // namespace

RequestMetrics::RequestMetrics(const std::vector<std::string>& operations) : names_(operations) {
    names_.emplace_back(kNoOperation);
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
    for (const auto& name : names_) {
        by_op_.emplace(name, std::make_unique<PerOperation>());
    }
}

RequestMetrics::PerOperation& RequestMetrics::stats_of(std::string_view op) {
    auto found = by_op_.find(op);
    return found != by_op_.end() ? *found->second : *by_op_.at(kNoOperation);
}

void RequestMetrics::record(std::string_view op, std::optional<ErrorCode> error,
                            std::chrono::steady_clock::duration elapsed) {
    auto& stats = stats_of(op);
    std::size_t result = error ? static_cast<std::size_t>(*error) + 1 : 0;
    stats.results[result].fetch_add(1, std::memory_order_relaxed);
    stats.seconds.observe(std::chrono::duration<double>(elapsed).count());
}

void RequestMetrics::write_prometheus(std::string& out) const {
    out +=
        "# HELP gongkai_requests_total WebSocket requests answered, by operation and result.\n"
        "# TYPE gongkai_requests_total counter\n";
    for (const auto& name : names_) {
        const auto& stats = *by_op_.at(name);
        for (std::size_t result = 0; result < kResults; ++result) {
            auto count = stats.results[result].load(std::memory_order_relaxed);
            if (count == 0) continue;
            fmt::format_to(std::back_inserter(out),
                           "gongkai_requests_total{{op=\"{}\",result=\"{}\"}} {}\n",
                           prometheus_label(name), result_name(result), count);
        }
    }
    out +=
        "# HELP gongkai_request_duration_seconds Time from a request's arrival to its "
        "answer, by operation.\n"
        "# TYPE gongkai_request_duration_seconds histogram\n";
    for (const auto& name : names_) {
        const auto& stats = *by_op_.at(name);
        if (stats.seconds.count() == 0) continue;
        stats.seconds.write_prometheus(out, "gongkai_request_duration_seconds",
                                       fmt::format("op=\"{}\"", prometheus_label(name)));
    }
}

}  // namespace gongkai::api
