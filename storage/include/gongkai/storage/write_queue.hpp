#pragma once

#include "gongkai/storage/database.hpp"

#include <gongkai/core/histogram.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace gongkai::storage {

class Connection;

// Group commit. Requests hand in jobs; one thread takes every job that is waiting (up to
// max_batch), runs each inside its own savepoint of one transaction, commits once, and
// only then reports each job's outcome. A job that throws rolls back to its savepoint and
// fails alone; a commit that fails fails the whole batch. So every acknowledged change is
// durable, and concurrent requests share one fsync.
class WriteQueue {
public:
    using Job = std::function<void(Stores&)>;
    // Called on the writer thread after the commit (nullptr) or the failure; must not block.
    using Done = std::function<void(std::exception_ptr)>;

    struct Stats {
        std::uint64_t batches = 0;
        std::uint64_t jobs = 0;
        std::uint64_t failed_commits = 0;
    };

    WriteQueue(std::unique_ptr<Connection> connection, std::size_t max_batch);
    ~WriteQueue();

    // Thread-safe. After stop() the job fails at once with StorageError.
    void submit(Job job, Done done);
    // Finishes every submitted job, then ends the thread.
    void stop();
    Stats stats() const;
    std::size_t depth() const;
    // Jobs per committed transaction, and the time from BEGIN to the end of COMMIT (the
    // fsync included), for /metrics.
    const Histogram& batch_sizes() const { return batch_sizes_; }
    const Histogram& commit_seconds() const { return commit_seconds_; }

private:
    struct Pending {
        Job job;
        Done done;
        std::exception_ptr error;
    };

    void run();
    void commit_batch(std::deque<Pending>& batch);

    std::unique_ptr<Connection> connection_;
    std::size_t max_batch_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> pending_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> jobs_{0};
    std::atomic<std::uint64_t> failed_commits_{0};
    Histogram batch_sizes_{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}};
    Histogram commit_seconds_{Histogram::latency_bounds()};
    std::thread thread_;
};

}  // namespace gongkai::storage
