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

// The snapshots report.get last read, or a transition last left, by report. Reading a
// report, or taking its next step, then costs the report row and one index lookup for its
// newest decision instead of three more queries (the current revision, all revisions, all
// decisions). Only committed facts are stored: read transactions', and a transition's once
// its transaction has committed. Bounded by an estimate of the memory held (an annual
// report's content is tens of kilobytes); when full it starts over.
class ReportFactsCache {
public:
    explicit ReportFactsCache(std::size_t max_bytes = 64 * 1024 * 1024) : max_bytes_(max_bytes) {}

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
        const std::size_t size = estimated_size(*snapshot);
        std::lock_guard lock(mutex_);
        if (auto replaced = snapshots_.find(report_id); replaced != snapshots_.end()) {
            bytes_ -= estimated_size(*replaced->second);
            snapshots_.erase(replaced);
        }
        if (bytes_ + size > max_bytes_) {
            snapshots_.clear();
            bytes_ = 0;
        }
        bytes_ += size;
        snapshots_.emplace(report_id, std::move(snapshot));
    }

private:
    static std::size_t estimated_size(const ReportFactsSnapshot& snapshot) {
        return sizeof(snapshot) + snapshot.current.content.size() +
               snapshot.revisions.size() * 256 + snapshot.decisions.size() * 512;
    }

    std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::int64_t, std::shared_ptr<const ReportFactsSnapshot>> snapshots_;
};

}  // namespace gongkai::workflow
