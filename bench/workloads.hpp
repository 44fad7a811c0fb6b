#pragma once

#include "bench_client.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace gongkai::bench {

struct Options {
    Target target;
    std::string password;
    double seconds = 10;
    int connections = 64;
    std::string db_dir = ".";
    int transitions = 1000;        // notify: how many transitions to measure
    int idle_connections = 10000;  // idle
    int threads = 1;
    // lifecycle: worker i acts as bench-00i.drafter/reviewer/leader on its own office
    // bench-00i (gongkai seed-demo --bench-workers N) instead of all sharing the demo users.
    bool per_worker_users = false;
};

// Latencies in milliseconds, and what they summarise to.
class Latencies {
public:
    void add(double ms) { values_.push_back(ms); }
    std::size_t size() const { return values_.size(); }
    double percentile(double p);
    double max();
    void merge(const Latencies& other) {
        values_.insert(values_.end(), other.values_.begin(), other.values_.end());
    }

private:
    std::vector<double> values_;
};

struct Result {
    std::string name;
    std::uint64_t ops = 0;
    std::uint64_t errors = 0;
    double seconds = 0;
    Latencies latencies;
    boost::json::object extra;  // workload-specific figures

    double ops_per_s() const { return seconds > 0 ? ops / seconds : 0; }
    boost::json::object to_json();
    std::string summary();
};

Result run_lifecycle(const Options& options);
Result run_read(const Options& options);
Result run_ping(const Options& options);
Result run_notify(const Options& options);
Result run_fsync_baseline(const Options& options);
Result run_idle(const Options& options);
Result run_login_flood(const Options& options);

}  // namespace gongkai::bench
