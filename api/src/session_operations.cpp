// auth.login, auth.resume, auth.logout, ping, heartbeat.
#include "json_views.hpp"
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>

namespace gongkai::api {

namespace {

boost::json::object login_json(LoginResult& result, ClientState& client) {
    client.set_session(result.session);
    return {{"token", result.token}, {"user", user_json(result.session->actor, result.roles)}};
}

}  // namespace

void add_session_operations(const AddOperation& add, Services& services) {
    add("auth.login", false, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto username = fields.string("username", 64);
        auto password = fields.string("password", 1024);
        services.auth.login(std::move(username), std::move(password), call->client().remote(),
                            call->then<LoginResult>([call](LoginResult& result) {
                                return login_json(result, call->client());
                            }));
    });

    add("auth.resume", false, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        services.auth.resume(fields.string("token", 128),
                             call->then<LoginResult>([call](LoginResult& result) {
                                 return login_json(result, call->client());
                             }));
    });

    add("auth.logout", true, [&services](const std::shared_ptr<Call>& call) {
        call->client().set_session(nullptr);
        services.auth.logout(call->session(),
                             call->then<bool>([](bool) { return boost::json::object{}; }));
    });

    // The cheapest authenticated round trip: the ceiling for every other operation.
    add("ping", true, [&services](const std::shared_ptr<Call>& call) {
        call->succeed({{"pong", true}, {"time", format_iso8601(services.clock.now())}});
    });

    // The browser's proof that the connection still carries answers. Needs no session and
    // does not touch one: an open tab must not keep an idle session alive.
    add("heartbeat", false,
        [](const std::shared_ptr<Call>& call) { call->succeed(boost::json::object{}); });
}

}  // namespace gongkai::api
