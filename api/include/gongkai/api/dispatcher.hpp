#pragma once

#include "gongkai/api/auth_service.hpp"
#include "gongkai/api/client_state.hpp"
#include "gongkai/api/net.hpp"
#include "gongkai/api/reply_cache.hpp"
#include "gongkai/api/request_metrics.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/workflow/comment_service.hpp>
#include <gongkai/workflow/inbox_service.hpp>
#include <gongkai/workflow/org_directory.hpp>
#include <gongkai/workflow/report_service.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gongkai::api {

// What the operations work with.
struct Services {
    storage::Database& database;
    workflow::OrgDirectory& orgs;
    workflow::ReportService& reports;
    workflow::CommentService& comments;
    workflow::InboxService& inbox;
    AuthService& auth;
    net::thread_pool& blocking;
    const Clock& clock;
    ReplyCache& replies;  // results of report.get and report.list (public pages share it)
};

class Call;

// The protocol: turns one request frame into exactly one reply frame. Knows nothing about
// sockets, so it is tested directly and reused by every transport. Parsing, the operation
// table, authentication and error translation live here; the use cases live in the
// services.
class Dispatcher {
public:
    // The reply to a request: one serialised JSON object. May be called on any thread.
    using Reply = std::function<void(std::string)>;

    // `executor` runs the formatting of asynchronous results, so that the database writer
    // thread never spends its time serialising JSON.
    Dispatcher(Services services, net::any_io_executor executor);

    void dispatch(const std::shared_ptr<ClientState>& client, std::string_view frame,
                  Reply reply);

    // A reply to a frame that was refused before dispatch (binary, too large, ...).
    static std::string error_frame(std::string_view code, std::string_view message);

    const RequestMetrics& metrics() const { return *metrics_; }

private:
    struct Operation {
        bool needs_session;
        std::function<void(const std::shared_ptr<Call>&)> run;
    };
    void register_operations();
    void add(std::string name, bool needs_session,
             std::function<void(const std::shared_ptr<Call>&)> run);

    Services services_;
    net::any_io_executor executor_;
    std::unordered_map<std::string, Operation> operations_;
    std::unique_ptr<RequestMetrics> metrics_;  // made once the operations are known
};

}  // namespace gongkai::api
