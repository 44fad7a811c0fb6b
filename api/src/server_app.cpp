#include "gongkai/api/server_app.hpp"

#include "gongkai/api/auth_service.hpp"
#include "gongkai/api/connection_registry.hpp"
#include "gongkai/api/dispatcher.hpp"
#include "gongkai/api/http_routes.hpp"
#include "gongkai/api/http_session.hpp"
#include "gongkai/api/push_hub.hpp"
#include "gongkai/api/static_files.hpp"
#include "gongkai/api/websocket_session.hpp"
#include "lexicon_audit.hpp"
#include "metrics_page.hpp"
#include "public_pages.hpp"

#include <gongkai/core/thread_name.hpp>
#include <gongkai/notifier/notification_pipeline.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/storage/write_queue.hpp>
#include <gongkai/workflow/comment_service.hpp>
#include <gongkai/workflow/inbox_service.hpp>
#include <gongkai/workflow/org_directory.hpp>

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <latch>
#include <limits>
#include <memory>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace gongkai::api {

namespace {

std::vector<workflow::Workflow> compile_all(const std::vector<workflow::WorkflowSpec>& specs) {
    std::vector<workflow::Workflow> workflows;
    for (const auto& spec : specs) {
        workflows.push_back(workflow::Workflow::compile(spec));
    }
    return workflows;
}

// Names each of the pool's `threads` threads (asio's pool has no start hook): one task per
// thread, each holding its thread until all are named, so that no thread takes two.
void name_pool_threads(net::thread_pool& pool, std::size_t threads, std::string_view name) {
    // Shared with the tasks: the last of them may still be leaving the latch when wait()
    // returns here.
    auto all_named = std::make_shared<std::latch>(static_cast<std::ptrdiff_t>(threads));
    for (std::size_t i = 0; i < threads; ++i) {
        net::post(pool, [all_named, name] {
            name_this_thread(name);
            all_named->arrive_and_wait();
        });
    }
    all_named->wait();
}

// Descriptors kept back from connections: the database's connections and their files,
// Redis, the log, the accept loop's spare descriptor.
constexpr std::size_t kReservedDescriptors = 128;
// At most one line per interval about refused connections or an exhausted descriptor table.
constexpr auto kShortageLogInterval = std::chrono::seconds(10);
// How long the accept loop waits after the descriptor table was full.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);

std::size_t descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return std::numeric_limits<std::size_t>::max();
    }
    return static_cast<std::size_t>(limit.rlim_cur);
}

bool out_of_descriptors(const beast::error_code& ec) {
    return ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open ||
           ec == boost::system::errc::too_many_files_open_in_system;
}

// A descriptor held in reserve: given up to take one pending connection off the queue and
// close it when the table is full, so that clients are refused rather than left hanging.
class SpareDescriptor {
public:
    SpareDescriptor() { open_it(); }
    ~SpareDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    SpareDescriptor(const SpareDescriptor&) = delete;
    SpareDescriptor& operator=(const SpareDescriptor&) = delete;

    void refuse_one(int listening) {
        if (fd_ >= 0) ::close(fd_);
        int pending = ::accept4(listening, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (pending >= 0) ::close(pending);
        open_it();
    }

private:
    void open_it() { fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC); }
    int fd_ = -1;
};

// Counts events and says so at most once per interval, instead of once per event.
class ThrottledLog {
public:
    template <class Say>
    void note(Say&& say) {
        ++count_;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ >= kShortageLogInterval) {
            say(count_);
            count_ = 0;
            last_ = now;
        }
    }

private:
    std::uint64_t count_ = 0;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace

std::size_t connection_limit(std::size_t configured, std::size_t descriptors) {
    const std::size_t available = descriptors > 2 * kReservedDescriptors
                                      ? descriptors - kReservedDescriptors
                                      : std::max<std::size_t>(1, descriptors / 2);
    if (configured == 0) return available;
    if (configured > available) {
        spdlog::warn(
            "[limits] max_connections {} is more than the open-file limit allows; using {} "
            "(raise it with ulimit -n or LimitNOFILE=)",
            configured, available);
        return available;
    }
    return configured;
}

