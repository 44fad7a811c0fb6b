// The workloads of gongkai-bench. Each runs for a fixed time (or a fixed amount of work)
// against a running server, with coroutines on one or a few threads, and measures every
// request from send to reply.
#include "workloads.hpp"

#include <gongkai/core/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <sqlite3.h>
#include <sys/resource.h>
#include <thread>
#include <unordered_map>

namespace gongkai::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

const boost::json::object kClearChecklist{{"state_secret", false},
                                          {"work_secret", false},
                                          {"personal_info", false},
                                          {"commercial_secret", false},
                                          {"security_stability", false}};

double ms_between(SteadyClock::time_point start, SteadyClock::time_point end) {
    return std::chrono::duration<double, std::milli>(end - start).count();
}

double ms_since(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// Shared state of one run: the deadline, counters, and a latency list per worker so that
// workers on different threads never share one.
struct Run {
    // Atomic because workers on several threads read them while one of them starts the run.
    std::atomic<SteadyClock::time_point> start{SteadyClock::time_point::max()};
    std::atomic<SteadyClock::time_point> deadline{SteadyClock::time_point::max()};
    std::atomic<std::uint64_t> ops{0};
    std::atomic<std::uint64_t> errors{0};
    std::mutex mutex;
    Latencies latencies;
    Latencies push_latencies;
    // Acknowledgement to push: from the moment the client holds the committed submit's
    // reply to the moment the recipient's push arrives (0 when the push came first). The
    // reply is sent after the commit, so this is the commit-to-push time minus the reply's
    // own trip; `push_latencies` (from the notification's created_at, stamped inside the
    // transaction before its commit) bounds it from above.
    std::unordered_map<std::int64_t, SteadyClock::time_point> acknowledged_at, pushed_at;
    Latencies ack_to_push;

    void on_acknowledged(std::int64_t report_id) {
        auto now = SteadyClock::now();
        std::lock_guard lock(mutex);
        if (auto pushed = pushed_at.find(report_id); pushed != pushed_at.end()) {
            ack_to_push.add(0);
            pushed_at.erase(pushed);
        } else {
            acknowledged_at[report_id] = now;
        }
    }
    void on_pushed(std::int64_t report_id) {
        auto now = SteadyClock::now();
        std::lock_guard lock(mutex);
        if (auto acked = acknowledged_at.find(report_id); acked != acknowledged_at.end()) {
            ack_to_push.add(ms_between(acked->second, now));
            acknowledged_at.erase(acked);
        } else {
            pushed_at[report_id] = now;
        }
    }

    bool open() const { return SteadyClock::now() < deadline.load(); }
    void begin(double seconds) {
        auto now = SteadyClock::now();
        deadline = now + std::chrono::duration_cast<SteadyClock::duration>(
                             std::chrono::duration<double>(seconds));
        start = now;
    }
    void merge(const Latencies& worker) {
        std::lock_guard lock(mutex);
        latencies.merge(worker);
    }
    // A pushed notification: how long from its commit (created_at) to now.
    void on_event(const boost::json::object& event) {
        if (event.at("event") != "notification") return;
        auto created = parse_iso8601(event.at("data").at("created_at").as_string());
        if (!created) return;
        double ms =
            std::chrono::duration<double, std::milli>(std::chrono::system_clock::now() - *created)
                .count();
        std::lock_guard lock(mutex);
        push_latencies.add(ms);
    }
};

// Runs `body(ioc, spawn)` on an io_context with `threads` threads until every spawned worker
// ends. spawn() takes the coroutine lambda itself, not its awaitable: co_spawn keeps the lambda
// (and so its captures) alive for as long as the coroutine runs, where a called temporary
// lambda would leave the coroutine with dangling captures.
template <class Body>
void run_on_threads(int threads, Body body) {
    net::io_context ioc(threads);
    auto guard = net::make_work_guard(ioc);
    std::atomic<int> pending{0};
    auto spawn = [&](auto worker) {
        ++pending;
        net::co_spawn(ioc, std::move(worker), [&](std::exception_ptr error) {
            if (error) {
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    fmt::print(stderr, "worker failed: {}\n", e.what());
                }
            }
            if (--pending == 0) ioc.stop();
        });
    };
    body(ioc, spawn);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& thread : pool)
        thread.join();
}

