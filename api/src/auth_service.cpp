#include "gongkai/api/auth_service.hpp"

#include "fair_queue.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <fmt/format.h>

namespace gongkai::api {

namespace {

using storage::Stores;

Error bad_credentials() {
    // Same words for an unknown user, a wrong password and a disabled account.
    return Error(ErrorCode::unauthenticated, "用户名或密码错误");
}

Error session_gone() {
    return Error(ErrorCode::unauthenticated, "登录已失效，请重新登录");
}

TimePoint::rep ticks(TimePoint t) {
    return t.time_since_epoch().count();
}
TimePoint from_ticks(TimePoint::rep r) {
    return TimePoint(TimePoint::duration(r));
}

// How stale the stored last-seen time of a session may get before it is written again.
constexpr auto kPersistEvery = std::chrono::seconds(60);

}  // namespace

AuthService::AuthService(storage::Database& database, const Clock& clock, AuthSettings settings,
                         net::thread_pool& blocking)
    : database_(database),
      clock_(clock),
      settings_(settings),
      blocking_(blocking),
      hasher_(settings.password_hash),
      throttle_(clock, settings),
      checks_(std::make_unique<FairQueue>(settings.max_pending_per_address, settings.max_pending)) {
}

AuthService::~AuthService() = default;

void AuthService::login(std::string username, std::string password, std::string remote,
                        Completion<LoginResult> done) {
    if (auto refusal = throttle_.begin_attempt(username, remote)) {
        auto seconds = std::chrono::ceil<std::chrono::seconds>(refusal->wait).count();
        done(std::make_exception_ptr(Error(ErrorCode::rate_limited,
                                           fmt::format("登录尝试过于频繁，请 {} 秒后再试", seconds),
                                           {{"retry_after_ms", refusal->wait.count()}})));
        return;
    }
    auto check = [this, username, password = std::move(password), remote, done]() mutable {
        check_password(std::move(username), std::move(password), std::move(remote),
                       std::move(done));
    };
    // A check takes tens of milliseconds: a refused login may try again shortly.
    if (!checks_->push(remote, std::move(check))) {
        throttle_.record_refusal(username, remote);
        done(std::make_exception_ptr(
            Error(ErrorCode::rate_limited, "登录的人较多，请稍后再试", {{"retry_after_ms", 200}})));
        return;
    }
    net::post(blocking_, [this] { run_next_check(); });
}

// One password check per call, from the addresses in turn (FairQueue); each login posts
// one call, so every queued check is run.
void AuthService::run_next_check() {
    auto next = checks_->pop();
    if (!next) return;
    next->job();
    checks_->finished(next->key);
}

void AuthService::check_password(std::string username, std::string password, std::string remote,
                                 Completion<LoginResult> done) {
    try {
        std::optional<storage::UserRecord> user;
        std::vector<RoleGrant> roles;
        database_.read([&](Stores& stores) {
            user = stores.directory.find_user_by_name(username);
            if (user) roles = *stores.directory.grants_of(user->id);
        });
        bool accepted = false;
        if (user && !user->disabled) {
            accepted = hasher_.verify(user->password_hash, password);
        } else {
            hasher_.burn_equivalent_time(password);
        }
        const std::string now = format_iso8601(clock_.now());
        if (!accepted) {
            // The username's count was taken when the attempt began; the address's now.
            throttle_.failed(remote);
            database_.writer().submit(
                [username, remote](Stores& stores) {
                    stores.audit.append({username,
                                         "auth.login_failed",
                                         std::nullopt,
                                         std::nullopt,
                                         std::nullopt,
                                         std::nullopt,
                                         std::nullopt,
                                         {{"remote", remote}}});
                },
                [done](std::exception_ptr error) {
                    done(error ? error : std::make_exception_ptr(bad_credentials()));
                });
            return;
        }
        throttle_.succeeded(username);
        auto result = std::make_shared<LoginResult>();
        result->token = new_session_token();
        result->roles = std::move(roles);
        auto session = std::make_shared<SessionState>();
        session->token_hash = token_digest(result->token);
        session->actor = user->actor();
        const auto started = clock_.now();
        session->expires_at = started + settings_.session_absolute;
        session->idle_limit = settings_.session_idle;
        session->last_activity = ticks(started);
        session->last_persisted = ticks(started);
        result->session = session;
        storage::SessionRecord record{session->token_hash, user->id, now, now,
                                      format_iso8601(session->expires_at)};
        const std::string idle_cutoff = format_iso8601(started - settings_.session_idle);
        database_.writer().submit(
            [record, remote, now, idle_cutoff, actor = session->actor](Stores& stores) {
                stores.sessions.remove_expired(now, idle_cutoff);
                stores.sessions.insert(record);
                stores.audit.append({actor.username,
                                     "auth.login",
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     {{"remote", remote}}});
            },
            [this, result, done](std::exception_ptr error) {
                if (error) {
                    done(error);
                    return;
                }
                result->session = remember(result->session);
                done(std::move(*result));
            });
    } catch (...) {
        done(std::current_exception());
    }
}

void AuthService::record_refusals(Completion<std::size_t> done) {
    auto summaries = throttle_.take_refusals();
    if (summaries.empty()) {
        done(std::size_t{0});
        return;
    }
    const auto count = summaries.size();
    database_.writer().submit(
        [summaries = std::move(summaries)](Stores& stores) {
            for (const auto& summary : summaries) {
                stores.audit.append({"system",
                                     "auth.login_refused",
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     std::nullopt,
                                     {{"remote", summary.address},
                                      {"refused", summary.refused},
                                      {"usernames", summary.usernames},
                                      {"first", format_iso8601(summary.first)},
                                      {"last", format_iso8601(summary.last)}}});
            }
        },
        [done, count](std::exception_ptr error) {
            if (error) {
                done(error);
            } else {
                done(count);
            }
        });
}

void AuthService::resume(std::string token, Completion<LoginResult> done) {
    try {
        const std::string digest = token_digest(token);
        const auto now = clock_.now();
        std::optional<storage::SessionRecord> record;
        std::optional<storage::UserRecord> user;
        std::vector<RoleGrant> roles;
        database_.read([&](Stores& stores) {
            record = stores.sessions.find(digest);
            if (record) {
                user = stores.directory.find_user(record->user_id);
                roles = *stores.directory.grants_of(record->user_id);
            }
        });
        if (!record || !user || user->disabled) {
            throw session_gone();
        }
        auto expires = parse_iso8601(record->expires_at);
        auto last_seen = parse_iso8601(record->last_seen_at);
        std::shared_ptr<SessionState> session;
        {
            std::lock_guard lock(sessions_mutex_);
            if (auto it = sessions_.find(digest); it != sessions_.end()) {
                session = it->second.lock();
            }
        }
        // The in-memory session knows the latest activity; the stored one may lag by
        // up to kPersistEvery.
        TimePoint last_activity =
            session ? from_ticks(session->last_activity.load()) : last_seen.value_or(TimePoint{});
        if (!expires || now >= *expires || now - last_activity > settings_.session_idle ||
            (session && session->revoked)) {
            throw session_gone();
        }
        if (!session) {
            session = std::make_shared<SessionState>();
            session->token_hash = digest;
            session->actor = user->actor();
            session->expires_at = *expires;
            session->idle_limit = settings_.session_idle;
        }
        session->last_activity = ticks(now);
        session->last_persisted = ticks(now);
        auto result = std::make_shared<LoginResult>(LoginResult{token, session, std::move(roles)});
        const std::string seen = format_iso8601(now);
        database_.writer().submit(
            [digest, seen](Stores& stores) { stores.sessions.touch(digest, seen); },
            [this, result, done](std::exception_ptr error) {
                if (error) {
                    done(error);
                    return;
                }
                result->session = remember(result->session);
                done(std::move(*result));
            });
    } catch (...) {
        done(std::current_exception());
    }
}

void AuthService::logout(const std::shared_ptr<SessionState>& session, Completion<bool> done) {
    session->revoked = true;
    forget(session->token_hash);
    database_.writer().submit(
        [digest = session->token_hash, actor = session->actor](Stores& stores) {
            stores.sessions.remove(digest);
            stores.audit.append({actor.username,
                                 "auth.logout",
                                 std::nullopt,
                                 std::nullopt,
                                 std::nullopt,
                                 std::nullopt,
                                 std::nullopt,
                                 {}});
        },
        [done](std::exception_ptr error) {
            if (error) {
                done(error);
            } else {
                done(true);
            }
        });
}

bool AuthService::still_valid(SessionState& session) {
    const auto now = clock_.now();
    if (!session.active_at(now)) {
        return false;
    }
    session.last_activity = ticks(now);
    auto persisted = session.last_persisted.load();
    if (now - from_ticks(persisted) > kPersistEvery &&
        session.last_persisted.compare_exchange_strong(persisted, ticks(now))) {
        // Keep the stored session alive for a resume after a restart; nobody waits for it.
        database_.writer().submit([digest = session.token_hash, seen = format_iso8601(now)](
                                      Stores& stores) { stores.sessions.touch(digest, seen); },
                                  [](std::exception_ptr) {});
    }
    return true;
}

std::shared_ptr<SessionState> AuthService::remember(std::shared_ptr<SessionState> session) {
    std::lock_guard lock(sessions_mutex_);
    auto& slot = sessions_[session->token_hash];
    if (auto existing = slot.lock()) {
        return existing;
    }
    slot = session;
    if (sessions_.size() > 1024 && sessions_.size() % 1024 == 0) {
        std::erase_if(sessions_, [](const auto& item) { return item.second.expired(); });
    }
    return session;
}

void AuthService::forget(const std::string& token_hash) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(token_hash);
}

}  // namespace gongkai::api
