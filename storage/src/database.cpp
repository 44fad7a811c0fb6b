#include "gongkai/storage/database.hpp"

#include "connection.hpp"
#include "gongkai/storage/backup.hpp"
#include "gongkai/storage/write_queue.hpp"
#include "write_transaction.hpp"

#include <gongkai/core/thread_name.hpp>

#include <condition_variable>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gongkai::storage {

struct Database::Impl {
    DatabaseSettings settings;
    const Clock& clock;
    const Dialect& dialect;
    GrantsCache grants_cache;  // shared by every connection

    // For migrations and Database::write(); the server's writes go through `writer`.
    std::mutex direct_mutex;
    std::unique_ptr<Connection> direct;

    std::mutex readers_mutex;
    std::condition_variable reader_returned;
    std::vector<std::unique_ptr<Connection>> idle_readers;
    std::size_t open_readers = 0;

    // change_epoch()'s own read connection, asked by one caller at a time. One connection
    // so that a commit moves the epoch once: each pooled connection would notice the same
    // commit in turn, and every reader after the first would find the cache emptied again.
    std::mutex epoch_mutex;
    std::unique_ptr<Connection> epoch_probe;
    std::uint64_t change_epoch = 0;

    std::mutex writer_mutex;
    std::unique_ptr<WriteQueue> writer;

    Impl(const DatabaseSettings& s, const Clock& c, const Dialect& d)
        : settings(s), clock(c), dialect(d) {}

    std::unique_ptr<Connection> acquire_reader() {
        std::unique_lock lock(readers_mutex);
        for (;;) {
            if (!idle_readers.empty()) {
                auto connection = std::move(idle_readers.back());
                idle_readers.pop_back();
                return connection;
            }
            if (open_readers < std::max<std::size_t>(1, settings.read_connections)) {
                ++open_readers;
                lock.unlock();
                try {
                    return std::make_unique<Connection>(dialect, settings, clock, grants_cache,
                                                        true);
                } catch (...) {
                    std::lock_guard relock(readers_mutex);
                    --open_readers;
                    throw;
                }
            }
            reader_returned.wait(lock);
        }
    }

    void release_reader(std::unique_ptr<Connection> connection) {
        std::lock_guard lock(readers_mutex);
        idle_readers.push_back(std::move(connection));
        reader_returned.notify_one();
    }

    // A read connection from the pool, given back however the scope ends.
    class ReaderLease {
    public:
        explicit ReaderLease(Impl& impl) : impl_(impl), connection_(impl.acquire_reader()) {}
        ~ReaderLease() { impl_.release_reader(std::move(connection_)); }
        ReaderLease(const ReaderLease&) = delete;
        ReaderLease& operator=(const ReaderLease&) = delete;
        Connection& operator*() { return *connection_; }
        Connection* operator->() { return connection_.get(); }

