#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace gongkai::api {

// Jobs queued per key (a client's address), taken from the keys in turn: a key with a
// thousand jobs waiting delays another key's job by at most one of its own. Bounded per key
// and in total, counting jobs from push() until finished(), running ones included.
class FairQueue {
public:
    using Job = std::function<void()>;

    FairQueue(std::size_t max_per_key, std::size_t max_total)
        : max_per_key_(max_per_key), max_total_(max_total) {}

    // False (and the job is not kept) when the key or the queue is full.
    bool push(const std::string& key, Job job);

    struct Taken {
        std::string key;
        Job job;
    };
    // The next key's oldest job; nothing when no job waits.
    std::optional<Taken> pop();
    // A job of `key` taken by pop() has finished.
    void finished(const std::string& key);

private:
    struct KeyQueue {
        std::deque<Job> waiting;
        std::size_t pending = 0;  // waiting and running
    };
    std::mutex mutex_;
    std::size_t max_per_key_;
    std::size_t max_total_;
    std::size_t pending_ = 0;
    std::unordered_map<std::string, KeyQueue> keys_;
    std::deque<std::string> turns_;  // keys with a job waiting, in the order they are served
};

}  // namespace gongkai::api
