#pragma once

#include "gongkai/api/connection_registry.hpp"
#include "gongkai/api/net.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/workflow/org_directory.hpp>
#include <gongkai/workflow/report_events.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gongkai::api {

// Server-initiated messages to connected clients:
// - {"event": "report.updated", "data": {report_id, state, revision}} to every connected
//   user who may see the report, after each committed change;
// - {"event": "comment.updated", "data": {report_id, thread_id, comment_id, change}} to
//   every connected user who may see the report, when a comment is added ("added") or a
//   thread resolved ("resolved"), so open discussions refresh (the text is fetched with
//   comment.list, which checks access again);
// - {"event": "notification", "data": {id, kind, report_id, title, text, created_at, actor}}
//   to every connection of the recipient, once the notification is in their inbox.
// Called from the writer and notifier threads; the work happens on the I/O executor.
class PushHub : public workflow::ReportEvents {
public:
    PushHub(net::any_io_executor executor, ConnectionRegistry& registry,
            storage::Database& database, workflow::OrgDirectory& orgs, const Clock& clock);

    void report_changed(const storage::ReportRecord& report) override;
    void discussion_changed(const storage::ReportRecord& report,
                            const storage::CommentRecord& comment,
                            std::string_view change) override;
    void notifications_queued() override;
    void deliver(const storage::Notification& notification);

    // What notifications_queued() does (wake the relay).
    void on_queued(std::function<void()> action) { on_queued_ = std::move(action); }

private:
    // Sends `frame` to every connection of every user who may see reports of `org`.
    void send_to_viewers_of(const std::string& org, const std::string& frame);
    // To every connection of `user` whose session is still active at `now`.
    void send_to_user(std::int64_t user, const std::string& frame, TimePoint now);

    // A connected user's role grants, reread every few seconds (never older). Shared, not
    // copied: every change is checked against every connected user's grants.
    std::shared_ptr<const std::vector<RoleGrant>> grants_of(std::int64_t user_id);

    net::any_io_executor executor_;
    ConnectionRegistry& registry_;
    storage::Database& database_;
    workflow::OrgDirectory& orgs_;
    const Clock& clock_;
    std::function<void()> on_queued_;
    std::mutex grants_mutex_;
    std::unordered_map<std::int64_t,
                       std::pair<TimePoint, std::shared_ptr<const std::vector<RoleGrant>>>>
        grants_;
};

}  // namespace gongkai::api