struct Tokens {
    std::string drafter, reviewer, leader;
};

Tokens login_all(const Options& options) {
    Tokens tokens;
    run_on_threads(1, [&](net::io_context& ioc, auto spawn) {
        (void)ioc;
        spawn([&]() -> net::awaitable<void> {
            auto connection = co_await Connection::open(options.target);
            tokens.drafter = co_await connection->login("drafter", options.password);
            tokens.reviewer = co_await connection->login("reviewer", options.password);
            tokens.leader = co_await connection->login("leader", options.password);
        });
    });
    if (tokens.leader.empty()) throw std::runtime_error("cannot log in the demo users");
    return tokens;
}

net::awaitable<std::unique_ptr<Connection>> open_as(const Options& options,
                                                    const std::string& token) {
    auto connection = co_await Connection::open(options.target);
    co_await connection->resume(token);
    co_return connection;
}

// A connection logged in as `username` whose pushed events are timed by `run`.
net::awaitable<std::unique_ptr<Connection>> open_logged_in(const Options& options,
                                                           std::string username, Run& run) {
    auto connection = co_await Connection::open(options.target);
    co_await connection->login(username, options.password);
    connection->on_event = [&run](const auto& event) { run.on_event(event); };
    co_return connection;
}

// One request, timed; a failed request counts as an error.
template <class Request>
net::awaitable<std::optional<boost::json::object>> timed(Run& run, Latencies& latencies,
                                                         Connection& connection, Request request) {
    auto start = SteadyClock::now();
    try {
        auto result = co_await connection.call(std::move(request));
        latencies.add(ms_since(start));
        ++run.ops;
        co_return result;
    } catch (const RequestFailed& e) {
        ++run.errors;
        if (run.errors < 5) fmt::print(stderr, "request failed: {}\n", e.what());
        co_return std::nullopt;
    }
}

// create → submit → pass_review → approve → publish, each by the right person.
net::awaitable<void> drive_one_report(Run& run, Latencies& latencies, Connection& drafter,
                                      Connection& reviewer, Connection& leader,
                                      const std::string& org, const std::string& title) {
    // Requests are built before co_await: GCC 12 cannot keep a braced list alive across a
    // suspension point ("array used as initializer").
    boost::json::object create{{"op", "report.create"},
                               {"org", org},
                               {"kind", "notice"},
                               {"title", title},
                               {"content", {{"body", "基准测试"}}}};
    auto created = co_await timed(run, latencies, drafter, std::move(create));
    if (!created) co_return;
    auto id = created->at("report").at("id").as_int64();
    auto step = [&](Connection& who, const char* action) {
        boost::json::object request{
            {"op", "report.transition"}, {"report_id", id}, {"action", action}, {"revision", 1}};
        if (std::string_view(action) == "pass_review") request["checklist"] = kClearChecklist;
        return timed(run, latencies, who, std::move(request));
    };
    if (!co_await step(drafter, "submit")) co_return;
    if (!co_await step(reviewer, "pass_review")) co_return;
    if (!co_await step(leader, "approve")) co_return;
    co_await step(leader, "publish");
}

// The server's /metrics page.
std::string server_metrics_page(const Target& target) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::resolver(ioc).resolve(target.host, target.port));
    beast::http::request<beast::http::empty_body> request(beast::http::verb::get, "/metrics", 11);
    request.set(beast::http::field::host, target.host);
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> response;
    beast::http::read(stream, buffer, response);
    return std::move(response.body());
}

// One sample of a /metrics page, by its full name with labels: `name` or `name{a="b"}`.
std::optional<double> metric_in(const std::string& page, std::string_view name) {
    const std::string line_start = "\n" + std::string(name) + " ";
    auto at = page.find(line_start);
    if (at == std::string::npos) return std::nullopt;
    return std::stod(page.substr(at + line_start.size()));
}

double server_metric(const Target& target, std::string_view name) {
    auto value = metric_in(server_metrics_page(target), name);
    if (!value) throw std::runtime_error(fmt::format("no {} in /metrics", name));
    return *value;
}

