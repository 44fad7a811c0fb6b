#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

class Connection;

struct CommentRecord {
    std::int64_t id = 0;
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::int64_t thread_id = 0;  // id of the thread's first comment (itself for a new thread)
    std::optional<std::int64_t> reply_to;
    std::int64_t author_id = 0;
    std::string author_username;
    std::string author_display_name;
    std::string body;
    std::optional<std::string> anchor;  // section key or table cell key of the content
    std::string created_at;
    std::optional<std::string> resolved_at;
    std::optional<std::string> resolved_by;  // username
    std::optional<std::string> resolved_by_display_name;
    // The @-mentions in the body that name somebody, as written ("@王强", "@leader"), for
    // display. Worked out by CommentService when the comment is read; not stored.
    std::vector<std::string> mentions;
};

// Discussion of a report by the people reviewing it.
class CommentStore {
public:
    explicit CommentStore(Connection& connection) : connection_(connection) {}

    // Inserts and returns the new id; a new thread's thread_id is set to its own id.
    std::int64_t insert(const CommentRecord& comment);
    std::optional<CommentRecord> find(std::int64_t id);
    // All comments of a report in order.
    std::vector<CommentRecord> for_report(std::int64_t report_id);
    // Resolves every comment of the thread.
    void resolve_thread(std::int64_t thread_id, std::int64_t user_id, const std::string& at);

private:
    Connection& connection_;
};

}  // namespace gongkai::storage
