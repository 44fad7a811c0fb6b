// WebSocket request frames through the real api::Dispatcher, wired as gongkai-server wires
// it (api/src/server_app.cpp: the services, the group-commit writer, the blocking pool, the
// reply cache) over a real SQLite database in a scratch folder, seeded with the demo users
// and, at start, a few reports made through the dispatcher itself: report 1 a notice with
// personal identifiers submitted for secrecy review (with a comment), report 2 a draft
// notice, report 3 an annual report imported from tests/annual/data, report 4 a notice of
// another organisation (longtan).
//
// An input is one byte saying who sends the frame, then the frame (a WebSocket text frame's
// payload): '0' nobody logged in, '1' drafter, '2' reviewer, '3' leader, '4' auditor,
// '5' admin, '6' lt.drafter (other bytes: the same, modulo 7). Each user logs in once, at
// start, through auth.login; each input gets a connection of its own (a fresh ClientState)
// holding a copy of that login's session (same token, user and limits), so an auth.logout
// in one input logs nobody out for the next. The database keeps what earlier inputs wrote,
// as a server's does.
//
// Bugs: crashes, sanitizer reports; no reply within kReplyWait, or two replies to one
// frame (the dispatcher promises exactly one); a reply that is not a JSON object with
// `ok`, or whose `id` is not the request's (an error may say null: refused unread); an
// error code outside core/error.hpp's table, and `internal` (a fault of the server: an
// exception other than gongkai::Error escaped an operation).
#include "support/fuzz_support.hpp"

#include <gongkai/api/auth_service.hpp>
#include <gongkai/api/client_state.hpp>
#include <gongkai/api/dispatcher.hpp>
#include <gongkai/api/reply_cache.hpp>
#include <gongkai/config/server_config.hpp>
#include <gongkai/core/error.hpp>
#include <gongkai/core/password.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/workflow/comment_service.hpp>
#include <gongkai/workflow/content_rules.hpp>
#include <gongkai/workflow/directory_admin.hpp>
#include <gongkai/workflow/inbox_service.hpp>
#include <gongkai/workflow/org_directory.hpp>
#include <gongkai/workflow/report_service.hpp>
#include <gongkai/workflow/workflow_registry.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace gongkai::fuzz {
namespace {

namespace net = api::net;

// Far above what any operation takes here (a login, a commit, a chain check of a few
// thousand entries), even under the sanitizers on a busy machine.
constexpr auto kReplyWait = std::chrono::seconds(20);
// The cheapest Argon2id libsodium accepts, as the tests use: logins are not what is tested.
constexpr PasswordHashSettings kFastHashing{1, 8};
constexpr const char* kPassword = "fuzz-demo-password";
// As the dispatcher parses frames (api/src/dispatcher.cpp).
constexpr std::size_t kMaxJsonDepth = 64;

// Who sends an input's frame: its first byte − '0', modulo the size. nullptr: nobody.
constexpr std::array<const char*, 7> kSenders{nullptr,   "drafter", "reviewer",  "leader",
                                              "auditor", "admin",   "lt.drafter"};

std::vector<workflow::Workflow> compile_all(const std::vector<workflow::WorkflowSpec>& specs) {
    std::vector<workflow::Workflow> workflows;
    for (const auto& spec : specs) {
        workflows.push_back(workflow::Workflow::compile(spec));
    }
    return workflows;
}

// config/gongkai.toml's settings, with the database in `dir`, fast password hashing and no
// Redis (notifications wait in the outbox).
api::AppSettings fuzz_settings(const ScratchDir& dir) {
    auto settings = config::load_server_config(source_dir() / "config" / "gongkai.toml").app;
    settings.database.path = (dir.path() / "gongkai.db").string();
    settings.server.auth.password_hash = kFastHashing;
    settings.server.blocking_threads = 2;
    settings.redis.reset();
    return settings;
}

std::unique_ptr<storage::Database> open_seeded(const storage::DatabaseSettings& settings,
                                               const Clock& clock) {
    auto database = storage::Database::open(settings, clock);
    database->migrate();
    workflow::DirectoryAdmin(*database, clock, kFastHashing).seed_demo(kPassword, "system");
    return database;
}

// One reply awaited by send().
struct Awaited {
    std::mutex mutex;
    std::condition_variable arrived;
    std::optional<std::string> reply;
    int replies = 0;
};

class World {
public:
    World()
        : settings_(fuzz_settings(dir_)),
          database_(open_seeded(settings_.database, clock_)),
          orgs_(*database_, clock_),
          workflows_(compile_all(settings_.workflows), settings_.assignment),
          content_rules_(settings_.annual_reports, settings_.scanner),
          reports_(*database_, orgs_, workflows_, content_rules_, clock_, settings_.report_limits),
          comments_(*database_, orgs_, clock_),
          inbox_(*database_, orgs_, clock_),
          work_(net::make_work_guard(ioc_)),
          blocking_(settings_.server.blocking_threads),
          auth_(*database_, clock_, settings_.server.auth, blocking_),
          replies_(settings_.server.reply_cache_bytes),
          dispatcher_(api::Services{*database_, orgs_, reports_, comments_, inbox_, auth_,
                                    blocking_, clock_, replies_},
                      ioc_.get_executor()),
          io_thread_([this] { ioc_.run(); }) {
        log_in_everyone();
        seed_reports();
    }