// Samples the server's outbox depth while a run lasts: notifications that keep up leave it
// bounded during the run and empty soon after (issue 6).
class OutboxWatch {
public:
    OutboxWatch(const Target& target, const Run& run)
        : thread_([this, &target, &run] {
              while (!stop_) {
                  if (SteadyClock::now() >= run.start.load()) sample(target);
                  std::this_thread::sleep_for(std::chrono::milliseconds(200));
              }
          }) {}
    ~OutboxWatch() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    // Into `result`: the deepest sample, and the depth once the server had a second to
    // deliver what the run left.
    void report(const Target& target, Result& result) {
        stop();
        if (!seen_) return;  // a server without Redis has no outbox figure to give
        result.extra["outbox_pending_max"] = max_;
        result.extra["outbox_pending_after_1s"] = server_metric(target, "gongkai_outbox_pending");
    }

private:
    void sample(const Target& target) {
        try {
            max_ = std::max(max_, server_metric(target, "gongkai_outbox_pending"));
            seen_ = true;
        } catch (const std::exception&) {
            // no Redis configured (no such metric), or the server is busy: skip a sample
        }
    }
    std::atomic<bool> stop_{false};
    double max_ = 0;
    bool seen_ = false;
    std::thread thread_;
};

// CPU time spent while a run lasts, per operation: the server's, by thread role (from
// its /metrics), and this load generator's. Both share the machine, so a throughput figure
// comes with where the machine's time went: a writer near one core is the group commit's
// ceiling; a machine whose cores are all busy is limited by everything together. With it,
// the frames the server wrote per operation (replies and pushed events), which is what the
// I/O threads' share grows with.
class CpuWatch {
public:
    CpuWatch(const Target& target, const Run& run)
        : run_(run), thread_([this, &target, &run] {
              if (!wait_until(run.start)) return;
              begin_ = sample(target);
              if (!wait_until(run.deadline)) return;
              end_ = sample(target);
          }) {}
    ~CpuWatch() { stop(); }

    // Into `result`: microseconds of CPU per operation (server, each server thread role,
    // client) and cores in use (CPU seconds per second of the run).
    void report(Result& result) {
        // A run that never began (its workers could not all connect) has nothing to give;
        // one that began is over, and the end is sampled within milliseconds of its deadline.
        if (run_.start.load() == SteadyClock::time_point::max()) stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (!begin_ || !end_ || result.ops == 0) return;
        const double ops = static_cast<double>(result.ops);
        const double seconds = std::chrono::duration<double>(end_->at - begin_->at).count();
        auto add = [&](const std::string& what, double cpu_seconds) {
            result.extra[what + "_cpu_us_per_op"] = cpu_seconds / ops * 1e6;
        };
        add("client", end_->client - begin_->client);
        result.extra["client_cores"] = (end_->client - begin_->client) / seconds;
        if (!end_->server || !begin_->server) return;  // a server without the CPU metrics
        add("server", *end_->server - *begin_->server);
        result.extra["server_cores"] = (*end_->server - *begin_->server) / seconds;
        for (const auto& [role, cpu] : end_->server_threads) {
            auto before = begin_->server_threads.find(role);
            if (before != begin_->server_threads.end()) add("server_" + role, cpu - before->second);
        }
        for (const auto& [kind, frames] : end_->server_frames) {
            auto before = begin_->server_frames.find(kind);
            if (before != begin_->server_frames.end()) {
                result.extra["server_" + kind + "_frames_per_op"] = (frames - before->second) / ops;
            }
        }
    }

private:
    struct Sample {
        SteadyClock::time_point at;
        double client = 0;
        std::optional<double> server;
        std::map<std::string, double> server_threads;
        std::map<std::string, double> server_frames;  // "reply", "event"
    };