    private:
        Impl& impl_;
        std::unique_ptr<Connection> connection_;
    };
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() { stop_writer(); }

std::unique_ptr<Database> Database::open(const DatabaseSettings& settings, const Clock& clock) {
    auto impl = std::make_unique<Impl>(settings, clock, dialect_for(settings.path));
    impl->direct =
        std::make_unique<Connection>(impl->dialect, settings, clock, impl->grants_cache, false);
    return std::unique_ptr<Database>(new Database(std::move(impl)));
}

bool is_postgresql_location(const std::string& location) {
    const std::string_view text(location);
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

const Dialect& dialect_for(const std::string& location) {
    return is_postgresql_location(location) ? postgresql_dialect() : sqlite_dialect();
}

std::string printable_location(const std::string& location) {
    // scheme://user:password@host/…: the password is what lies between the first ':' after
    // the scheme and the '@' that ends the credentials.
    const auto credentials = location.find("://");
    if (credentials == std::string::npos) return location;
    const auto begin = credentials + 3;
    const auto at = location.find('@', begin);
    const auto slash = location.find('/', begin);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return location;
    const auto colon = location.find(':', begin);
    if (colon == std::string::npos || colon > at) return location;
    return location.substr(0, colon + 1) + "***" + location.substr(at);
}

int Database::latest_schema_version() { return sqlite_dialect().migrations().back().version; }

int Database::schema_version() {
    std::lock_guard lock(impl_->direct_mutex);
    auto& sql = impl_->direct->sql();
    try {
        sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
               "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
        int version = 0;
        soci::indicator indicator = soci::i_ok;
        sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, indicator);
        return indicator == soci::i_ok ? version : 0;
    } catch (const soci::soci_error& e) {
        throw StorageError("cannot read the schema version of " +
                           printable_location(impl_->settings.path) + ": " + e.what());
    }
}

int Database::migrate() {
    const int current = schema_version();
    std::lock_guard lock(impl_->direct_mutex);
    auto& connection = *impl_->direct;
    auto& sql = connection.sql();
    try {
        with_transaction(connection, impl_->dialect.begin_write(), [&] {
            // Re-read under the write lock: another process may have migrated meanwhile.
            int version = 0;
            soci::indicator indicator = soci::i_ok;
            sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, indicator);
            version = indicator == soci::i_ok ? version : 0;
            const std::string now = format_iso8601(impl_->clock.now());
            for (const auto& migration : impl_->dialect.migrations()) {
                if (migration.version <= version) {
                    continue;
                }
                for (const auto& statement : migration.statements) {
                    sql << statement;
                }
                sql << "INSERT INTO schema_migrations (version, applied_at) VALUES (:v, :at)",
                    soci::use(migration.version), soci::use(now);
            }
        });
    } catch (const soci::soci_error& e) {
        throw StorageError("cannot migrate " + printable_location(impl_->settings.path) +
                           " from version " + std::to_string(current) + ": " + e.what());
    }
    return latest_schema_version();
}

void Database::read(const std::function<void(Stores&)>& work) {
    Impl::ReaderLease connection(*impl_);
    with_transaction(*connection, impl_->dialect.begin_read(), [&] { work(connection->stores()); });
}

namespace {

constexpr auto kToTheEnd = std::numeric_limits<std::int64_t>::max();

// Where the stretches end, all but the last: entries that exist, whose stored hash the next
// stretch starts from (and the stretch before checks). Empty when one stretch will do.
std::vector<std::pair<std::int64_t, std::string>> stretch_ends(Database& database,
                                                               std::size_t stretches,
                                                               std::int64_t min_entries) {
    std::vector<std::pair<std::int64_t, std::string>> ends;
    database.read([&](Stores& stores) {
        const auto newest = stores.audit.entry_at_or_before(kToTheEnd);
        if (!newest) return;
        const auto by_size = newest->first / std::max<std::int64_t>(1, min_entries);
        stretches = std::min<std::size_t>(stretches, std::max<std::int64_t>(1, by_size));
        for (std::size_t k = 1; k < stretches; ++k) {
            const auto near =
                newest->first * static_cast<std::int64_t>(k) / static_cast<std::int64_t>(stretches);
            auto end = stores.audit.entry_at_or_before(near);
            if (end && (ends.empty() || end->first > ends.back().first)) ends.push_back(*end);
        }
    });
    return ends;
}

// Runs walk(0) here and walk(1..count-1) on threads of their own, and waits for all.
void side_by_side(std::size_t count, const std::function<void(std::size_t)>& walk) {
    std::vector<std::jthread> helpers;  // joined when they go out of scope, however
    for (std::size_t i = 1; i < count; ++i) {
        helpers.emplace_back([&walk, i] {
            // Slow work off the network threads, as the server's blocking pool does:
            // /metrics counts its CPU under that role.
            name_this_thread("gk-blocking");
            walk(i);
        });
    }
    walk(0);
}

}  // namespace

