#include "gongkai/core/audit_chain.hpp"

#include "gongkai/core/canonical_json.hpp"
#include "gongkai/core/sha256.hpp"

#include <fmt/format.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

namespace gongkai {

namespace {

void append_optional_string(std::string& out, const std::optional<std::string_view>& value) {
    if (value) {
        append_json_string(out, *value);
    } else {
        out += "null";
    }
}

void append_integer(std::string& out, std::int64_t value) {
    char digits[24];
    auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
    out.append(digits, end);
}

void append_optional_int(std::string& out, const std::optional<std::int64_t>& value) {
    if (value) {
        append_integer(out, *value);
    } else {
        out += "null";
    }
}

std::optional<std::string_view> view_of(const std::optional<std::string>& text) {
    return text ? std::optional<std::string_view>(*text) : std::nullopt;
}

// Whether `hex` is the lower-case hex spelling of `digest` (no string is built).
bool same_hex(const Digest& digest, std::string_view hex) {
    static constexpr char kHexDigits[] = "0123456789abcdef";
    if (hex.size() != digest.size() * 2) return false;
    for (std::size_t i = 0; i < digest.size(); ++i) {
        if (hex[2 * i] != kHexDigits[digest[i] >> 4] ||
            hex[2 * i + 1] != kHexDigits[digest[i] & 0xf]) {
            return false;
        }
    }
    return true;
}

constexpr std::string_view kBadHash = "hash does not match the entry's contents";

}  // namespace

AuditEntryView view_of(const AuditEntry& entry) {
    return {entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.report_id,
            view_of(entry.from_state),
            view_of(entry.to_state),
            entry.revision,
            view_of(entry.content_sha256),
            entry.details,
            entry.prev_hash,
            entry.hash};
}

void append_audit_hash_input(std::string& out, const AuditEntryView& entry) {
    out += entry.prev_hash;
    out += "\n{\"action\":";
    append_json_string(out, entry.action);
    out += ",\"actor\":";
    append_json_string(out, entry.actor);
    out += ",\"at\":";
    append_json_string(out, entry.at);
    out += ",\"content_sha256\":";
    append_optional_string(out, entry.content_sha256);
    out += ",\"details\":";
    out += entry.details;
    out += ",\"from_state\":";
    append_optional_string(out, entry.from_state);
    out += ",\"report_id\":";
    append_optional_int(out, entry.report_id);
    out += ",\"revision\":";
    append_optional_int(out, entry.revision);
    out += ",\"seq\":";
    append_integer(out, entry.seq);
    out += ",\"to_state\":";
    append_optional_string(out, entry.to_state);
    out += '}';
}

std::string audit_hash_input(const AuditEntry& entry) {
    std::string out;
    out.reserve(256 + entry.details.size());
    append_audit_hash_input(out, view_of(entry));
    return out;
}

std::string compute_audit_hash(const AuditEntry& entry) {
    return sha256_hex(audit_hash_input(entry));
}

// Checks the hashes of batches of entries on its own thread. The reading thread copies each
// entry's columns into a batch; a few batches are in flight at most, so memory stays
// bounded on any log size.
class AuditChainVerifier::BackgroundHasher {
public:
    struct Bad {
        std::int64_t seq = 0;
        std::string previous_hash;  // the hash of the last good entry
    };

    BackgroundHasher() : current_(take_free_batch_unlocked()), worker_([this] { run(); }) {}

    ~BackgroundHasher() { stop(); }

    // Queues the entry for hashing. False once a bad hash has been found.
    bool add(const AuditEntryView& entry) {
        auto& batch = *current_;
        auto& text = batch.text;
        batch.items.push_back({entry.seq, entry.report_id, entry.revision, put(text, entry.at),
                               put(text, entry.actor), put(text, entry.action),
                               put(text, entry.from_state), put(text, entry.to_state),
                               put(text, entry.content_sha256), put(text, entry.details),
                               put(text, entry.prev_hash), put(text, entry.hash)});
        if (batch.items.size() >= kBatchEntries) submit_current();
        return !found_bad_.load(std::memory_order_relaxed);
    }

