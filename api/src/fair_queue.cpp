#include "fair_queue.hpp"

namespace gongkai::api {

bool FairQueue::push(const std::string& key, Job job) {
    std::lock_guard lock(mutex_);
    if (pending_ >= max_total_) return false;
    auto& queue = keys_[key];
    if (queue.pending >= max_per_key_) {
        if (queue.pending == 0) keys_.erase(key);
        return false;
    }
    if (queue.waiting.empty()) turns_.push_back(key);
    queue.waiting.push_back(std::move(job));
    ++queue.pending;
    ++pending_;
    return true;
}

std::optional<FairQueue::Taken> FairQueue::pop() {
    std::lock_guard lock(mutex_);
    if (turns_.empty()) return std::nullopt;
    std::string key = std::move(turns_.front());
    turns_.pop_front();
    auto& queue = keys_.at(key);
    Taken taken{key, std::move(queue.waiting.front())};
    queue.waiting.pop_front();
    if (!queue.waiting.empty()) turns_.push_back(key);  // its next job waits for the others
    return taken;
}

void FairQueue::finished(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(key);
    if (it == keys_.end()) return;
    --pending_;
    if (--it->second.pending == 0) keys_.erase(it);
}

}  // namespace gongkai::api
