#include "gongkai/api/reply_cache.hpp"

namespace gongkai::api {

ReplyCache::Text ReplyCache::find(std::string_view key, std::uint64_t epoch) {
    std::lock_guard lock(mutex_);
    if (epoch > epoch_) move_to(epoch);
    auto found = epoch == epoch_ ? entries_.find(key) : entries_.end();
    if (found == entries_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    recency_.splice(recency_.begin(), recency_, found->second.recency);
    return found->second.result;
}

void ReplyCache::store(std::string key, std::uint64_t epoch, Text result) {
    if (!enabled() || result == nullptr) return;
    std::lock_guard lock(mutex_);
    if (epoch < epoch_) return;  // read before a commit that has been seen since
    if (epoch > epoch_) move_to(epoch);
    const std::size_t incoming = cost(key, result);
    if (incoming > max_bytes_) return;
    if (auto existing = entries_.find(key); existing != entries_.end()) {
        // Two readers computed the same answer at once; the first one stays.
        return;
    }
    evict_until_fits(incoming);
    recency_.push_front(std::move(key));
    entries_.emplace(recency_.front(), Entry{std::move(result), recency_.begin()});
    bytes_ += incoming;
}

ReplyCache::Totals ReplyCache::totals() const {
    std::lock_guard lock(mutex_);
    return {hits_, misses_, entries_.size(), bytes_};
}

void ReplyCache::move_to(std::uint64_t epoch) {
    entries_.clear();
    recency_.clear();
    bytes_ = 0;
    epoch_ = epoch;
}

void ReplyCache::evict_until_fits(std::size_t incoming) {
    while (!recency_.empty() && bytes_ + incoming > max_bytes_) {
        auto oldest = entries_.find(recency_.back());
        bytes_ -= cost(recency_.back(), oldest->second.result);
        entries_.erase(oldest);
        recency_.pop_back();
    }
}

}  // namespace gongkai::api