    ~World() {
        blocking_.join();
        database_->stop_writer();  // no completion arrives after this
        work_.reset();
        ioc_.stop();
        io_thread_.join();
    }

    // A connection of its own for one input: nobody logged in, or `sender`'s login.
    std::shared_ptr<api::ClientState> connection(std::size_t sender) {
        const auto& limits = settings_.server.limits;
        // From 256 addresses in turn (TEST-NET-1), so that failed logins of some inputs do
        // not leave every later login refused by the per-address throttle.
        const auto id = ++next_client_;
        auto client = std::make_shared<api::ClientState>(id, "192.0.2." + std::to_string(id % 256),
                                                         limits.messages_per_second, limits.burst);
        if (sender != 0) {
            const auto& login = *sessions_.at(sender);
            auto session = std::make_shared<api::SessionState>();
            session->token_hash = login.token_hash;
            session->actor = login.actor;
            session->expires_at = login.expires_at;
            session->idle_limit = login.idle_limit;
            const auto now = clock_.now().time_since_epoch().count();
            session->last_activity = now;
            session->last_persisted = now;
            client->set_session(std::move(session));
        }
        return client;
    }

    // Dispatches `frame` and waits for its reply (at most kReplyWait).
    std::string send(const std::shared_ptr<api::ClientState>& client, std::string_view frame) {
        auto awaited = std::make_shared<Awaited>();
        dispatcher_.dispatch(client, frame, [awaited](std::string reply) {
            std::lock_guard lock(awaited->mutex);
            if (++awaited->replies > 1) {
                report_bug("a second reply to one request", reply);
            }
            awaited->reply = std::move(reply);
            awaited->arrived.notify_all();
        });
        std::unique_lock lock(awaited->mutex);
        if (!awaited->arrived.wait_for(lock, kReplyWait,
                                       [&] { return awaited->reply.has_value(); })) {
            report_bug("no reply within 20 s", frame);
        }
        return *awaited->reply;
    }

private:
    // A reply the set-up needs to succeed: its result.
    boost::json::object expect_ok(std::size_t sender, const boost::json::object& request) {
        auto reply = send(connection(sender), boost::json::serialize(request));
        auto parsed = boost::json::parse(reply);
        if (!parsed.at("ok").as_bool()) {
            throw std::runtime_error("dispatcher fuzzer set-up: " + reply);
        }
        return parsed.at("result").as_object();
    }

    void log_in_everyone() {
        sessions_.resize(kSenders.size());
        for (std::size_t sender = 1; sender < kSenders.size(); ++sender) {
            auto client = connection(0);
            auto reply = send(
                client, boost::json::serialize(boost::json::object{{"id", 1},
                                                                   {"op", "auth.login"},
                                                                   {"username", kSenders[sender]},
                                                                   {"password", kPassword}}));
            sessions_[sender] = client->session();
            if (!sessions_[sender]) {
                throw std::runtime_error("dispatcher fuzzer set-up: no login: " + reply);
            }
            // The copies connection() makes must pass for the login itself.
            expect_ok(sender, {{"id", 2}, {"op", "ping"}});
        }
    }