    // Hashes what is queued and returns the first bad entry, if any.
    std::optional<Bad> finish() {
        if (!current_->items.empty()) submit_current();
        stop();
        return bad_;
    }

private:
    static constexpr std::size_t kBatchEntries = 4096;
    static constexpr std::size_t kBatchesInFlight = 4;

    // Where a field's text is in Batch::text (offsets: the text grows and moves).
    struct Span {
        std::size_t begin = 0;
        std::size_t size = 0;
        bool present = true;
    };
    // One entry as read: the reading thread only copies the columns (the row's buffers are
    // gone at the next row); building the hash input is left to the hashing thread.
    struct Item {
        std::int64_t seq;
        std::optional<std::int64_t> report_id, revision;
        Span at, actor, action, from_state, to_state, content_sha256, details, prev_hash, hash;
    };
    struct Batch {
        std::string text;
        std::vector<Item> items;
    };

    static Span put(std::string& text, std::string_view value) {
        Span span{text.size(), value.size()};
        text += value;
        return span;
    }

    static Span put(std::string& text, const std::optional<std::string_view>& value) {
        return value ? put(text, *value) : Span{0, 0, false};
    }

    std::unique_ptr<Batch> take_free_batch_unlocked() {
        if (free_.empty()) return std::make_unique<Batch>();
        auto batch = std::move(free_.back());
        free_.pop_back();
        return batch;
    }

    void submit_current() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return queued_.size() < kBatchesInFlight; });
        queued_.push_back(std::move(current_));
        current_ = take_free_batch_unlocked();
        changed_.notify_all();
    }

    void stop() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        changed_.notify_all();
        if (worker_.joinable()) worker_.join();
    }

    void run() {
        for (;;) {
            std::unique_ptr<Batch> batch;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [this] { return closing_ || !queued_.empty(); });
                if (queued_.empty()) return;
                batch = std::move(queued_.front());
                queued_.pop_front();
            }
            if (!found_bad_.load(std::memory_order_relaxed)) check(*batch);
            batch->text.clear();
            batch->items.clear();
            {
                std::lock_guard lock(mutex_);
                free_.push_back(std::move(batch));
            }
            changed_.notify_all();
        }
    }

    void check(const Batch& batch) {
        const std::string_view text = batch.text;
        auto view = [text](Span span) { return text.substr(span.begin, span.size); };
        auto optional_view = [&view](Span span) {
            return span.present ? std::optional<std::string_view>(view(span)) : std::nullopt;
        };
        for (const auto& item : batch.items) {
            const AuditEntryView entry{item.seq,
                                       view(item.at),
                                       view(item.actor),
                                       view(item.action),
                                       item.report_id,
                                       optional_view(item.from_state),
                                       optional_view(item.to_state),
                                       item.revision,
                                       optional_view(item.content_sha256),
                                       view(item.details),
                                       view(item.prev_hash),
                                       view(item.hash)};
            input_.clear();
            append_audit_hash_input(input_, entry);
            if (!same_hex(sha256(input_), entry.hash)) {
                bad_ = Bad{item.seq, std::string(entry.prev_hash)};
                found_bad_.store(true, std::memory_order_relaxed);
                return;
            }
        }
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<Batch>> queued_;
    std::vector<std::unique_ptr<Batch>> free_;
    bool closing_ = false;
    std::atomic<bool> found_bad_{false};
    std::optional<Bad> bad_;  // written by the worker, read after it is joined
    std::string input_;       // the worker's hash input buffer
    std::unique_ptr<Batch> current_;
    std::thread worker_;  // last: starts once everything above exists
};

AuditChainVerifier::AuditChainVerifier(HashOn hash_on) {
    if (hash_on == HashOn::second_thread) background_ = std::make_unique<BackgroundHasher>();
}