struct ServerApp::Impl {
    AppSettings settings;
    const Clock& clock;
    std::unique_ptr<storage::Database> database;
    workflow::OrgDirectory orgs;
    workflow::WorkflowRegistry workflows;
    workflow::ContentRules content_rules;
    workflow::ReportService reports;
    workflow::CommentService comments;
    workflow::InboxService inbox;
    workflow::ReminderService reminders;

    // Owned through optional so that the destructor can end it before the objects its
    // pending handlers refer to (registry, dispatcher, services) are destroyed.
    std::optional<net::io_context> ioc_holder;
    net::io_context& ioc;
    net::thread_pool blocking;
    AuthService auth;
    ReplyCache replies;
    Dispatcher dispatcher;
    HttpRoutes routes;
    StaticFiles web_files;
    ConnectionRegistry registry;
    PushHub push;
    std::unique_ptr<notifier::NotificationPipeline> pipeline;
    std::atomic<std::uint64_t> next_client_id{0};
    std::optional<tcp::acceptor> acceptor_holder;
    tcp::acceptor& acceptor;
    std::optional<net::steady_timer> drain_timer_holder;
    net::steady_timer& drain_timer;
    std::optional<net::steady_timer> reminder_timer_holder;
    std::optional<net::signal_set> reload_signal;  // SIGHUP, when there is a scanner
    net::steady_timer& reminder_timer;
    std::optional<net::steady_timer> accept_timer_holder;  // the pause after EMFILE
    std::optional<net::steady_timer> refusal_timer_holder;
    SpareDescriptor spare_descriptor;
    ThrottledLog descriptor_shortage;
    ThrottledLog connections_refused;
    std::chrono::steady_clock::time_point stop_deadline;
    std::optional<std::chrono::steady_clock::time_point> settled_at;
    bool stopping = false;

    Impl(AppSettings s, const Clock& c)
        : settings(with_connection_limit(std::move(s))),
          clock(c),
          database(open_database(settings.database, clock)),
          orgs(*database, clock),
          workflows(compile_all(settings.workflows), settings.assignment),
          content_rules(settings.annual_reports, settings.scanner),
          reports(*database, orgs, workflows, content_rules, clock, settings.report_limits),
          comments(*database, orgs, clock),
          inbox(*database, orgs, clock),
          reminders(*database, orgs, workflows, clock, settings.deadlines),
          ioc_holder(std::in_place,
                     static_cast<int>(std::max<std::size_t>(1, settings.server.io_threads))),
          ioc(*ioc_holder),
          blocking(std::max<std::size_t>(1, settings.server.blocking_threads)),
          auth(*database, clock, settings.server.auth, blocking),
          replies(settings.server.reply_cache_bytes),
          dispatcher(
              Services{*database, orgs, reports, comments, inbox, auth, blocking, clock, replies},
              ioc.get_executor()),
          push(ioc.get_executor(), registry, *database, orgs, clock),
          acceptor_holder(std::in_place, net::make_strand(ioc)),
          acceptor(*acceptor_holder),
          drain_timer_holder(std::in_place, ioc),
          drain_timer(*drain_timer_holder),
          reminder_timer_holder(std::in_place, ioc),
          reminder_timer(*reminder_timer_holder),
          accept_timer_holder(std::in_place, acceptor.get_executor()),
          refusal_timer_holder(std::in_place, ioc) {
        if (settings.redis) {
            pipeline = std::make_unique<notifier::NotificationPipeline>(
                *database, *settings.redis,
                [this](const storage::Notification& n) { push.deliver(n); });
            push.on_queued([this] { pipeline->wake(); });
        }
        name_pool_threads(blocking, std::max<std::size_t>(1, settings.server.blocking_threads),
                          "gk-blocking");
        reports.set_events(&push);
        comments.set_events(&push);
        reminders.set_events(&push);
        add_routes();
    }

