// ReplyCache on its own: answers kept for one epoch, dropped with the next, bounded by bytes.
#include <gongkai/api/reply_cache.hpp>

#include <gtest/gtest.h>

namespace gongkai::api {
namespace {

ReplyCache::Text text(std::string value) {
    return std::make_shared<const std::string>(std::move(value));
}

TEST(ReplyCache, GivesBackWhatWasStoredForTheSameEpochOnly) {
    ReplyCache cache(1 << 20);
    EXPECT_EQ(cache.find("get|1|7|-", 3), nullptr);
    cache.store("get|1|7|-", 3, text(R"({"report":{"id":7}})"));
    auto kept = cache.find("get|1|7|-", 3);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(*kept, R"({"report":{"id":7}})");
    EXPECT_EQ(cache.find("get|2|7|-", 3), nullptr) << "another reader's key";

    EXPECT_EQ(cache.find("get|1|7|-", 4), nullptr) << "a commit since";
    EXPECT_EQ(cache.totals().entries, 0u) << "a newer epoch empties the cache";
    EXPECT_EQ(cache.find("get|1|7|-", 3), nullptr) << "nor does the old epoch come back";

    auto totals = cache.totals();
    EXPECT_EQ(totals.hits, 1u);
    EXPECT_EQ(totals.misses, 4u);
    EXPECT_EQ(totals.bytes, 0u);
}

TEST(ReplyCache, DropsAResultComputedBeforeTheNewestEpochSeen) {
    ReplyCache cache(1 << 20);
    EXPECT_EQ(cache.find("a", 5), nullptr);
    // A reader that read epoch 4 and then computed its answer, finishing after epoch 5 was
    // seen: its snapshot may predate the commit behind 5.
    cache.store("a", 4, text("old"));
    EXPECT_EQ(cache.find("a", 5), nullptr);
    EXPECT_EQ(cache.totals().entries, 0u);

    cache.store("a", 6, text("new"));
    ASSERT_NE(cache.find("a", 6), nullptr);
    EXPECT_EQ(*cache.find("a", 6), "new");
}

TEST(ReplyCache, TheFirstAnswerStoredForAKeyStays) {
    ReplyCache cache(1 << 20);
    cache.store("a", 1, text("first"));
    cache.store("a", 1, text("second"));
    EXPECT_EQ(*cache.find("a", 1), "first");
    EXPECT_EQ(cache.totals().entries, 1u);
}

TEST(ReplyCache, StaysWithinItsBytesDroppingTheLeastRecentlyUsed) {
    const std::string result(1000, 'x');
    // Room for three entries of a 1-byte key and 1,000 bytes, with their bookkeeping.
    ReplyCache cache(3 * 1200);
    cache.store("a", 1, text(result));
    cache.store("b", 1, text(result));
    cache.store("c", 1, text(result));
    EXPECT_EQ(cache.totals().entries, 3u);
    ASSERT_NE(cache.find("a", 1), nullptr);  // a is now the most recently used
    cache.store("d", 1, text(result));
    EXPECT_EQ(cache.totals().entries, 3u);
    EXPECT_LE(cache.totals().bytes, 3u * 1200);
    EXPECT_EQ(cache.find("b", 1), nullptr) << "the least recently used went";
    EXPECT_NE(cache.find("a", 1), nullptr);
    EXPECT_NE(cache.find("c", 1), nullptr);
    EXPECT_NE(cache.find("d", 1), nullptr);

    cache.store("huge", 1, text(std::string(10000, 'y')));
    EXPECT_EQ(cache.find("huge", 1), nullptr) << "larger than the whole cache: not kept";
    EXPECT_EQ(cache.totals().entries, 3u) << "and nothing was evicted for it";
}

TEST(ReplyCache, ZeroBytesKeepsNothing) {
    ReplyCache cache(0);
    EXPECT_FALSE(cache.enabled());
    cache.store("a", 1, text("x"));
    EXPECT_EQ(cache.find("a", 1), nullptr);
    EXPECT_EQ(cache.totals().entries, 0u);
}

}  // namespace
}  // namespace gongkai::api
