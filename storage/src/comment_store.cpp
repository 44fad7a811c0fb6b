#include "gongkai/storage/comment_store.hpp"

#include "connection.hpp"

namespace gongkai::storage {

namespace {

constexpr const char* kCommentSelect =
    "SELECT c.id, c.report_id, c.revision, c.thread_id, c.reply_to, c.author_id, u.username, "
    "u.display_name, c.body, c.anchor, c.created_at, c.resolved_at, r.username, "
    "r.display_name "
    "FROM comments c JOIN users u ON u.id = c.author_id "
    "LEFT JOIN users r ON r.id = c.resolved_by ";

struct CommentRow {
    long long id = 0, report_id = 0, revision = 0, thread_id = 0, reply_to = 0, author = 0;
    CommentRecord record;
    std::string anchor, resolved_at, resolved_by, resolver_name;
    soci::indicator reply_ind = soci::i_ok, anchor_ind = soci::i_ok, resolved_ind = soci::i_ok,
                    resolver_ind = soci::i_ok, resolver_name_ind = soci::i_ok;

    template <class Statement>
    void bind(Statement& statement) {
        statement, soci::into(id), soci::into(report_id), soci::into(revision),
            soci::into(thread_id), soci::into(reply_to, reply_ind), soci::into(author),
            soci::into(record.author_username), soci::into(record.author_display_name),
            soci::into(record.body), soci::into(anchor, anchor_ind), soci::into(record.created_at),
            soci::into(resolved_at, resolved_ind), soci::into(resolved_by, resolver_ind),
            soci::into(resolver_name, resolver_name_ind);
    }

    CommentRecord get() const {
        CommentRecord out = record;
        out.id = id;
        out.report_id = report_id;
        out.revision = revision;
        out.thread_id = thread_id;
        out.reply_to = reply_ind == soci::i_ok ? std::optional<std::int64_t>(reply_to) : std::nullopt;
        out.author_id = author;
        out.anchor = anchor_ind == soci::i_ok ? std::optional(anchor) : std::nullopt;
        out.resolved_at = resolved_ind == soci::i_ok ? std::optional(resolved_at) : std::nullopt;
        out.resolved_by = resolver_ind == soci::i_ok ? std::optional(resolved_by) : std::nullopt;
        out.resolved_by_display_name =
            resolver_name_ind == soci::i_ok ? std::optional(resolver_name) : std::nullopt;
        return out;
    }
};

}  // namespace

std::int64_t CommentStore::insert(const CommentRecord& c) {
    auto& sql = connection_.sql();
    long long report_id = c.report_id, revision = c.revision, author = c.author_id,
              reply_to = c.reply_to.value_or(0), thread = c.thread_id;
    soci::indicator reply_ind = c.reply_to ? soci::i_ok : soci::i_null;
    soci::indicator thread_ind = c.thread_id ? soci::i_ok : soci::i_null;
    std::string anchor = c.anchor.value_or("");
    soci::indicator anchor_ind = c.anchor ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO comments (report_id, revision, thread_id, reply_to, author_id, body, "
           "anchor, created_at) VALUES (:report, :revision, :thread, :reply_to, :author, :body, "
           ":anchor, :at)",
        soci::use(report_id), soci::use(revision), soci::use(thread, thread_ind),
        soci::use(reply_to, reply_ind), soci::use(author), soci::use(c.body),
        soci::use(anchor, anchor_ind), soci::use(c.created_at);
    long long id = connection_.dialect().last_insert_id(sql);
    if (!c.thread_id) {
        sql << "UPDATE comments SET thread_id = :id WHERE id = :id2", soci::use(id),
            soci::use(id);
    }
    return id;
}

std::optional<CommentRecord> CommentStore::find(std::int64_t id) {
    auto& sql = connection_.sql();
    long long key = id;
    CommentRow row;
    auto query = (sql.prepare << std::string(kCommentSelect) + "WHERE c.id = :id");
    row.bind(query);
    query, soci::use(key);
    soci::statement statement = query;
    statement.execute();
    if (!statement.fetch()) {
        return std::nullopt;
    }
    return row.get();
}

std::vector<CommentRecord> CommentStore::for_report(std::int64_t report_id) {
    auto& sql = connection_.sql();
    long long key = report_id;
    CommentRow row;
    auto query = (sql.prepare << std::string(kCommentSelect) +
                                     "WHERE c.report_id = :report ORDER BY c.id");
    row.bind(query);
    query, soci::use(key);
    soci::statement statement = query;
    statement.execute();
    std::vector<CommentRecord> result;
    while (statement.fetch()) {
        result.push_back(row.get());
    }
    return result;
}

void CommentStore::resolve_thread(std::int64_t thread_id, std::int64_t user_id,
                                  const std::string& at) {
    auto& sql = connection_.sql();
    long long thread = thread_id, user = user_id;
    sql << "UPDATE comments SET resolved_at = :at, resolved_by = :user WHERE thread_id = :thread "
           "AND resolved_at IS NULL",
        soci::use(at), soci::use(user), soci::use(thread);
}

}  // namespace gongkai::storage
