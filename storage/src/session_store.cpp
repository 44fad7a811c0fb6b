#include "gongkai/storage/session_store.hpp"

#include "connection.hpp"

namespace gongkai::storage {

void SessionStore::insert(const SessionRecord& session) {
    auto& sql = connection_.sql();
    long long user = session.user_id;
    sql << "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
           "VALUES (:hash, :user, :created, :seen, :expires)",
        soci::use(session.token_hash), soci::use(user), soci::use(session.created_at),
        soci::use(session.last_seen_at), soci::use(session.expires_at);
}

std::optional<SessionRecord> SessionStore::find(const std::string& token_hash) {
    auto& sql = connection_.sql();
    SessionRecord out;
    long long user = 0;
    sql << "SELECT user_id, created_at, last_seen_at, expires_at FROM sessions "
           "WHERE token_hash = :hash",
        soci::into(user), soci::into(out.created_at), soci::into(out.last_seen_at),
        soci::into(out.expires_at), soci::use(token_hash);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    out.token_hash = token_hash;
    out.user_id = user;
    return out;
}

void SessionStore::touch(const std::string& token_hash, const std::string& last_seen_at) {
    auto& sql = connection_.sql();
    sql << "UPDATE sessions SET last_seen_at = :seen WHERE token_hash = :hash",
        soci::use(last_seen_at), soci::use(token_hash);
}

void SessionStore::remove(const std::string& token_hash) {
    auto& sql = connection_.sql();
    sql << "DELETE FROM sessions WHERE token_hash = :hash", soci::use(token_hash);
}

std::size_t SessionStore::remove_expired(const std::string& now, const std::string& idle_cutoff) {
    auto& sql = connection_.sql();
    soci::statement statement =
        (sql.prepare << "DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at < :cutoff",
         soci::use(now), soci::use(idle_cutoff));
    statement.execute(true);
    return static_cast<std::size_t>(statement.get_affected_rows());
}

}  // namespace gongkai::storage
