#include "gongkai/notifier/notification_pipeline.hpp"

#include "notification_codec.hpp"
#include "redis_connection.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/core/thread_name.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <set>
#include <unistd.h>

namespace gongkai::notifier {

namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

struct StreamEntry {
    std::string id;
    std::optional<std::string> payload;  // the "n" field
};

// Entries of an XREADGROUP/XAUTOCLAIM entry list: [[id, [field, value, ...]], ...].
std::vector<StreamEntry> parse_entries(const redisReply* list) {
    std::vector<StreamEntry> entries;
    if (list == nullptr || list->type != REDIS_REPLY_ARRAY) return entries;
    for (std::size_t i = 0; i < list->elements; ++i) {
        const redisReply* entry = list->element[i];
        if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 1) continue;
        StreamEntry parsed{std::string(text(entry->element[0])), std::nullopt};
        if (entry->elements >= 2 && entry->element[1]->type == REDIS_REPLY_ARRAY) {
            const redisReply* fields = entry->element[1];
            for (std::size_t f = 0; f + 1 < fields->elements; f += 2) {
                if (text(fields->element[f]) == "n") {
                    parsed.payload = std::string(text(fields->element[f + 1]));
                }
            }
        }
        entries.push_back(std::move(parsed));
    }
    return entries;
}

std::string default_consumer_name() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string("gongkai-") + host + "-" + std::to_string(getpid());
}

// A sleep that stop() or wake() can cut short.
class Waiter {
public:
    // False when stopping.
    bool wait_for(std::chrono::milliseconds duration) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, duration, [&] { return stopping_ || woken_; });
        woken_ = false;
        return !stopping_;
    }
    void wake() {
        std::lock_guard lock(mutex_);
        woken_ = true;
        cv_.notify_all();
    }
    void stop() {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_all();
    }
    bool stopping() {
        std::lock_guard lock(mutex_);
        return stopping_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
};

}  // namespace

// Outbox → stream.
class NotificationPipeline::Relay {
public:
    Relay(storage::Database& database, const RedisSettings& settings, std::atomic<bool>& up)
        : database_(database), settings_(settings), up_(up) {}

    void start() {
        thread_ = std::thread([this] {
            name_this_thread("gk-relay");
            run();
        });
    }
    void stop() {
        waiter_.stop();
        if (thread_.joinable()) thread_.join();
    }
    void wake() { waiter_.wake(); }
    std::uint64_t relayed() const { return relayed_; }

private:
    void run() {
        auto backoff = 100ms;
        bool reported_down = false;
        while (!waiter_.stopping()) {
            try {
                if (!redis_) {
                    redis_ = std::make_unique<RedisConnection>(
                        settings_.host, settings_.port, settings_.connect_timeout, 5s);
                    up_ = true;
                    backoff = 100ms;
                    if (reported_down) spdlog::info("notification relay: Redis is back");
                    reported_down = false;
                    // Redis may have lost what it held: relay everything undelivered again.
                    begin_sweep(std::chrono::system_clock::now());
                }
                relay_some();
            } catch (const RedisError& e) {
                redis_.reset();
                up_ = false;
                if (!reported_down) {
                    spdlog::warn("notification relay: {}; notifications wait in the outbox",
                                 e.what());
                    reported_down = true;
                }
                waiter_.wait_for(backoff);
                backoff = std::min(backoff * 2, settings_.max_backoff);
            } catch (const std::exception& e) {
                spdlog::error("notification relay: {}", e.what());
                waiter_.wait_for(1s);
            }
        }
    }

    void begin_sweep(std::chrono::system_clock::time_point relayed_before) {
        cursor_ = 0;
        sweep_cutoff_ = format_iso8601(relayed_before);
        next_sweep_ = SteadyClock::now() + settings_.redeliver_after;
    }

    void relay_some() {
        auto length = redis_->command({"XLEN", settings_.stream});
        if (length->type == REDIS_REPLY_INTEGER &&
            static_cast<std::size_t>(length->integer) >= settings_.max_stream_length) {
            waiter_.wait_for(200ms);  // consumers are behind; the outbox holds the rest
            return;
        }
        std::vector<storage::Notification> rows;
        database_.read([&](storage::Stores& stores) {
            rows = stores.notifications.undelivered(cursor_, settings_.batch, sweep_cutoff_);
        });
        if (rows.empty()) {
            if (sweep_cutoff_) {
                sweep_cutoff_.reset();
                return;  // sweep done; cursor_ is past everything seen
            }
            waiter_.wait_for(500ms);  // or until wake(): new rows were committed
            if (SteadyClock::now() >= next_sweep_) {
                begin_sweep(std::chrono::system_clock::now() - settings_.redeliver_after);
            }
            return;
        }
        std::vector<std::vector<std::string>> commands;
        commands.reserve(rows.size());
        for (const auto& row : rows) {
            commands.push_back({"XADD", settings_.stream, "*", "id", std::to_string(row.id), "n",
                                encode(row)});
        }
        for (const auto& reply : redis_->pipeline(commands)) {
            if (is_error(reply.get())) throw RedisError("XADD: " + error_text(reply.get()));
        }
        std::vector<std::int64_t> ids;
        ids.reserve(rows.size());
        for (const auto& row : rows) ids.push_back(row.id);
        cursor_ = rows.back().id;
        relayed_ += rows.size();
        // Nobody waits for this: if it is lost, the row is relayed again (harmless).
        database_.writer().submit(
            [ids = std::move(ids)](storage::Stores& stores) {
                stores.notifications.mark_relayed(ids, format_iso8601(
                                                           std::chrono::system_clock::now()));
            },
            [](std::exception_ptr) {});
    }

