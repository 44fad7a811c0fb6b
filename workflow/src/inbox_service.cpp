#include "gongkai/workflow/inbox_service.hpp"

#include <gongkai/storage/write_queue.hpp>

#include <map>

namespace gongkai::workflow {

InboxService::InboxService(storage::Database& database, OrgDirectory& orgs, const Clock& clock)
    : database_(database), orgs_(orgs), clock_(clock) {}

InboxPage InboxService::list(const Actor& actor, bool unread_only, std::size_t limit,
                             std::optional<std::int64_t> before_id) {
    auto tree = orgs_.tree();
    InboxPage page;
    database_.read([&](storage::Stores& stores) {
        Access access(*tree, stores.directory.grants_of(actor.user_id));
        std::map<std::int64_t, bool> visible;  // report id → may the user see it
        auto items = stores.notifications.inbox(actor.user_id, unread_only, limit, before_id);
        if (items.size() == limit) {
            page.next_before_id = items.back().id;
        }
        for (auto& item : items) {
            if (item.report_id) {
                auto [it, fresh] = visible.emplace(*item.report_id, false);
                if (fresh) {
                    auto report = stores.reports.find(*item.report_id);
                    it->second = report && access.can_see(report->org);
                }
                if (!it->second) continue;
            }
            page.items.push_back(std::move(item));
        }
        page.unread = stores.notifications.unread_count(actor.user_id);
    });
    return page;
}

void InboxService::mark_read(const Actor& actor, std::vector<std::int64_t> ids,
                             Completion<std::int64_t> done) {
    auto changed = std::make_shared<std::int64_t>(0);
    database_.writer().submit(
        [this, user = actor.user_id, ids = std::move(ids), changed](storage::Stores& stores) {
            *changed = stores.notifications.mark_read(user, ids, format_iso8601(clock_.now()));
        },
        [changed, done = std::move(done)](std::exception_ptr error) {
            if (error) {
                done(error);
            } else {
                done(*changed);
            }
        });
}

void InboxService::mark_all_read(const Actor& actor, Completion<std::int64_t> done) {
    auto changed = std::make_shared<std::int64_t>(0);
    database_.writer().submit(
        [this, user = actor.user_id, changed](storage::Stores& stores) {
            *changed = stores.notifications.mark_all_read(user, format_iso8601(clock_.now()));
        },
        [changed, done = std::move(done)](std::exception_ptr error) {
            if (error) {
                done(error);
            } else {
                done(*changed);
            }
        });
}

}  // namespace gongkai::workflow
