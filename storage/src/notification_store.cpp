#include "gongkai/storage/notification_store.hpp"

#include "connection.hpp"

namespace gongkai::storage {

namespace {

constexpr const char* kOutboxColumns =
    "SELECT id, recipient_id, kind, report_id, title, text, actor, created_at "
    "FROM notification_outbox ";

constexpr const char* kInboxColumns =
    "SELECT notification_id, user_id, kind, report_id, title, text, actor, created_at, read_at "
    "FROM inbox ";

// SOCI binding of the common notification columns (nullable ones through indicators).
struct NotificationRow {
    long long id = 0, recipient = 0, report_id = 0;
    std::string kind, title, text, actor, created_at, read_at;
    soci::indicator report_ind = soci::i_ok, actor_ind = soci::i_ok, read_ind = soci::i_ok;

    template <class Statement>
    void bind(Statement& statement, bool with_read_at) {
        statement, soci::into(id), soci::into(recipient), soci::into(kind),
            soci::into(report_id, report_ind), soci::into(title), soci::into(text),
            soci::into(actor, actor_ind), soci::into(created_at);
        if (with_read_at) {
            statement, soci::into(read_at, read_ind);
        }
    }

    Notification get() const {
        Notification out;
        out.id = id;
        out.recipient_id = recipient;
        out.kind = kind;
        if (report_ind == soci::i_ok) out.report_id = report_id;
        out.title = title;
        out.text = text;
        if (actor_ind == soci::i_ok) out.actor = actor;
        out.created_at = created_at;
        if (read_ind == soci::i_ok) out.read_at = read_at;
        return out;
    }
};

// Binds a list of ids as ":i0, :i1, ..." (values are always bound, never spliced).
std::string placeholders(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += (i ? ", :i" : ":i") + std::to_string(i);
    }
    return out;
}

}  // namespace

std::int64_t NotificationStore::enqueue(const Notification& n) {
    auto& sql = connection_.sql();
    long long recipient = n.recipient_id, report_id = n.report_id.value_or(0);
    soci::indicator report_ind = n.report_id ? soci::i_ok : soci::i_null;
    std::string actor = n.actor.value_or("");
    soci::indicator actor_ind = n.actor ? soci::i_ok : soci::i_null;
    auto outbox = connection_.prepared(
        "INSERT INTO notification_outbox (recipient_id, kind, report_id, title, text, actor, "
        "created_at) VALUES (:recipient, :kind, :report, :title, :text, :actor, :at)");
    outbox, soci::use(recipient), soci::use(n.kind), soci::use(report_id, report_ind),
        soci::use(n.title), soci::use(n.text), soci::use(actor, actor_ind), soci::use(n.created_at);
    outbox.execute(true);
    long long id = connection_.dialect().last_insert_id(sql);
    auto inbox = connection_.prepared(
        "INSERT INTO inbox (notification_id, user_id, kind, report_id, title, text, actor, "
        "created_at, delivered_at) VALUES (:id, :user, :kind, :report, :title, :text, "
        ":actor, :created, :delivered)");
    inbox, soci::use(id), soci::use(recipient), soci::use(n.kind), soci::use(report_id, report_ind),
        soci::use(n.title), soci::use(n.text), soci::use(actor, actor_ind), soci::use(n.created_at),
        soci::use(n.created_at);
    inbox.execute(true);
    return id;
}

bool NotificationStore::awaiting_first_delivery(const Notification& n) {
    long long id = n.id, recipient = n.recipient_id, count = 0;
    auto statement = connection_.prepared(
        "SELECT COUNT(*) FROM notification_outbox o JOIN inbox i ON i.notification_id = o.id "
        "WHERE o.id = :id AND o.recipient_id = :recipient AND o.created_at = :created AND "
        "o.delivered_at IS NULL");
    statement, soci::into(count), soci::use(id), soci::use(recipient), soci::use(n.created_at);
    statement.execute(true);
    return count > 0;
}

std::vector<Notification> NotificationStore::undelivered(
    std::int64_t after_id, std::size_t limit, const std::optional<std::string>& relayed_before) {
    long long after = after_id, count = static_cast<long long>(limit);
    NotificationRow row;
    std::string where = "WHERE delivered_at IS NULL AND id > :after";
    where += relayed_before ? " AND (relayed_at IS NULL OR relayed_at < :cutoff)"
                            : " AND relayed_at IS NULL";
    auto statement =
        connection_.prepared(std::string(kOutboxColumns) + where + " ORDER BY id LIMIT :n");
    row.bind(statement, false);
    statement, soci::use(after);
    if (relayed_before) statement, soci::use(*relayed_before);
    statement, soci::use(count);
    statement.execute();
    std::vector<Notification> result;
    while (statement.fetch()) {
        result.push_back(row.get());
    }
    return result;
}

void NotificationStore::mark_relayed(const std::vector<std::int64_t>& ids,
                                     const std::string& at) {
    if (ids.empty()) return;
    auto& sql = connection_.sql();
    std::vector<long long> values(ids.begin(), ids.end());
    auto query = (sql.prepare << "UPDATE notification_outbox SET relayed_at = :at WHERE id IN (" +
                                     placeholders(values.size()) + ")");
    query, soci::use(at);
    for (auto& value : values) {
        query, soci::use(value);
    }
    soci::statement statement = query;
    statement.execute(true);
}

