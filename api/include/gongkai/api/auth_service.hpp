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
    std::atomic<TimePoint::rep> last_activity{0};  // for the idle limit
    std::atomic<TimePoint::rep> last_persisted{0};
    std::atomic<bool> revoked{false};
};

struct LoginResult {
    std::string token;
    std::shared_ptr<SessionState> session;
    std::vector<RoleGrant> roles;
};

// Passwords, tokens and sessions. Password checks run on the blocking pool (Argon2id takes
// tens of milliseconds by design); every login attempt is audit-logged; the answer to a
// failed attempt never says whether the user exists.
class AuthService {
public:
    AuthService(storage::Database& database, const Clock& clock, AuthSettings settings,
                net::thread_pool& blocking);

    void login(std::string username, std::string password, std::string remote,
               Completion<LoginResult> done);
    void resume(std::string token, Completion<LoginResult> done);
    void logout(const std::shared_ptr<SessionState>& session, Completion<bool> done);

    // Called for every message on an authenticated connection: false when the session was
    // revoked or has run past its idle or absolute limit (the caller forgets it).
    bool still_valid(SessionState& session);

    LoginThrottle& throttle() { return throttle_; }

private:
    std::shared_ptr<SessionState> remember(std::shared_ptr<SessionState> session);
    void forget(const std::string& token_hash);

    storage::Database& database_;
    const Clock& clock_;
    AuthSettings settings_;
    net::thread_pool& blocking_;
    PasswordHasher hasher_;
    LoginThrottle throttle_;
    std::mutex sessions_mutex_;
    std::unordered_map<std::string, std::weak_ptr<SessionState>> sessions_;
};

}  // namespace gongkai::api
