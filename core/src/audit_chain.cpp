#include "gongkai/core/audit_chain.hpp"

#include "gongkai/core/canonical_json.hpp"
#include "gongkai/core/sha256.hpp"

#include <fmt/format.h>

namespace gongkai {

namespace {

void append_optional_string(std::string& out, const std::optional<std::string>& value) {
    if (value) {
        append_json_string(out, *value);
    } else {
        out += "null";
    }
}

void append_optional_int(std::string& out, const std::optional<std::int64_t>& value) {
    if (value) {
        out += std::to_string(*value);
    } else {
        out += "null";
    }
}

}  // namespace

std::string audit_hash_input(const AuditEntry& entry) {
    std::string out;
    out.reserve(256 + entry.details.size());
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
    out += std::to_string(entry.seq);
    out += ",\"to_state\":";
    append_optional_string(out, entry.to_state);
    out += '}';
    return out;
}

std::string compute_audit_hash(const AuditEntry& entry) {
    return sha256_hex(audit_hash_input(entry));
}

bool AuditChainVerifier::accept(const AuditEntry& entry) {
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
    if (compute_audit_hash(entry) != entry.hash) {
        fail(entry.seq, "hash does not match the entry's contents");
        return false;
    }
    head_hash_ = entry.hash;
    last_seq_ = entry.seq;
    ++entries_;
    return true;
}

void AuditChainVerifier::finish(std::int64_t recorded_head_seq,
                                std::string_view recorded_head_hash) {
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
