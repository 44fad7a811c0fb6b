#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

class Connection;

// One notification for one recipient: in the outbox until delivered, then in the inbox.
struct Notification {
    std::int64_t id = 0;
    std::int64_t recipient_id = 0;
    std::string kind;  // submitted, passed_review, returned, ..., comment, reminder, deadline
    std::optional<std::int64_t> report_id;
    std::string title;  // the report's title (or the subject)
    std::string text;   // a Chinese sentence naming the report, the actor and what happened
    std::optional<std::string> actor;  // username; none for reminders
    std::string created_at;
    std::optional<std::string> read_at;  // inbox only
};

// The transactional outbox, the users' inboxes, and the record of reminders already sent.
class NotificationStore {
public:
    explicit NotificationStore(Connection& connection) : connection_(connection) {}

    // Runs in the transaction of the change that causes the notification: writes the outbox
    // row (which the relay takes to Redis for the push) and the recipient's inbox row, so
    // the notification is in the inbox from the commit on and the push needs no second
    // commit. Returns the notification's id.
    std::int64_t enqueue(const Notification& notification);
    // Undelivered notifications after `after_id`, in id order: those never relayed, and
    // (with `relayed_before`) those relayed before that time but still not delivered.
    std::vector<Notification> undelivered(std::int64_t after_id, std::size_t limit,
                                          const std::optional<std::string>& relayed_before);
    void mark_relayed(const std::vector<std::int64_t>& ids, const std::string& at);
    std::int64_t undelivered_count();

    // A notification read back from the stream is this database's only when the outbox
    // row with its id has its recipient and creation time too. Ids are only unique within
    // one database: a Redis kept while the database is replaced (restored from a backup,
    // re-created, or a second installation on the same stream) holds entries whose ids
    // name other notifications here, or none yet.

    // Whether the notification is this database's, in the inbox and not yet marked
    // delivered: its first delivery, which may be pushed at once.
    bool awaiting_first_delivery(const Notification& notification);
    enum class Delivery {
        first,     // marked delivered now
        repeated,  // delivered before
        foreign,   // not this database's notification: nothing was written
    };
    // Marks the outbox row delivered and, on its first delivery, stores the inbox row if it
    // is missing (rows enqueued by versions that stored it only here). Idempotent.
    Delivery deliver(const Notification& notification, const std::string& at);
    // Newest first; `before_id` continues a page.
    std::vector<Notification> inbox(std::int64_t user_id, bool unread_only, std::size_t limit,
                                    std::optional<std::int64_t> before_id);
    std::int64_t unread_count(std::int64_t user_id);
    std::int64_t mark_read(std::int64_t user_id, const std::vector<std::int64_t>& ids,
                           const std::string& at);
    std::int64_t mark_all_read(std::int64_t user_id, const std::string& at);
    std::int64_t inbox_count(std::int64_t notification_id);

    // Reminders: true the first time `key` is recorded, false after.
    bool remember_sent(const std::string& key, const std::string& at);

private:
    Connection& connection_;
};

}  // namespace gongkai::storage
