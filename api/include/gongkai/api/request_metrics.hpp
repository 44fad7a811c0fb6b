#pragma once

#include <gongkai/core/error.hpp>
#include <gongkai/core/histogram.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gongkai::api {

// Counts and times every answered WebSocket request by operation and result (ok or the
// error code), for GET /metrics. The table of operations is fixed at construction, so
// recording is a map lookup and two relaxed atomic increments, from any thread.
class RequestMetrics {
public:
    // Label of requests refused before an operation was known (bad JSON, unknown op,
    // rate limit).
    static constexpr std::string_view kNoOperation = "(none)";

    explicit RequestMetrics(const std::vector<std::string>& operations);

    // `op` outside the table counts as kNoOperation; `error` empty means ok.
    void record(std::string_view op, std::optional<ErrorCode> error,
                std::chrono::steady_clock::duration elapsed);

    // gongkai_requests_total and gongkai_request_duration_seconds, Prometheus text format.
    void write_prometheus(std::string& out) const;

private:
    static constexpr std::size_t kResults = static_cast<std::size_t>(ErrorCode::internal) + 2;

    struct PerOperation {
        std::array<std::atomic<std::uint64_t>, kResults> results{};
        Histogram seconds{Histogram::latency_bounds()};
    };

    PerOperation& stats_of(std::string_view op);

    std::unordered_map<std::string_view, std::unique_ptr<PerOperation>> by_op_;
    std::vector<std::string> names_;  // owns the keys of by_op_, sorted
};

}  // namespace gongkai::api