    ~Impl() {
        ioc.stop();
        blocking.join();
        if (pipeline) pipeline->stop();
        database->stop_writer();  // no completion arrives after this
        acceptor_holder.reset();
        drain_timer_holder.reset();
        reminder_timer_holder.reset();
        accept_timer_holder.reset();
        refusal_timer_holder.reset();
        reload_signal.reset();
        ioc_holder.reset();  // destroys the connections still referenced by handlers
    }

    static AppSettings with_connection_limit(AppSettings settings) {
        auto& limits = settings.server.limits;
        limits.max_connections = connection_limit(limits.max_connections, descriptor_limit());
        return settings;
    }

    static std::unique_ptr<storage::Database> open_database(const storage::DatabaseSettings& s,
                                                            const Clock& clock) {
        auto database = storage::Database::open(s, clock);
        database->migrate();
        return database;
    }

    void add_routes() {
        add_public_pages(routes, reports, orgs, *database, replies);
        add_web_files();
        routes.add("/metrics", [this](const HttpRequest& request) {
            auto page =
                render_metrics({dispatcher.metrics(), *database, pipeline.get(), registry.size(),
                                registry.sent(), replies.totals(), registry.open_connections(),
                                registry.queued_bytes(), registry.cut_off()});
            return HttpRoutes::text(request, http::status::ok,
                                    "text/plain; version=0.0.4; charset=utf-8", std::move(page));
        });
        routes.add("/healthz", [this](const HttpRequest& request) {
            bool database_ok = true;
            try {
                database->read([](storage::Stores& stores) { stores.audit.recorded_head(); });
            } catch (const std::exception&) {
                database_ok = false;
            }
            // Redis away only delays notifications: the server stays ready, degraded.
            std::string redis = !pipeline              ? "not_configured"
                                : pipeline->redis_up() ? "ok"
                                                       : "degraded";
            boost::json::object body{
                {"status", database_ok && redis != "degraded" ? "ok" : "degraded"},
                {"database", database_ok ? "ok" : "unavailable"},
                {"redis", redis},
                {"connections", registry.size()},
                {"write_queue", database->writer().depth()}};
            return HttpRoutes::text(
                request, database_ok ? http::status::ok : http::status::service_unavailable,
                "application/json", boost::json::serialize(body) + "\n");
        });
    }

    // The front-end answers only what no other route takes.
    void add_web_files() {
        const auto& root = settings.server.web_root;
        web_files = StaticFiles::load(root);
        if (web_files.ready()) {
            spdlog::info("serving the web front-end from {} ({} files)", root.string(),
                         web_files.size());
        } else {
            spdlog::warn(
                "web front-end not served ({}): GET / answers 503; build it with "
                "`cd web && npm install && npm run build`, or set [web] root / --web-root",
                web_files.problem());
        }
        routes.set_fallback(
            [this](const HttpRequest& request) { return web_files.answer(request); });
    }