    void seed_reports() {
        constexpr std::size_t drafter = 1;
        constexpr std::size_t longtan_drafter = 6;
        auto notice = [](std::string_view org, std::string_view title, std::string_view body) {
            return boost::json::object{{"id", "seed"},   {"op", "report.create"},
                                       {"org", org},     {"kind", "notice"},
                                       {"title", title}, {"content", {{"body", body}}}};
        };
        auto first = expect_ok(drafter, notice("shuita", "关于开展政务公开培训的通知",
                                               "联系人：张伟，身份证号 11010519491231002X，"
                                               "手机 13812345678，邮箱 zhangwei@example.cn。"));
        const auto first_id = first.at("report").at("id").as_int64();
        expect_ok(drafter, {{"id", 2},
                            {"op", "report.transition"},
                            {"report_id", first_id},
                            {"action", "submit"},
                            {"revision", 1}});
        expect_ok(drafter, {{"id", 3},
                            {"op", "comment.add"},
                            {"report_id", first_id},
                            {"revision", 1},
                            {"body", "@leader 请阅"}});
        expect_ok(drafter, notice("shuita", "草稿通知", "正文"));
        expect_ok(drafter, {{"id", 4},
                            {"op", "report.import"},
                            {"org", "shuita"},
                            {"text", read_file(source_dir() / "tests" / "annual" / "data" /
                                               "sample-2021-annual-report.txt")}});
        expect_ok(longtan_drafter, notice("longtan", "龙潭社区通知", "正文"));
    }

    ScratchDir dir_;
    SystemClock clock_;
    api::AppSettings settings_;
    std::unique_ptr<storage::Database> database_;
    workflow::OrgDirectory orgs_;
    workflow::WorkflowRegistry workflows_;
    workflow::ContentRules content_rules_;
    workflow::ReportService reports_;
    workflow::CommentService comments_;
    workflow::InboxService inbox_;
    net::io_context ioc_{1};
    net::executor_work_guard<net::io_context::executor_type> work_;
    net::thread_pool blocking_;
    api::AuthService auth_;
    api::ReplyCache replies_;
    api::Dispatcher dispatcher_;
    std::thread io_thread_;
    std::atomic<std::uint64_t> next_client_{0};
    std::vector<std::shared_ptr<api::SessionState>> sessions_;  // by sender; [0] none
};

World& world() {
    static World shared;
    return shared;
}

// The request's id, when it has one (null when it is not JSON or not an object). A reply
// carries it, or null when the dispatcher refused the frame before trusting it.
boost::json::value request_id(std::string_view frame) {
    boost::json::parse_options options;
    options.max_depth = kMaxJsonDepth;
    boost::system::error_code ec;
    auto request = boost::json::parse(frame, ec, {}, options);
    if (ec || !request.is_object()) return nullptr;
    const auto* id = request.get_object().if_contains("id");
    return id == nullptr ? boost::json::value(nullptr) : *id;
}

bool known_code(std::string_view code) {
    for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
        if (to_string(static_cast<ErrorCode>(i)) == code) return true;
    }
    return false;
}

void check_reply(std::string_view frame, const std::string& reply) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(reply, ec);
    if (ec || !parsed.is_object()) report_bug("a reply that is not a JSON object", reply);
    const auto& object = parsed.get_object();
    const auto* ok = object.if_contains("ok");
    const auto* id = object.if_contains("id");
    if (ok == nullptr || !ok->is_bool() || id == nullptr) {
        report_bug("a reply without ok or id", reply);
    }
    const auto asked = request_id(frame);
    if (ok->as_bool()) {
        if (*id != asked || asked.is_null()) report_bug("a success for another id", reply);
        if (!object.contains("result")) report_bug("a success without result", reply);
        return;
    }
    if (!id->is_null() && *id != asked) report_bug("an error for another id", reply);
    const auto* error = object.if_contains("error");
    const auto* code =
        error && error->is_object() ? error->get_object().if_contains("code") : nullptr;
    if (code == nullptr || !code->is_string() || !known_code(code->get_string())) {
        report_bug("an error reply without a known code", reply);
    }
    if (code->get_string() == to_string(ErrorCode::internal)) {
        report_bug("an internal error (a fault of the server)", reply);
    }
}

void dispatch(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    auto& shared = world();
    const auto sender = static_cast<unsigned char>(data[0] - '0') % kSenders.size();
    const auto frame = as_text(data + 1, size - 1);
    auto reply = shared.send(shared.connection(sender), frame);
    check_reply(frame, reply);
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Errors only: an `internal` reply's log line comes before the finding.
    spdlog::set_level(spdlog::level::err);
    gongkai::fuzz::world();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::dispatch(data, size);
    return 0;
}
