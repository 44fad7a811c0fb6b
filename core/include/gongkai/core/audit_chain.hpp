#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gongkai {

// One row of the audit log. Everything but `hash` is covered by `hash`, and `prev_hash`
// ties each entry to the one before it, so a changed, deleted or reordered row breaks the
// chain at that row.
struct AuditEntry {
    std::int64_t seq = 0;
    std::string at;     // UTC ISO 8601 (format_iso8601)
    std::string actor;  // username, or "system" for the command-line tools
    std::string action;
    std::optional<std::int64_t> report_id;
    std::optional<std::string> from_state;
    std::optional<std::string> to_state;
    std::optional<std::int64_t> revision;
    std::optional<std::string> content_sha256;
    std::string details = "{}";  // canonical JSON object
    std::string prev_hash;
    std::string hash;
};

// The same row without owning its text: what a verifier walking a million rows reads
// straight out of the database's buffers, without a copy or an allocation per row.
struct AuditEntryView {
    std::int64_t seq = 0;
    std::string_view at;
    std::string_view actor;
    std::string_view action;
    std::optional<std::int64_t> report_id;
    std::optional<std::string_view> from_state;
    std::optional<std::string_view> to_state;
    std::optional<std::int64_t> revision;
    std::optional<std::string_view> content_sha256;
    std::string_view details;
    std::string_view prev_hash;
    std::string_view hash;
};

// A view of `entry`, valid while `entry` lives.
AuditEntryView view_of(const AuditEntry& entry);

// prev_hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes that are hashed: prev_hash, a newline, then the canonical JSON object of all
// other fields ({"action","actor","at","content_sha256","details","from_state","report_id",
// "revision","seq","to_state"}, absent values as null, details embedded as stored).
std::string audit_hash_input(const AuditEntry& entry);
// The same, appended to `out` (a buffer reused from row to row).
void append_audit_hash_input(std::string& out, const AuditEntryView& entry);

// SHA-256 (hex) of audit_hash_input(entry).
std::string compute_audit_hash(const AuditEntry& entry);

// Walks a chain entry by entry, in seq order, and remembers the first entry that does not
// fit: a gap or repeat in seq, a prev_hash that is not the previous hash, or a hash that
// does not match the entry's fields.
//
// With HashOn::second_thread the links (seq, prev_hash) are checked as entries come and
// the hashes on a second thread, in batches, while the caller reads the next rows: a full
// walk of a large log then takes the longer of reading and hashing instead of their sum.
// The verdict is the same either way; in that mode it is final only after finish().
class AuditChainVerifier {
public:
    enum class HashOn { calling_thread, second_thread };

    explicit AuditChainVerifier(HashOn hash_on = HashOn::calling_thread);

    // A verifier of the stretch of the chain that follows entry `seq`, whose stored hash is
    // `hash` (the verifier of the stretch before vouches for it), hashing on the calling
    // thread. Long logs are verified in such stretches side by side, then joined with
    // continue_with().
    static AuditChainVerifier after(std::int64_t seq, std::string hash);
    ~AuditChainVerifier();
    AuditChainVerifier(AuditChainVerifier&&) noexcept;
    AuditChainVerifier& operator=(AuditChainVerifier&&) noexcept;

    // Returns false (and records the entry) at the first bad entry; later calls do nothing.
    // On a second thread a bad hash may be noticed a few thousand entries later.
    bool accept(const AuditEntry& entry);
    bool accept(const AuditEntryView& entry);

    bool ok() const { return !first_bad_seq_.has_value(); }
    std::int64_t entries() const { return entries_; }
    const std::string& head_hash() const { return head_hash_; }
    std::optional<std::int64_t> first_bad_seq() const { return first_bad_seq_; }
    const std::string& problem() const { return problem_; }

    // Takes over the verdict of `next`, the verifier of the stretch that follows this one
    // (made with after(this stretch's last seq and hash)): the result is what one verifier
    // walking on through that stretch would say. A stretch that did not begin where this
    // one ended (rows changed between the two reads) breaks the chain there.
    void continue_with(AuditChainVerifier&& next);

    // The chain ended: checks that it ends where the separately stored head says it does,
    // so that deleting the newest entries is noticed too.
    void finish(std::int64_t recorded_head_seq, std::string_view recorded_head_hash);

private:
    class BackgroundHasher;

    void fail(std::int64_t seq, std::string problem);
    // Waits for the second thread's verdict and takes its first bad entry, if any.
    void collect_background_verdict();

    std::int64_t entries_ = 0;
    std::int64_t last_seq_ = 0;
    std::string head_hash_{kGenesisHash};
    // Where this verifier's stretch begins: after this seq, whose hash is head_hash_'s first
    // value (the genesis for a whole chain).
    std::int64_t start_seq_ = 0;
    std::string start_hash_{kGenesisHash};
    std::optional<std::int64_t> first_bad_seq_;
    std::string problem_;
    std::string hash_input_;  // reused for every entry
    std::unique_ptr<BackgroundHasher> background_;
};

}  // namespace gongkai