AuditChainVerifier AuditChainVerifier::after(std::int64_t seq, std::string hash) {
    AuditChainVerifier verifier(HashOn::calling_thread);
    verifier.last_seq_ = verifier.start_seq_ = seq;
    verifier.head_hash_ = hash;
    verifier.start_hash_ = std::move(hash);
    return verifier;
}

AuditChainVerifier::~AuditChainVerifier() = default;
AuditChainVerifier::AuditChainVerifier(AuditChainVerifier&&) noexcept = default;
AuditChainVerifier& AuditChainVerifier::operator=(AuditChainVerifier&&) noexcept = default;

bool AuditChainVerifier::accept(const AuditEntry& entry) {
    return accept(view_of(entry));
}

bool AuditChainVerifier::accept(const AuditEntryView& entry) {
    if (!ok()) {
        return false;
    }
    if (entry.seq != last_seq_ + 1) {
        fail(last_seq_ + 1, fmt::format("expected seq {}, found {}", last_seq_ + 1, entry.seq));
        return false;
    }
    if (entry.prev_hash != head_hash_) {
        fail(entry.seq, "prev_hash does not match the previous entry's hash");
        return false;
    }
    bool fine = true;
    if (background_) {
        fine = background_->add(entry);
    } else {
        hash_input_.clear();
        append_audit_hash_input(hash_input_, entry);
        if (!same_hex(sha256(hash_input_), entry.hash)) {
            fail(entry.seq, std::string(kBadHash));
            return false;
        }
    }
    head_hash_.assign(entry.hash);
    last_seq_ = entry.seq;
    ++entries_;
    return fine;
}

void AuditChainVerifier::collect_background_verdict() {
    if (!background_) return;
    auto bad = background_->finish();
    background_.reset();
    if (!bad) return;
    // The links were fine up to here (a broken link stops the walk before its entry is
    // queued), so this entry is the first bad one, as a walk on one thread would say.
    first_bad_seq_.reset();
    entries_ = bad->seq - 1 - start_seq_;
    last_seq_ = bad->seq - 1;
    head_hash_ = std::move(bad->previous_hash);
    fail(bad->seq, std::string(kBadHash));
}

void AuditChainVerifier::continue_with(AuditChainVerifier&& next) {
    collect_background_verdict();
    if (!ok()) return;  // the first bad entry is in this stretch
    if (next.start_seq_ != last_seq_ || next.start_hash_ != head_hash_) {
        fail(last_seq_ + 1,
             fmt::format("the log changed while it was verified (after seq {})", last_seq_));
        return;
    }
    // `next` checked its first entry's link against this stretch's last hash, as one
    // verifier walking on would have.
    entries_ += next.entries_;
    last_seq_ = next.last_seq_;
    head_hash_ = std::move(next.head_hash_);
    first_bad_seq_ = next.first_bad_seq_;
    problem_ = std::move(next.problem_);
}

void AuditChainVerifier::finish(std::int64_t recorded_head_seq,
                                std::string_view recorded_head_hash) {
    collect_background_verdict();
    if (!ok()) {
        return;
    }
    if (recorded_head_seq > last_seq_) {
        // Entries up to the recorded head were written but are gone.
        fail(last_seq_ + 1, fmt::format("the log ends at seq {} but its recorded head is seq {}",
                                        last_seq_, recorded_head_seq));
    } else if (recorded_head_seq < last_seq_) {
        fail(recorded_head_seq + 1,
             fmt::format("entries after the recorded head (seq {}) were added outside Gongkai",
                         recorded_head_seq));
    } else if (recorded_head_hash != head_hash_) {
        fail(last_seq_, "the recorded head hash does not match the last entry");
    }
}

void AuditChainVerifier::fail(std::int64_t seq, std::string problem) {
    first_bad_seq_ = seq;
    problem_ = std::move(problem);
}

}  // namespace gongkai
