#pragma once

#include <gongkai/storage/records.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gongkai::workflow {

// A report's revisions and decisions as of one revision count and one newest decision.
// Both tables are append-only, so those two numbers name the whole list: a snapshot whose
// numbers match the report row read in the same transaction is exactly what the database
// would return.
struct ReportFactsSnapshot {
    std::int64_t revision_count = 0;  // reports.revision
    std::int64_t last_decision_id = 0;
    storage::RevisionRecord current;  // revision `revision_count`, with its content
    std::vector<storage::RevisionRecord> revisions;
    std::vector<storage::DecisionRecord> decisions;
};

// The snapshots report.get last read, by report. Reading a report then costs the report row
// and one index lookup for its newest decision instead of three more queries (the current
// revision, all revisions, all decisions). Only read transactions store snapshots: what
// they read is committed. Bounded; when full it starts over.
class ReportFactsCache {
public:
    explicit ReportFactsCache(std::size_t max_reports = 4096) : max_reports_(max_reports) {}

    std::shared_ptr<const ReportFactsSnapshot> find(std::int64_t report_id,
                                                    std::int64_t revision_count,
                                                    std::int64_t last_decision_id) const {
        std::lock_guard lock(mutex_);
        auto found = snapshots_.find(report_id);
        if (found == snapshots_.end() || found->second->revision_count != revision_count ||
            found->second->last_decision_id != last_decision_id) {
            return nullptr;
        }
        return found->second;
    }

    void store(std::int64_t report_id, std::shared_ptr<const ReportFactsSnapshot> snapshot) {
        std::lock_guard lock(mutex_);
        if (snapshots_.size() >= max_reports_ && !snapshots_.contains(report_id)) {
            snapshots_.clear();
        }
        snapshots_[report_id] = std::move(snapshot);
    }

private:
    std::size_t max_reports_;
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const ReportFactsSnapshot>> snapshots_;
};

}  // namespace gongkai::workflow
