#pragma once

#include "gongkai/api/login_throttle.hpp"
#include "gongkai/api/net.hpp"
#include "gongkai/api/server_settings.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/outcome.hpp>
#include <gongkai/core/password.hpp>
#include <gongkai/storage/database.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gongkai::api {

// One login session, shared by every connection that presented its token.
struct SessionState {
    std::string token_hash;
    Actor actor;
    TimePoint expires_at;                          // absolute limit
    TimePoint::duration idle_limit{};              // ends after this long without a request
    std::atomic<TimePoint::rep> last_activity{0};  // for the idle limit
    std::atomic<TimePoint::rep> last_persisted{0};
    std::atomic<bool> revoked{false};

    // Not logged out, not past its absolute limit, not idle too long. Pushes ask this for
    // every connection they reach: a session that ended gets no events on any connection.
    bool active_at(TimePoint now) const {
        return !revoked && now < expires_at &&
               now - TimePoint(TimePoint::duration(last_activity.load())) <= idle_limit;
    }
};

struct LoginResult {
    std::string token;
    std::shared_ptr<SessionState> session;
    std::vector<RoleGrant> roles;
};

// Passwords, tokens and sessions. Password checks run on the blocking pool (Argon2id takes
// tens of milliseconds by design), taken from the clients' addresses in turn and bounded
// per address and in total; attempts are throttled before any check (LoginThrottle). Every
// checked attempt is audit-logged, refused ones as one summary per address; the answer to
// a failed attempt never says whether the user exists.
class FairQueue;

class AuthService {
public:
    AuthService(storage::Database& database, const Clock& clock, AuthSettings settings,
                net::thread_pool& blocking);
    ~AuthService();

    void login(std::string username, std::string password, std::string remote,
               Completion<LoginResult> done);
    void resume(std::string token, Completion<LoginResult> done);
    void logout(const std::shared_ptr<SessionState>& session, Completion<bool> done);

    // Called for every message on an authenticated connection: false when the session was
    // revoked or has run past its idle or absolute limit (the caller forgets it).
    bool still_valid(SessionState& session);

    // Writes one audit entry (auth.login_refused) per address whose attempts were refused
    // without a password check since the last call; `done` gets how many were written.
    void record_refusals(Completion<std::size_t> done);

private:
    void run_next_check();
    void check_password(std::string username, std::string password, std::string remote,
                        Completion<LoginResult> done);
    std::shared_ptr<SessionState> remember(std::shared_ptr<SessionState> session);
    void forget(const std::string& token_hash);

    storage::Database& database_;
    const Clock& clock_;
    AuthSettings settings_;
    net::thread_pool& blocking_;
    PasswordHasher hasher_;
    LoginThrottle throttle_;
    std::unique_ptr<FairQueue> checks_;  // password checks waiting for the blocking pool
    std::mutex sessions_mutex_;
    std::unordered_map<std::string, std::weak_ptr<SessionState>> sessions_;
};

}  // namespace gongkai::api