AuditVerification Database::verify_audit_log(std::size_t stretches,
                                             std::int64_t min_entries_per_stretch) {
    if (stretches == 0) stretches = std::max(1u, std::thread::hardware_concurrency());
    stretches = std::min(stretches, std::max<std::size_t>(1, impl_->settings.read_connections));
    const auto ends = stretch_ends(*this, stretches, min_entries_per_stretch);
    if (ends.empty()) {
        // One stretch: reading and hashing overlap on two threads instead.
        AuditVerification whole;
        read([&](Stores& stores) { whole = stores.audit.verify(); });
        return whole;
    }

    std::vector<AuditChainVerifier> verifiers;
    verifiers.emplace_back(AuditChainVerifier::HashOn::calling_thread);
    for (const auto& [seq, hash] : ends) {
        verifiers.push_back(AuditChainVerifier::after(seq, hash));
    }
    std::pair<std::int64_t, std::string> recorded_head;
    std::vector<std::exception_ptr> errors(verifiers.size());
    side_by_side(verifiers.size(), [&](std::size_t i) {
        const bool last = i + 1 == verifiers.size();
        const std::int64_t after = i == 0 ? 0 : ends[i - 1].first;
        const std::int64_t through = last ? kToTheEnd : ends[i].first;
        try {
            read([&](Stores& stores) {
                stores.audit.verify_stretch(verifiers[i], after, through);
                // In the same snapshot as the log's end, so that an entry appended meanwhile
                // is in both or in neither.
                if (last) recorded_head = stores.audit.recorded_head();
            });
        } catch (...) {
            errors[i] = std::current_exception();
        }
    });
    for (const auto& error : errors) {
        if (error) std::rethrow_exception(error);
    }
    for (std::size_t i = 1; i < verifiers.size(); ++i) {
        verifiers[0].continue_with(std::move(verifiers[i]));
    }
    verifiers[0].finish(recorded_head.first, recorded_head.second);
    auto verdict = verdict_of(verifiers[0]);
    verdict.stretches = verifiers.size();
    return verdict;
}

std::optional<std::uint64_t> Database::change_epoch() {
    std::lock_guard lock(impl_->epoch_mutex);
    if (!impl_->epoch_probe) {
        impl_->epoch_probe = std::make_unique<Connection>(impl_->dialect, impl_->settings,
                                                          impl_->clock, impl_->grants_cache, true);
    }
    const auto moved = impl_->epoch_probe->others_committed();
    if (!moved) return std::nullopt;
    if (*moved) ++impl_->change_epoch;
    return impl_->change_epoch;
}

void Database::copy_snapshot(const std::string& destination, const BackupSettings& settings,
                             const std::function<bool(Stores&)>& first) {
    Impl::ReaderLease connection(*impl_);
    with_transaction(*connection, impl_->dialect.begin_read(), [&] {
        if (first && !first(connection->stores())) return;
        impl_->dialect.copy_snapshot(connection->sql(), impl_->settings.path, destination,
                                     settings);
    });
}

void Database::write(const std::function<void(Stores&)>& work) {
    std::lock_guard lock(impl_->direct_mutex);
    WriteSlot slot{&work, nullptr};
    run_write_transaction(*impl_->direct, std::span<WriteSlot>(&slot, 1));
    if (slot.error) {
        std::rethrow_exception(slot.error);
    }
}

WriteQueue& Database::writer() {
    std::lock_guard lock(impl_->writer_mutex);
    if (!impl_->writer) {
        impl_->writer = std::make_unique<WriteQueue>(
            std::make_unique<Connection>(impl_->dialect, impl_->settings, impl_->clock,
                                         impl_->grants_cache, false),
            impl_->settings.max_batch);
    }
    return *impl_->writer;
}

void Database::stop_writer() {
    std::lock_guard lock(impl_->writer_mutex);
    if (impl_->writer) {
        impl_->writer->stop();
    }
}

const DatabaseSettings& Database::settings() const { return impl_->settings; }

}  // namespace gongkai::storage