    storage::Database& database_;
    const RedisSettings& settings_;
    std::atomic<bool>& up_;
    Waiter waiter_;
    std::unique_ptr<RedisConnection> redis_;
    std::int64_t cursor_ = 0;
    std::optional<std::string> sweep_cutoff_;
    SteadyClock::time_point next_sweep_{};
    std::atomic<std::uint64_t> relayed_{0};
    std::thread thread_;
};

// Stream → inbox → push → XACK.
class NotificationPipeline::Consumer {
public:
    Consumer(storage::Database& database, const RedisSettings& settings, std::atomic<bool>& up,
             OnDelivered& on_delivered)
        : database_(database),
          settings_(settings),
          up_(up),
          on_delivered_(on_delivered),
          name_(settings.consumer.empty() ? default_consumer_name() : settings.consumer) {}

    void start() {
        thread_ = std::thread([this] {
            name_this_thread("gk-consumer");
            run();
        });
    }
    void stop() {
        waiter_.stop();
        if (thread_.joinable()) thread_.join();
    }
    Stats stats() const {
        return {0, delivered_.load(), duplicates_.load(), claimed_.load(), foreign_.load()};
    }

private:
    void run() {
        auto backoff = 100ms;
        while (!waiter_.stopping()) {
            try {
                if (!redis_) {
                    // Reads block up to a second; the socket timeout must be longer.
                    redis_ = std::make_unique<RedisConnection>(
                        settings_.host, settings_.port, settings_.connect_timeout, 5s);
                    ensure_group();
                    up_ = true;
                    backoff = 100ms;
                    own_history_ = true;  // first what this consumer read but did not ack
                    next_claim_ = SteadyClock::now();
                }
                consume_some();
            } catch (const RedisError& e) {
                in_flight_.clear();  // unacknowledged: read again from our own history
                redis_.reset();
                up_ = false;
                waiter_.wait_for(backoff);
                backoff = std::min(backoff * 2, settings_.max_backoff);
            } catch (const std::exception& e) {
                // The database refused the delivery: nothing was acknowledged, so the
                // entries stay pending and are read again.
                spdlog::error("notification delivery: {}", e.what());
                in_flight_.clear();
                redis_.reset();
                waiter_.wait_for(1s);
            }
        }
        // Stopping: acknowledge what was delivered (else it is delivered again, harmlessly,
        // after the next start).
        try {
            if (redis_) settle_deliveries(Wait::for_all);
        } catch (const std::exception& e) {
            spdlog::warn("notification delivery: {} (left for the next start)", e.what());
        }
    }

    void ensure_group() {
        auto reply = redis_->command(
            {"XGROUP", "CREATE", settings_.stream, settings_.group, "0", "MKSTREAM"});
        if (is_error(reply.get()) && !text(reply.get()).starts_with("BUSYGROUP")) {
            throw RedisError("XGROUP CREATE: " + error_text(reply.get()));
        }
    }