    // Waits for `when` (which may still be unset, at max()); false when stopped first.
    bool wait_until(const std::atomic<SteadyClock::time_point>& when) {
        while (!stop_ && SteadyClock::now() < when.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return !stop_;
    }

    static Sample sample(const Target& target) {
        Sample out;
        out.at = SteadyClock::now();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        out.client = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        try {
            auto page = server_metrics_page(target);
            out.server = metric_in(page, "process_cpu_seconds_total");
            for (const char* role : {"io", "writer", "relay", "consumer", "blocking", "other"}) {
                auto name = fmt::format("gongkai_thread_cpu_seconds_total{{thread=\"{}\"}}", role);
                if (auto cpu = metric_in(page, name)) out.server_threads[role] = *cpu;
            }
            for (const char* kind : {"reply", "event"}) {
                auto name = fmt::format("gongkai_websocket_frames_sent_total{{kind=\"{}\"}}", kind);
                if (auto frames = metric_in(page, name)) out.server_frames[kind] = *frames;
            }
        } catch (const std::exception&) {
            // the server did not answer in time: no server figures for this run
        }
        return out;
    }

    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }

    const Run& run_;
    std::atomic<bool> stop_{false};
    std::optional<Sample> begin_, end_;
    std::thread thread_;
};

Result finish(Run& run, const std::string& name, int connections) {
    Result result;
    result.name = name;
    result.ops = run.ops;
    result.errors = run.errors;
    result.seconds =
        std::chrono::duration<double>(
            std::min(SteadyClock::now(), std::max(run.deadline.load(), run.start.load())) -
            run.start.load())
            .count();
    result.latencies = std::move(run.latencies);
    result.extra["connections"] = connections;
    if (run.ack_to_push.size() > 0) {
        result.extra["ack_to_push_p50_ms"] = run.ack_to_push.percentile(50);
        result.extra["ack_to_push_p99_ms"] = run.ack_to_push.percentile(99);
        result.extra["ack_to_push_max_ms"] = run.ack_to_push.max();
    }
    if (run.push_latencies.size() > 0) {
        result.extra["notifications"] = run.push_latencies.size();
        result.extra["push_p50_ms"] = run.push_latencies.percentile(50);
        result.extra["push_p99_ms"] = run.push_latencies.percentile(99);
        result.extra["push_max_ms"] = run.push_latencies.max();
    }
    return result;
}

}  // namespace

double Latencies::percentile(double p) {
    if (values_.empty()) return 0;
    auto rank = static_cast<std::size_t>(p / 100.0 * (values_.size() - 1) + 0.5);
    std::nth_element(values_.begin(), values_.begin() + rank, values_.end());
    return values_[rank];
}

double Latencies::max() {
    return values_.empty() ? 0 : *std::max_element(values_.begin(), values_.end());
}

boost::json::object Result::to_json() {
    boost::json::object out{{"ops", ops},
                            {"ops_per_s", ops_per_s()},
                            {"seconds", seconds},
                            {"errors", errors},
                            {"p50_ms", latencies.percentile(50)},
                            {"p95_ms", latencies.percentile(95)},
                            {"p99_ms", latencies.percentile(99)},
                            {"max_ms", latencies.max()}};
    for (const auto& member : extra)
        out[member.key()] = member.value();
    return out;
}

std::string Result::summary() {
    auto line = fmt::format(
        "{:<15} {:>10.1f} ops/s  p50 {:.2f} ms  p95 {:.2f} ms  p99 {:.2f} ms  "
        "max {:.2f} ms  errors {}",
        name, ops_per_s(), latencies.percentile(50), latencies.percentile(95),
        latencies.percentile(99), latencies.max(), errors);
    for (const auto& member : extra) {
        line += fmt::format("  {} {}", std::string(member.key()),
                            boost::json::serialize(member.value()));
    }
    return line;
}

