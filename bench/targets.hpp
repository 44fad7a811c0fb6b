#pragma once

// Issue 6's targets, checked against the results of one gongkai-bench run, so that every
// run says for itself which targets it met (docs/benchmarks.md). A target whose workloads
// did not run is not checked.
//
// One verdict is more than met/missed: `unreachable`, when the same run shows that no
// server could meet the target on this machine. `lifecycle` must reach 4x `fsync-baseline`;
// each of its steps is a request and a reply like `ping`'s plus a durable write and pushes,
// so it cannot outrun `ping`, the cheapest round trip of the same server. When 4x the
// disk's rate is more than `ping` reached, the target asks for more than the ceiling.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gongkai::bench {

enum class Verdict { met, missed, unreachable };

struct TargetCheck {
    std::string target;    // "lifecycle >= 15000 transitions/s"
    std::string measured;  // "4960/s"
    Verdict verdict = Verdict::missed;
    std::string why;  // what the run shows beyond the figure (the ceiling), may be empty
};

// `workloads` is the "workloads" object of the JSON result; `cores` the machine's.
std::vector<TargetCheck> check_targets(const boost::json::object& workloads, unsigned cores);

std::string_view to_string(Verdict verdict);

// `met` when the condition holds, otherwise `missed`.
inline Verdict met_if(bool met) {
    return met ? Verdict::met : Verdict::missed;
}

// The lines gongkai-bench prints after the workloads' summaries.
std::string format_checks(const std::vector<TargetCheck>& checks);

boost::json::array to_json(const std::vector<TargetCheck>& checks);

}  // namespace gongkai::bench
