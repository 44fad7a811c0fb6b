#include "gongkai/api/push_hub.hpp"

#include "gongkai/api/websocket_session.hpp"

#include <boost/json/serialize.hpp>

#include <spdlog/spdlog.h>

namespace gongkai::api {

namespace {

constexpr auto kGrantsMaxAge = std::chrono::seconds(5);

std::string event_frame(std::string_view name, boost::json::object data) {
    return boost::json::serialize(boost::json::object{{"event", name}, {"data", std::move(data)}});
}

}  // namespace

PushHub::PushHub(net::any_io_executor executor, ConnectionRegistry& registry,
                 storage::Database& database, workflow::OrgDirectory& orgs, const Clock& clock)
    : executor_(std::move(executor)),
      registry_(registry),
      database_(database),
      orgs_(orgs),
      clock_(clock) {}

void PushHub::notifications_queued() {
    if (on_queued_) on_queued_();
}

void PushHub::report_changed(const storage::ReportRecord& report) {
    net::post(executor_, [this, report_id = report.id, org = report.org, state = report.state,
                          revision = report.revision] {
        try {
            auto frame = event_frame("report.updated", {{"report_id", report_id},
                                                        {"state", state},
                                                        {"revision", revision}});
            auto tree = orgs_.tree();
            for (auto user : registry_.connected_users()) {
                if (Access(*tree, grants_of(user)).can_see(org)) {
                    registry_.for_user(user, [&](WebSocketSession& session) { session.send(frame); });
                }
            }
        } catch (const std::exception& e) {
            spdlog::warn("report.updated push for report {} failed: {}", report_id, e.what());
        }
    });
}

void PushHub::deliver(const storage::Notification& n) {
    boost::json::object data{{"id", n.id},
                             {"kind", n.kind},
                             {"title", n.title},
                             {"text", n.text},
                             {"created_at", n.created_at}};
    data["report_id"] = n.report_id ? boost::json::value(*n.report_id) : nullptr;
    data["actor"] = n.actor ? boost::json::value(*n.actor) : nullptr;
    net::post(executor_, [this, recipient = n.recipient_id,
                          frame = event_frame("notification", std::move(data))] {
        registry_.for_user(recipient, [&](WebSocketSession& session) { session.send(frame); });
    });
}

std::vector<RoleGrant> PushHub::grants_of(std::int64_t user_id) {
    const auto now = clock_.now();
    {
        std::lock_guard lock(grants_mutex_);
        auto it = grants_.find(user_id);
        if (it != grants_.end() && now - it->second.first < kGrantsMaxAge) {
            return it->second.second;
        }
    }
    std::vector<RoleGrant> grants;
    database_.read([&](storage::Stores& stores) { grants = stores.directory.grants_of(user_id); });
    std::lock_guard lock(grants_mutex_);
    if (grants_.size() > 100000) grants_.clear();
    grants_[user_id] = {now, grants};
    return grants;
}

}  // namespace gongkai::api