    void consume_some() {
        if (SteadyClock::now() >= next_claim_) {
            claim_abandoned();
            next_claim_ = SteadyClock::now() + std::min<std::chrono::milliseconds>(
                                                   settings_.claim_idle / 2 + 1ms, 5s);
        }
        settle_deliveries(Wait::no);
        std::vector<std::string> command{"XREADGROUP", "GROUP", settings_.group, name_, "COUNT",
                                         std::to_string(settings_.batch)};
        if (!own_history_) {
            // While marks are being committed, come back soon to acknowledge them.
            command.insert(command.end(), {"BLOCK", in_flight_.empty() ? "1000" : "2"});
        }
        command.insert(command.end(), {"STREAMS", settings_.stream, own_history_ ? "0" : ">"});
        auto reply = redis_->command(command);
        if (is_error(reply.get())) {
            // NOGROUP: Redis restarted empty; the group is created again on reconnect.
            throw RedisError("XREADGROUP: " + error_text(reply.get()));
        }
        std::vector<StreamEntry> entries;
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements > 0) {
            const redisReply* stream = reply->element[0];
            if (stream->type == REDIS_REPLY_ARRAY && stream->elements >= 2) {
                entries = parse_entries(stream->element[1]);
            }
        }
        if (own_history_ && entries.empty()) {
            own_history_ = false;
        }
        deliver(entries);
        trim_now_and_then();
    }

    void claim_abandoned() {
        std::string start = "0-0";
        for (int round = 0; round < 100; ++round) {
            auto reply = redis_->command(
                {"XAUTOCLAIM", settings_.stream, settings_.group, name_,
                 std::to_string(settings_.claim_idle.count()), start, "COUNT",
                 std::to_string(settings_.batch)});
            if (is_error(reply.get())) throw RedisError("XAUTOCLAIM: " + error_text(reply.get()));
            if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 2) return;
            auto entries = parse_entries(reply->element[1]);
            claimed_ += entries.size();
            deliver(entries);
            start = std::string(text(reply->element[0]));
            if (start == "0-0") return;
        }
    }

    void deliver(const std::vector<StreamEntry>& entries) {
        if (entries.empty()) return;
        auto delivery = std::make_shared<Delivery>();
        delivery->ack = {"XACK", settings_.stream, settings_.group};
        for (const auto& entry : entries) {
            delivery->ack.push_back(entry.id);
            auto notification = entry.payload ? decode(*entry.payload) : std::nullopt;
            if (notification) {
                delivery->batch.push_back(std::move(*notification));
            } else if (entry.payload) {
                spdlog::error("notification delivery: unreadable stream entry {}; dropped",
                              entry.id);
            }
        }
        // The change's own transaction put each notification into its recipient's inbox
        // (NotificationStore::enqueue), so a first delivery is pushed as soon as it is read:
        // no commit stands between the change and the push.
        database_.read([&](storage::Stores& stores) {
            for (const auto& notification : delivery->batch) {
                // Not when an earlier delivery still in flight pushed it already (the same
                // entry comes again when this consumer claims it and then reads its own
                // history before that delivery's mark is committed).
                if (!pushed_in_flight(notification.id) &&
                    stores.notifications.awaiting_first_delivery(notification)) {
                    delivery->pushed.insert(notification.id);
                }
            }
        });
        if (on_delivered_) {
            for (const auto& notification : delivery->batch) {
                if (delivery->pushed.contains(notification.id)) on_delivered_(notification);
            }
        }
        // Then the outbox rows are marked delivered (and inbox rows that a version which did
        // not write them at enqueue left missing are stored), durably, before the XACK. The
        // commit is not waited for here: the next entries are read and pushed meanwhile, and
        // settle_deliveries() acknowledges once it is done.
        auto committed = std::make_shared<std::promise<void>>();
        delivery->committed = committed->get_future();
        database_.writer().submit(
            [delivery](storage::Stores& stores) {
                const auto now = format_iso8601(std::chrono::system_clock::now());
                using storage::NotificationStore;
                for (const auto& notification : delivery->batch) {
                    switch (stores.notifications.deliver(notification, now)) {
                        case NotificationStore::Delivery::first:
                            delivery->first_deliveries.push_back(notification);
                            break;
                        case NotificationStore::Delivery::repeated:
                            break;
                        case NotificationStore::Delivery::foreign:
                            delivery->foreign.push_back(notification.id);
                            break;
                    }
                }
            },
            [committed](std::exception_ptr error) {
                if (error) {
                    committed->set_exception(error);
                } else {
                    committed->set_value();
                }
            });
        in_flight_.push_back(std::move(delivery));
        if (in_flight_.size() > kMaxDeliveriesInFlight) settle_deliveries(Wait::for_oldest);
    }

    bool pushed_in_flight(std::int64_t notification_id) const {
        return std::any_of(in_flight_.begin(), in_flight_.end(), [&](const auto& delivery) {
            return delivery->pushed.contains(notification_id);
        });
    }

    enum class Wait { no, for_oldest, for_all };

    // Acknowledges, in order, the deliveries whose commit is done (waiting as told). A
    // failed commit throws: nothing after it is acknowledged, and the entries are read
    // again from this consumer's own history.
    void settle_deliveries(Wait wait) {
        bool may_wait = wait != Wait::no;
        while (!in_flight_.empty()) {
            auto& delivery = *in_flight_.front();
            if (!may_wait && delivery.committed.wait_for(0s) != std::future_status::ready) break;
            if (wait == Wait::for_oldest) may_wait = false;
            try {
                delivery.committed.get();
            } catch (...) {
                in_flight_.clear();
                throw;
            }
            delivered_ += delivery.first_deliveries.size();
            foreign_ += delivery.foreign.size();
            duplicates_ +=
                delivery.batch.size() - delivery.first_deliveries.size() - delivery.foreign.size();
            if (!delivery.foreign.empty()) {
                // Acknowledged like the rest, or they would come back forever.
                spdlog::warn(
                    "notification delivery: {} stream entries (ids {}..{}) are not this "
                    "database's notifications (the stream outlived its database, or another "
                    "installation uses it too: give each its own [redis] stream); acknowledged "
                    "and ignored",
                    delivery.foreign.size(), delivery.foreign.front(), delivery.foreign.back());
            }
            if (on_delivered_) {
                for (const auto& notification : delivery.first_deliveries) {
                    if (!delivery.pushed.contains(notification.id)) on_delivered_(notification);
                }
            }
            auto reply = redis_->command(delivery.ack);
            if (is_error(reply.get())) throw RedisError("XACK: " + error_text(reply.get()));
            acked_since_trim_ += delivery.ack.size() - 3;
            in_flight_.pop_front();
        }
    }

    // Trims the stream below the oldest entry any consumer still has to acknowledge.
    void trim_now_and_then() {
        auto now = SteadyClock::now();
        if (acked_since_trim_ == 0 || now - last_trim_ < 1s) return;
        last_trim_ = now;
        acked_since_trim_ = 0;
        std::string threshold;
        auto pending = redis_->command({"XPENDING", settings_.stream, settings_.group});
        if (pending->type == REDIS_REPLY_ARRAY && pending->elements >= 2 &&
            pending->element[0]->type == REDIS_REPLY_INTEGER && pending->element[0]->integer > 0) {
            threshold = std::string(text(pending->element[1]));
        } else {
            threshold = last_delivered_id();
        }
        if (!threshold.empty()) {
            redis_->command({"XTRIM", settings_.stream, "MINID", threshold});
        }
    }

    std::string last_delivered_id() {
        auto groups = redis_->command({"XINFO", "GROUPS", settings_.stream});
        if (groups->type != REDIS_REPLY_ARRAY) return {};
        for (std::size_t g = 0; g < groups->elements; ++g) {
            const redisReply* group = groups->element[g];
            if (group->type != REDIS_REPLY_ARRAY) continue;
            std::string name, last;
            for (std::size_t f = 0; f + 1 < group->elements; f += 2) {
                auto key = text(group->element[f]);
                if (key == "name") name = std::string(text(group->element[f + 1]));
                if (key == "last-delivered-id") last = std::string(text(group->element[f + 1]));
            }
            if (name == settings_.group) return last;
        }
        return {};
    }

    storage::Database& database_;
    const RedisSettings& settings_;
    std::atomic<bool>& up_;
    OnDelivered& on_delivered_;
    std::string name_;
    Waiter waiter_;
    std::unique_ptr<RedisConnection> redis_;
    // Entries read and pushed whose "delivered" marks are being committed.
    struct Delivery {
        std::vector<storage::Notification> batch;
        std::set<std::int64_t> pushed;                        // at once, as first deliveries
        std::vector<storage::Notification> first_deliveries;  // written by the writer job
        std::vector<std::int64_t> foreign;  // ids of entries another database wrote
        std::vector<std::string> ack;                         // the XACK command
        std::future<void> committed;
    };
    static constexpr std::size_t kMaxDeliveriesInFlight = 16;
    std::deque<std::shared_ptr<Delivery>> in_flight_;
    bool own_history_ = true;
    SteadyClock::time_point next_claim_{};
    SteadyClock::time_point last_trim_{};
    std::size_t acked_since_trim_ = 0;
    std::atomic<std::uint64_t> delivered_{0};
    std::atomic<std::uint64_t> duplicates_{0};
    std::atomic<std::uint64_t> foreign_{0};
    std::atomic<std::uint64_t> claimed_{0};
    std::thread thread_;
};

NotificationPipeline::NotificationPipeline(storage::Database& database, RedisSettings settings,
                                           OnDelivered on_delivered)
    : database_(database), settings_(std::move(settings)), on_delivered_(std::move(on_delivered)) {
    relay_ = std::make_unique<Relay>(database_, settings_, relay_up_);
    consumer_ = std::make_unique<Consumer>(database_, settings_, consumer_up_, on_delivered_);
    relay_up_ = !settings_.run_relay;  // a half that does not run is never "down"
    consumer_up_ = !settings_.run_consumer;
}

NotificationPipeline::~NotificationPipeline() { stop(); }

void NotificationPipeline::start() {
    if (settings_.run_relay) relay_->start();
    if (settings_.run_consumer) consumer_->start();
}

void NotificationPipeline::stop() {
    relay_->stop();
    consumer_->stop();
}

void NotificationPipeline::wake() { relay_->wake(); }

NotificationPipeline::Stats NotificationPipeline::stats() const {
    auto stats = consumer_->stats();
    stats.relayed = relay_->relayed();
    return stats;
}

}  // namespace gongkai::notifier
