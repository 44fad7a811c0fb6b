#pragma once

#include "gongkai/storage/records.hpp"

#include <optional>
#include <string>

namespace gongkai::storage {

class Connection;

// Login sessions, keyed by the SHA-256 of the token (the token itself is never stored).
class SessionStore {
public:
    explicit SessionStore(Connection& connection) : connection_(connection) {}

    void insert(const SessionRecord& session);
    std::optional<SessionRecord> find(const std::string& token_hash);
    void touch(const std::string& token_hash, const std::string& last_seen_at);
    void remove(const std::string& token_hash);
    // Removes sessions past their absolute expiry or idle since before `idle_cutoff`.
    std::size_t remove_expired(const std::string& now, const std::string& idle_cutoff);

private:
    Connection& connection_;
};

}  // namespace gongkai::storage
