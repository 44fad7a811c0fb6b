#include "gongkai/storage/write_queue.hpp"

#include "connection.hpp"
#include "write_transaction.hpp"

#include <gongkai/core/thread_name.hpp>

#include <chrono>
#include <vector>

namespace gongkai::storage {

WriteQueue::WriteQueue(std::unique_ptr<Connection> connection, std::size_t max_batch)
    : connection_(std::move(connection)), max_batch_(std::max<std::size_t>(1, max_batch)) {
    thread_ = std::thread([this] {
        name_this_thread("gk-writer");
        run();
    });
}

WriteQueue::~WriteQueue() { stop(); }

void WriteQueue::submit(Job job, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            pending_.push_back({std::move(job), std::move(done), nullptr});
            wake_.notify_one();
            return;
        }
    }
    done(std::make_exception_ptr(StorageError("the database writer has stopped")));
}

void WriteQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_one();
    }
    if (thread_.joinable()) {
        thread_.join();
    }
}

WriteQueue::Stats WriteQueue::stats() const {
    return {batches_.load(), jobs_.load(), failed_commits_.load()};
}

std::size_t WriteQueue::depth() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
}

void WriteQueue::run() {
    std::deque<Pending> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
            if (pending_.empty()) {
                return;  // stopping, and everything submitted has been committed
            }
            // Everything that queued up while the previous commit was syncing goes into
            // this one: the busier the server, the bigger the batches.
            while (!pending_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(pending_.front()));
                pending_.pop_front();
            }
        }
        commit_batch(batch);
        batch.clear();
    }
}

void WriteQueue::commit_batch(std::deque<Pending>& batch) {
    std::vector<WriteSlot> slots;
    slots.reserve(batch.size());
    for (auto& pending : batch) {
        slots.push_back({&pending.job, nullptr});
    }
    std::exception_ptr batch_error;
    const auto started = std::chrono::steady_clock::now();
    try {
        run_write_transaction(*connection_, slots);
    } catch (...) {
        batch_error = std::current_exception();
        ++failed_commits_;
    }
    commit_seconds_.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    batch_sizes_.observe(static_cast<double>(batch.size()));
    ++batches_;
    jobs_ += batch.size();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(batch_error ? batch_error : slots[i].error);
    }
}

}  // namespace gongkai::storage