Result run_lifecycle(const Options& options) {
    auto tokens = login_all(options);
    Run run;
    OutboxWatch outbox(options.target, run);
    CpuWatch cpu(options.target, run);
    std::atomic<int> ready{0};  // the run begins when every worker is connected
    run_on_threads(options.threads, [&](net::io_context& ioc, auto spawn) {
        // Listeners, one per user, read pushes continuously to time them.
        for (const auto* token : {&tokens.drafter, &tokens.reviewer, &tokens.leader}) {
            spawn([&run, &options, token]() -> net::awaitable<void> {
                auto listener = co_await open_as(options, *token);
                listener->on_event = [&run](const auto& event) { run.on_event(event); };
                try {
                    co_await listener->listen();
                } catch (const std::exception&) {
                }
            });
        }
        for (int worker = 0; worker < options.connections; ++worker) {
            spawn([&, worker]() -> net::awaitable<void> {
                std::unique_ptr<Connection> drafter, reviewer, leader;
                std::string org = "shuita";
                if (options.per_worker_users) {
                    org = fmt::format("bench-{:03}", worker + 1);
                    // Each worker's own office: pushes reach its three connections only,
                    // and are timed there.
                    drafter = co_await open_logged_in(options, org + ".drafter", run);
                    reviewer = co_await open_logged_in(options, org + ".reviewer", run);
                    leader = co_await open_logged_in(options, org + ".leader", run);
                } else {
                    drafter = co_await open_as(options, tokens.drafter);
                    reviewer = co_await open_as(options, tokens.reviewer);
                    leader = co_await open_as(options, tokens.leader);
                }
                if (++ready == options.connections) run.begin(options.seconds);
                while (SteadyClock::now() < run.start.load()) {
                    net::steady_timer wait(co_await net::this_coro::executor,
                                           std::chrono::milliseconds(5));
                    co_await wait.async_wait(net::use_awaitable);
                }
                Latencies latencies;
                int n = 0;
                while (run.open()) {
                    co_await drive_one_report(run, latencies, *drafter, *reviewer, *leader, org,
                                              fmt::format("基准 {}-{}", worker, n++));
                }
                run.merge(latencies);
            });
        }
        // Stop the listeners shortly after the workers.
        spawn([&]() -> net::awaitable<void> {
            net::steady_timer timer(co_await net::this_coro::executor);
            while (run.open() ||
                   SteadyClock::now() < run.deadline.load() + std::chrono::seconds(1)) {
                timer.expires_after(std::chrono::milliseconds(100));
                co_await timer.async_wait(net::use_awaitable);
            }
            ioc.stop();
        });
    });
    auto result = finish(run, "lifecycle", options.connections * 3);
    cpu.report(result);
    outbox.report(options.target, result);
    return result;
}

Result run_read(const Options& options) {
    auto tokens = login_all(options);
    // Some reports to read.
    std::vector<std::int64_t> ids;
    run_on_threads(1, [&](net::io_context&, auto spawn) {
        spawn([&]() -> net::awaitable<void> {
            auto drafter = co_await open_as(options, tokens.drafter);
            boost::json::object list{{"op", "report.list"}, {"limit", 200}};
            auto page = co_await drafter->call(std::move(list));
            for (const auto& item : page.at("items").as_array())
                ids.push_back(item.at("id").as_int64());
            while (ids.size() < 50) {
                boost::json::object create{{"op", "report.create"},
                                           {"org", "shuita"},
                                           {"kind", "notice"},
                                           {"title", "读取基准"},
                                           {"content", {{"body", "正文"}}}};
                auto created = co_await drafter->call(std::move(create));
                ids.push_back(created.at("report").at("id").as_int64());
            }
        });
    });
    Run run;
    CpuWatch cpu(options.target, run);
    run.begin(options.seconds);
    run_on_threads(options.threads, [&](net::io_context&, auto spawn) {
        for (int worker = 0; worker < options.connections; ++worker) {
            spawn([&, worker]() -> net::awaitable<void> {
                auto connection = co_await open_as(options, tokens.drafter);
                std::mt19937 random(worker);
                Latencies latencies;
                for (int n = 0; run.open(); ++n) {
                    boost::json::object request;
                    if (n % 4 == 3) {
                        request = {{"op", "report.list"}, {"limit", 20}};
                    } else {
                        request = {{"op", "report.get"}, {"report_id", ids[random() % ids.size()]}};
                    }
                    co_await timed(run, latencies, *connection, std::move(request));
                }
                run.merge(latencies);
            });
        }
    });
    auto result = finish(run, "read", options.connections);
    cpu.report(result);
    result.extra["mix"] = "3 report.get : 1 report.list";
    return result;
}

