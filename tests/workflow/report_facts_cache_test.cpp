// ReportFactsCache (workflow/src/report_facts_cache.hpp): a snapshot is handed out only for
// the exact revision count and newest decision it was read at, and memory stays bounded.
#include "../../workflow/src/report_facts_cache.hpp"

#include <gtest/gtest.h>

namespace gongkai::workflow {
namespace {

std::shared_ptr<const ReportFactsSnapshot> snapshot(std::int64_t revisions,
                                                    std::int64_t last_decision,
                                                    std::size_t content_bytes = 10) {
    auto out = std::make_shared<ReportFactsSnapshot>();
    out->revision_count = revisions;
    out->last_decision_id = last_decision;
    out->current.content = std::string(content_bytes, 'x');
    out->revisions.resize(static_cast<std::size_t>(revisions));
    return out;
}

TEST(ReportFactsCache, HandsOutASnapshotOnlyForTheNumbersItWasReadAt) {
    ReportFactsCache cache;
    EXPECT_EQ(cache.find(7, 1, 0), nullptr);
    auto first = snapshot(1, 0);
    cache.store(7, first);
    EXPECT_EQ(cache.find(7, 1, 0), first);
    EXPECT_EQ(cache.find(7, 1, 12), nullptr);  // a decision since
    EXPECT_EQ(cache.find(7, 2, 0), nullptr);   // a revision since
    EXPECT_EQ(cache.find(8, 1, 0), nullptr);   // another report
    auto second = snapshot(2, 12);
    cache.store(7, second);
    EXPECT_EQ(cache.find(7, 2, 12), second);
    EXPECT_EQ(cache.find(7, 1, 0), nullptr);
}

TEST(ReportFactsCache, StartsOverInsteadOfGrowingPastItsBudget) {
    ReportFactsCache cache(100'000);
    for (std::int64_t id = 1; id <= 50; ++id) {
        cache.store(id, snapshot(1, 0, 10'000));
    }
    // 50 × 10 KB do not fit in 100 KB: the oldest are gone, the newest is there.
    EXPECT_EQ(cache.find(1, 1, 0), nullptr);
    EXPECT_NE(cache.find(50, 1, 0), nullptr);
    // Storing the same report again replaces it rather than counting it twice.
    ReportFactsCache small(30'000);
    for (int i = 0; i < 10; ++i) {
        small.store(1, snapshot(1, i, 10'000));
        small.store(2, snapshot(1, 0, 10'000));
    }
    EXPECT_NE(small.find(1, 1, 9), nullptr);
    EXPECT_NE(small.find(2, 1, 0), nullptr);
}

}  // namespace
}  // namespace gongkai::workflow