std::int64_t NotificationStore::undelivered_count() {
    auto& sql = connection_.sql();
    long long count = 0;
    sql << "SELECT COUNT(*) FROM notification_outbox WHERE delivered_at IS NULL",
        soci::into(count);
    return count;
}

NotificationStore::Delivery NotificationStore::deliver(const Notification& n,
                                                       const std::string& at) {
    long long id = n.id, user = n.recipient_id, report_id = n.report_id.value_or(0);
    // The usual case first, in one statement: our row, not yet delivered.
    auto mark = connection_.prepared(
        "UPDATE notification_outbox SET delivered_at = :at WHERE id = :id AND "
        "recipient_id = :user AND created_at = :created AND delivered_at IS NULL");
    mark, soci::use(at), soci::use(id), soci::use(user), soci::use(n.created_at);
    mark.execute(true);
    if (mark.affected_rows() == 0) {
        long long ours = 0;
        auto owned = connection_.prepared(
            "SELECT COUNT(*) FROM notification_outbox WHERE id = :id AND "
            "recipient_id = :user AND created_at = :created");
        owned, soci::into(ours), soci::use(id), soci::use(user), soci::use(n.created_at);
        owned.execute(true);
        return ours > 0 ? Delivery::repeated : Delivery::foreign;
    }
    soci::indicator report_ind = n.report_id ? soci::i_ok : soci::i_null;
    std::string actor = n.actor.value_or("");
    soci::indicator actor_ind = n.actor ? soci::i_ok : soci::i_null;
    auto insert = connection_.prepared(
        "INSERT INTO inbox (notification_id, user_id, kind, report_id, title, "
        "text, actor, created_at, delivered_at) VALUES (:id, :user, :kind, "
        ":report, :title, :text, :actor, :created, :delivered) "
        "ON CONFLICT (notification_id) DO NOTHING");
    insert, soci::use(id), soci::use(user), soci::use(n.kind), soci::use(report_id, report_ind),
        soci::use(n.title), soci::use(n.text), soci::use(actor, actor_ind), soci::use(n.created_at),
        soci::use(at);
    insert.execute(true);
    return Delivery::first;
}

std::vector<Notification> NotificationStore::inbox(std::int64_t user_id, bool unread_only,
                                                   std::size_t limit,
                                                   std::optional<std::int64_t> before_id) {
    auto& sql = connection_.sql();
    long long user = user_id, before = before_id.value_or(0),
              count = static_cast<long long>(limit);
    std::string where = "WHERE user_id = :user";
    if (unread_only) where += " AND read_at IS NULL";
    if (before_id) where += " AND notification_id < :before";
    NotificationRow row;
    auto query = (sql.prepare << std::string(kInboxColumns) + where +
                                     " ORDER BY notification_id DESC LIMIT :n");
    row.bind(query, true);
    query, soci::use(user);
    if (before_id) query, soci::use(before);
    query, soci::use(count);
    soci::statement statement = query;
    statement.execute();
    std::vector<Notification> result;
    while (statement.fetch()) {
        result.push_back(row.get());
    }
    return result;
}

std::int64_t NotificationStore::unread_count(std::int64_t user_id) {
    auto& sql = connection_.sql();
    long long user = user_id, count = 0;
    sql << "SELECT COUNT(*) FROM inbox WHERE user_id = :user AND read_at IS NULL",
        soci::into(count), soci::use(user);
    return count;
}

std::int64_t NotificationStore::mark_read(std::int64_t user_id,
                                          const std::vector<std::int64_t>& ids,
                                          const std::string& at) {
    if (ids.empty()) return 0;
    auto& sql = connection_.sql();
    long long user = user_id;
    std::vector<long long> values(ids.begin(), ids.end());
    auto query = (sql.prepare << "UPDATE inbox SET read_at = :at WHERE user_id = :user AND "
                                 "read_at IS NULL AND notification_id IN (" +
                                     placeholders(values.size()) + ")");
    query, soci::use(at), soci::use(user);
    for (auto& value : values) {
        query, soci::use(value);
    }
    soci::statement statement = query;
    statement.execute(true);
    return statement.get_affected_rows();
}

std::int64_t NotificationStore::mark_all_read(std::int64_t user_id, const std::string& at) {
    auto& sql = connection_.sql();
    long long user = user_id;
    soci::statement statement =
        (sql.prepare << "UPDATE inbox SET read_at = :at WHERE user_id = :user AND "
                        "read_at IS NULL",
         soci::use(at), soci::use(user));
    statement.execute(true);
    return statement.get_affected_rows();
}

std::int64_t NotificationStore::inbox_count(std::int64_t notification_id) {
    auto& sql = connection_.sql();
    long long id = notification_id, count = 0;
    sql << "SELECT COUNT(*) FROM inbox WHERE notification_id = :id", soci::into(count),
        soci::use(id);
    return count;
}

bool NotificationStore::remember_sent(const std::string& key, const std::string& at) {
    auto& sql = connection_.sql();
    soci::statement statement =
        (sql.prepare << "INSERT INTO reminders_sent (key, sent_at) VALUES (:key, :at) "
                        "ON CONFLICT (key) DO NOTHING",
         soci::use(key), soci::use(at));
    statement.execute(true);
    return statement.get_affected_rows() > 0;
}

}  // namespace gongkai::storage