Result run_ping(const Options& options) {
    auto tokens = login_all(options);
    Run run;
    CpuWatch cpu(options.target, run);
    run.begin(options.seconds);
    run_on_threads(options.threads, [&](net::io_context&, auto spawn) {
        for (int worker = 0; worker < options.connections; ++worker) {
            spawn([&]() -> net::awaitable<void> {
                auto connection = co_await open_as(options, tokens.drafter);
                Latencies latencies;
                while (run.open()) {
                    boost::json::object ping{{"op", "ping"}};
                    co_await timed(run, latencies, *connection, std::move(ping));
                }
                run.merge(latencies);
            });
        }
    });
    auto result = finish(run, "ping", options.connections);
    cpu.report(result);
    return result;
}

// `connections` connections send logins with made-up usernames as fast as they are answered,
// while one colleague from another address (127.0.0.2) logs in as drafter again and again:
// the colleague's logins are the operations timed. The flood's answers are counted apart.
Result run_login_flood(const Options& options) {
    Run run;
    std::atomic<std::uint64_t> refused{0}, checked{0};
    CpuWatch cpu(options.target, run);
    run.begin(options.seconds);
    run_on_threads(options.threads, [&](net::io_context&, auto spawn) {
        for (int worker = 0; worker < options.connections; ++worker) {
            spawn([&, worker]() -> net::awaitable<void> {
                auto connection = co_await Connection::open(options.target);
                for (int attempt = 0; run.open(); ++attempt) {
                    auto name = fmt::format("flood-{}-{}", worker, attempt);
                    boost::json::object login{
                        {"op", "auth.login"}, {"username", name}, {"password", "guess"}};
                    try {
                        co_await connection->call(std::move(login));
                    } catch (const RequestFailed& e) {
                        ++(e.code() == "rate_limited" ? refused : checked);
                    }
                }
            });
        }
        spawn([&]() -> net::awaitable<void> {
            auto colleague = options.target;
            colleague.source = "127.0.0.2";
            auto connection = co_await Connection::open(colleague);
            Latencies latencies;
            while (run.open()) {
                boost::json::object login{
                    {"op", "auth.login"}, {"username", "drafter"}, {"password", options.password}};
                co_await timed(run, latencies, *connection, std::move(login));
            }
            run.merge(latencies);
        });
    });
    auto result = finish(run, "login-flood", options.connections);
    result.extra["flood_refused"] = refused.load();
    result.extra["flood_checked"] = checked.load();
    cpu.report(result);
    return result;
}

Result run_notify(const Options& options) {
    auto tokens = login_all(options);
    Run run;
    std::atomic<int> submitted{0};
    std::atomic<int> started{0};
    std::atomic<int> finished{0};
    run.begin(3600);  // ends when the work is done (below)
    run_on_threads(options.threads, [&](net::io_context& ioc, auto spawn) {
        spawn([&]() -> net::awaitable<void> {
            auto listener = co_await open_as(options, tokens.reviewer);
            listener->on_event = [&run](const auto& event) {
                run.on_event(event);
                if (event.at("event") == "notification") {
                    run.on_pushed(event.at("data").at("report_id").as_int64());
                }
            };
            try {
                co_await listener->listen();
            } catch (const std::exception&) {
            }
        });
        for (int worker = 0; worker < options.connections; ++worker) {
            spawn([&, worker]() -> net::awaitable<void> {
                auto drafter = co_await open_as(options, tokens.drafter);
                Latencies latencies;
                // Each report: create (set-up, not counted), then submit: the transition
                // that notifies the reviewer. `transitions` counts the submits.
                for (int n = 0; ++started <= options.transitions; ++n) {
                    boost::json::object create{{"op", "report.create"},
                                               {"org", "shuita"},
                                               {"kind", "notice"},
                                               {"title", fmt::format("推送 {}-{}", worker, n)},
                                               {"content", {{"body", "正文"}}}};
                    auto created = co_await timed(run, latencies, *drafter, std::move(create));
                    if (!created) {
                        ++finished;
                        continue;
                    }
                    boost::json::object submit_request{
                        {"op", "report.transition"},
                        {"report_id", created->at("report").at("id")},
                        {"action", "submit"},
                        {"revision", 1}};
                    auto submit =
                        co_await timed(run, latencies, *drafter, std::move(submit_request));
                    if (submit) {
                        ++submitted;
                        run.on_acknowledged(created->at("report").at("id").as_int64());
                    }
                    ++finished;
                }
                run.merge(latencies);
            });
        }
        spawn([&]() -> net::awaitable<void> {
            net::steady_timer timer(co_await net::this_coro::executor);
            // Wait for the work, then (up to 10 s) for the last pushes.
            auto waited_since = SteadyClock::time_point{};
            for (;;) {
                timer.expires_after(std::chrono::milliseconds(20));
                co_await timer.async_wait(net::use_awaitable);
                bool work_done = finished >= options.transitions;
                if (!work_done) continue;
                if (waited_since == SteadyClock::time_point{}) {
                    waited_since = SteadyClock::now();
                    run.deadline = waited_since;
                }
                std::size_t pushes;
                {
                    std::lock_guard lock(run.mutex);
                    pushes = run.push_latencies.size();
                }
                if (pushes >= static_cast<std::size_t>(submitted.load()) ||
                    SteadyClock::now() - waited_since > std::chrono::seconds(10)) {
                    break;
                }
            }
            ioc.stop();
        });
    });
    auto result = finish(run, "notify", options.connections);
    result.extra["submitted"] = submitted.load();
    return result;
}

