#pragma once

#include <gongkai/storage/database.hpp>

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gongkai::api {

// Results of reads (report.get, report.list, the public pages), kept serialised for as
// long as nothing has been committed to the database. A read of a report costs the server
// far more than its answer costs to send (a snapshot, the rows, parsing and re-serialising
// the content), and most reads repeat: the same reports and list pages, opened by the same
// people between two changes. The key holds everything the answer depends on, the reader
// included (what may be done with a report, and what is visible, differs from person to
// person).
//
// Coherence comes from storage::Database::change_epoch(): every entry carries the epoch
// read before the snapshot it was computed from, and an entry is only given out for that
// same epoch. Any commit, by this server or another process (an administrator's
// `gongkai role grant`), moves the epoch on, and the whole cache with it. Entries are not
// tracked per report because a change rarely affects one key alone: a transition changes
// the report, every list page it appears on, and what other people may do with it.
//
// Bounded by bytes (keys and results); beyond the bound the least recently used entries go.
// Thread-safe: the I/O threads share one cache behind one mutex (held for a lookup or an
// insertion only, never while a result is computed or sent).
class ReplyCache {
public:
    using Text = std::shared_ptr<const std::string>;

    // max_bytes 0 keeps nothing.
    explicit ReplyCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    bool enabled() const { return max_bytes_ > 0; }

    // The result kept under `key` for `epoch`, or null. Counts a hit or a miss.
    Text find(std::string_view key, std::uint64_t epoch);

    // Keeps `result` under `key`, computed in a snapshot taken after `epoch` was read.
    // A result of an epoch older than the newest seen is dropped; a newer epoch first
    // drops every entry of the older ones.
    void store(std::string key, std::uint64_t epoch, Text result);

    struct Totals {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
    };
    Totals totals() const;

private:
    struct Entry {
        Text result;
        std::list<std::string>::iterator recency;  // position in recency_, newest first
    };
    // Bookkeeping per entry beyond its key and result (nodes, pointers, counts).
    static constexpr std::size_t kEntryOverhead = 128;

    void move_to(std::uint64_t epoch);            // holding mutex_
    void evict_until_fits(std::size_t incoming);  // holding mutex_
    static std::size_t cost(const std::string& key, const Text& result) {
        return key.size() + result->size() + kEntryOverhead;
    }

    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::uint64_t epoch_ = 0;
    std::list<std::string> recency_;
    std::unordered_map<std::string_view, Entry> entries_;  // views into recency_'s strings
    std::size_t bytes_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

// The answer under `key`: the kept one while `database` has not changed since it was
// computed, else the one `compute()` gives (std::optional<std::string>), kept for the next
// reader. nullopt from `compute` (say, nothing found) is returned as null and not kept;
// what `compute` throws passes through, and nothing is kept either.
template <class Compute>
ReplyCache::Text answer_through(ReplyCache& cache, storage::Database& database, std::string key,
                                Compute compute) {
    std::optional<std::uint64_t> epoch;
    if (cache.enabled()) {
        // Read before the snapshot that `compute` takes (Database::change_epoch).
        epoch = database.change_epoch();
    }
    if (epoch) {
        if (auto kept = cache.find(key, *epoch)) return kept;
    }
    std::optional<std::string> computed = compute();
    if (!computed) return nullptr;
    auto text = std::make_shared<const std::string>(std::move(*computed));
    if (epoch) cache.store(std::move(key), *epoch, text);
    return text;
}

}  // namespace gongkai::api