    void do_accept() {
        acceptor.async_accept(
            net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
                if (ec) {
                    on_accept_error(ec);
                    return;
                }
                auto slot = registry.open_slot(settings.server.limits.max_connections);
                if (!slot) {
                    connections_refused.note([this](std::uint64_t count) {
                        spdlog::warn("{} connections refused: {} open, the limit", count,
                                     settings.server.limits.max_connections);
                    });
                    beast::error_code ignored;
                    socket.close(ignored);
                    do_accept();
                    return;
                }
                // Replies are small and wanted at once: without this a reply written in two
                // segments waits for the client's delayed acknowledgement (40 ms on Linux).
                beast::error_code ignored;
                socket.set_option(tcp::no_delay(true), ignored);
                std::make_shared<HttpSession>(std::move(socket),
                                              ConnectionContext{settings.server, dispatcher, routes,
                                                                registry, next_client_id},
                                              std::move(slot))
                    ->run();
                do_accept();
            });
    }

    // Runs on the acceptor's strand. With the descriptor table full, accepting again at once
    // fails again at once (a busy loop and a log line per failure); pause instead, and shed
    // one waiting connection through the spare descriptor so its client hears a refusal.
    void on_accept_error(const beast::error_code& ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) {
            return;
        }
        if (out_of_descriptors(ec)) {
            descriptor_shortage.note([&](std::uint64_t count) {
                spdlog::error(
                    "out of file descriptors ({}, {} times): refusing connections "
                    "for now; {} open",
                    ec.message(), count, registry.open_connections());
            });
            spare_descriptor.refuse_one(acceptor.native_handle());
        } else {
            spdlog::warn("accept failed: {}", ec.message());
        }
        accept_timer_holder->expires_after(kAcceptBackoff);
        accept_timer_holder->async_wait([this](beast::error_code wait_error) {
            if (!wait_error && acceptor.is_open()) do_accept();
        });
    }

    // SIGHUP: reload the secrecy-scan lexicons on the blocking pool (compiling the patterns
    // takes tens of milliseconds); scans in flight keep the scanner they started with, and a
    // failed reload keeps the old lexicons.
    void watch_reload_signal() {
        if (!reload_signal) reload_signal.emplace(ioc, SIGHUP);
        reload_signal->async_wait([this](beast::error_code ec, int) {
            if (ec || stopping) return;
            net::post(blocking, [this, scanner = settings.scanner] {
                auto outcome = scanner->reload();
                if (outcome.reloaded) {
                    spdlog::info("secrecy-scan lexicons reloaded from {}",
                                 scanner->lexicon_dir().string());
                } else {
                    spdlog::error("secrecy-scan lexicons not reloaded, the old ones stay: {}",
                                  outcome.error);
                }
                audit_lexicon_reload(*database, "system", "SIGHUP", outcome,
                                     [](std::exception_ptr error) {
                                         if (!error) return;
                                         try {
                                             std::rethrow_exception(error);
                                         } catch (const std::exception& e) {
                                             spdlog::error(
                                                 "lexicon reload not recorded in the audit "
                                                 "log: {}",
                                                 e.what());
                                         }
                                     });
            });
            watch_reload_signal();
        });
    }

    void schedule_reminders() {
        if (settings.reminder_interval.count() <= 0) return;
        reminder_timer.expires_after(settings.reminder_interval);
        reminder_timer.async_wait([this](beast::error_code ec) {
            if (ec || stopping) return;
            net::post(blocking, [this] {
                try {
                    reminders.run_once();
                } catch (const std::exception& e) {
                    spdlog::warn("reminders: {}", e.what());
                }
            });
            schedule_reminders();
        });
    }

    // Login attempts refused without a password check reach the audit log as one entry
    // per address and interval (AuthService::record_refusals).
    void schedule_refusal_summaries() {
        refusal_timer_holder->expires_after(settings.server.auth.refusal_summary_interval);
        refusal_timer_holder->async_wait([this](beast::error_code ec) {
            if (ec || stopping) return;
            record_refusals();
            schedule_refusal_summaries();
        });
    }

    void record_refusals() {
        auth.record_refusals([](Outcome<std::size_t> outcome) {
            try {
                outcome.value();
            } catch (const std::exception& e) {
                spdlog::error("refused logins not recorded in the audit log: {}", e.what());
            }
        });
    }

    void begin_stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        reminder_timer.cancel();
        refusal_timer_holder->cancel();
        record_refusals();
        if (reload_signal) {
            beast::error_code ignored;
            reload_signal->cancel(ignored);
        }
        spdlog::info("shutting down: finishing requests in flight");
        // Closed on the acceptor's own strand: an accept completing on another thread at this
        // moment would otherwise start the next accept on a socket being closed (a crash seen
        // under load when tests stop their servers).
        net::post(acceptor.get_executor(), [this] {
            beast::error_code ec;
            acceptor.close(ec);
            accept_timer_holder->cancel();
        });
        registry.for_each([](WebSocketSession& session) { session.shut_down(); });
        stop_deadline = std::chrono::steady_clock::now() + settings.server.shutdown_grace;
        wait_for_drain();
    }

    void wait_for_drain() {
        drain_timer.expires_after(std::chrono::milliseconds(20));
        drain_timer.async_wait([this](beast::error_code) {
            // Settled: all replies written and the close frame on its way. Give the
            // close frames a moment to leave, but do not wait for slow clients' answers.
            std::size_t unsettled = 0;
            registry.for_each([&](WebSocketSession& session) { unsettled += !session.settled(); });
            const auto now = std::chrono::steady_clock::now();
            if (unsettled == 0 && !settled_at) {
                settled_at = now;
            }
            bool drained = database->writer().depth() == 0 &&
                           (registry.size() == 0 ||
                            (settled_at && now - *settled_at > std::chrono::milliseconds(200)));
            if (drained || std::chrono::steady_clock::now() >= stop_deadline) {
                if (!drained) {
                    spdlog::warn("shutdown grace period over; closing {} connections", unsettled);
                }
                ioc.stop();
                return;
            }
            wait_for_drain();
        });
    }
};