Result run_fsync_baseline(const Options& options) {
    namespace fs = std::filesystem;
    auto path = (fs::path(options.db_dir) / "gongkai-fsync-baseline.db").string();
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        throw std::runtime_error("cannot create " + path);
    }
    auto exec = [&](const char* sql) {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
        }
    };
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t (payload) VALUES ('一行数据')", -1, &insert, nullptr);
    Run run;
    run.begin(std::min(options.seconds, 5.0));
    Latencies latencies;
    while (run.open()) {
        auto start = SteadyClock::now();
        // One row per transaction, each committed (and fsynced) on its own.
        exec("BEGIN");
        sqlite3_step(insert);
        sqlite3_reset(insert);
        exec("COMMIT");
        latencies.add(ms_since(start));
        ++run.ops;
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    run.latencies = std::move(latencies);
    auto result = finish(run, "fsync-baseline", 1);
    result.extra["db_dir"] = options.db_dir;
    return result;
}

}  // namespace gongkai::bench

namespace gongkai::bench {

namespace {

// Each idle connection is a file descriptor here and on the server.
void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

// Opens K authenticated connections (auth.resume: no password hashing), lets the server
// settle, and reads its resident memory before and after from /metrics.
Result run_idle(const Options& options) {
    raise_file_limit();
    auto tokens = login_all(options);
    const double before = server_metric(options.target, "process_resident_memory_bytes");
    Run run;
    run.begin(3600);  // ends when all are open
    std::vector<std::unique_ptr<Connection>> open;
    double after = 0;
    constexpr int kOpeners = 32;
    std::atomic<int> next{0}, openers_done{0};
    run_on_threads(1, [&](net::io_context&, auto spawn) {
        for (int opener = 0; opener < kOpeners; ++opener) {
            spawn([&]() -> net::awaitable<void> {
                Latencies latencies;
                while (next++ < options.idle_connections) {
                    auto start = SteadyClock::now();
                    try {
                        open.push_back(co_await open_as(options, tokens.drafter));
                        latencies.add(ms_since(start));
                        ++run.ops;
                    } catch (const std::exception& e) {
                        if (++run.errors < 5) fmt::print(stderr, "connect failed: {}\n", e.what());
                    }
                }
                run.merge(latencies);
                if (++openers_done < kOpeners) co_return;
                // The last opener measures, with every connection still open.
                run.deadline = SteadyClock::now();
                net::steady_timer settle(co_await net::this_coro::executor,
                                         std::chrono::seconds(2));
                co_await settle.async_wait(net::use_awaitable);
                after = server_metric(options.target, "process_resident_memory_bytes");
                open.clear();
            });
        }
    });
    Result result = finish(run, "idle", options.idle_connections);
    result.extra["connections"] = static_cast<std::int64_t>(run.ops.load());
    result.extra["server_rss_before_bytes"] = before;
    result.extra["server_rss_after_bytes"] = after;
    const double per_connection = run.ops > 0 ? (after - before) / run.ops : 0;
    result.extra["server_bytes_per_connection"] = per_connection;
    result.extra["server_kib_per_connection"] = per_connection / 1024;
    return result;
}

}  // namespace gongkai::bench