ServerApp::ServerApp(AppSettings settings, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(settings), clock)) {}

ServerApp::~ServerApp() = default;

std::pair<std::string, std::uint16_t> ServerApp::listen() {
    auto& listen = impl_->settings.server.listen;
    beast::error_code ec;
    auto address = net::ip::make_address(listen.host, ec);
    if (ec) {
        throw std::runtime_error("invalid listen address " + listen.host);
    }
    tcp::endpoint endpoint{address, listen.port};
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint, ec);
    if (ec) {
        throw std::runtime_error("cannot listen on " + listen.host + ":" +
                                 std::to_string(listen.port) + ": " + ec.message());
    }
    acceptor.listen(net::socket_base::max_listen_connections);
    auto bound = acceptor.local_endpoint();
    if (!address.is_loopback() && impl_->settings.server.public_origins.empty()) {
        spdlog::warn(
            "listening on {} beyond this machine without [server] public_origins: browsers "
            "may open the WebSocket only from pages addressed by IP; set public_origins to the "
            "address people open the workbench at",
            listen.host);
    }
    return {bound.address().to_string(), bound.port()};
}

void ServerApp::run(bool handle_signals) {
    auto& impl = *impl_;
    net::signal_set signals(impl.ioc);
    if (handle_signals) {
        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.async_wait([&impl](beast::error_code ec, int) {
            if (!ec) {
                impl.begin_stop();
            }
        });
        if (impl.settings.scanner) impl.watch_reload_signal();
    }
    impl.do_accept();
    if (impl.pipeline) impl.pipeline->start();
    impl.schedule_reminders();
    impl.schedule_refusal_summaries();
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < std::max<std::size_t>(1, impl.settings.server.io_threads); ++i) {
        threads.emplace_back([&impl, i] {
            name_this_thread("gk-io-" + std::to_string(i));
            impl.ioc.run();
        });
    }
    impl.ioc.run();  // the main thread is I/O thread 0 (and keeps the process's name)
    for (auto& thread : threads) {
        thread.join();
    }
    // Everything acknowledged was committed before its reply; now let the writer finish
    // the jobs nobody waits for any more (session touches). Notifications not yet
    // delivered stay in the outbox for the next start.
    impl.blocking.join();
    if (impl.pipeline) impl.pipeline->stop();
    impl.database->stop_writer();
}

void ServerApp::request_stop() {
    net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_stop(); });
}

storage::Database& ServerApp::database() {
    return *impl_->database;
}

bool ServerApp::redis_ok() const {
    return !impl_->pipeline || impl_->pipeline->redis_up();
}

}  // namespace gongkai::api
