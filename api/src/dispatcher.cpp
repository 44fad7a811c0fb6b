#include "gongkai/api/dispatcher.hpp"

#include "call.hpp"
#include "operations.hpp"
#include "strict_json.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace gongkai::api {

namespace {

// Nesting deeper than any real report needs; bounds the parser's stack use.
constexpr std::size_t kMaxJsonDepth = 64;
// Longer than any request counter or UUID a client would use.
constexpr std::size_t kMaxIdBytes = 128;

std::string frame_for(const boost::json::value& id, std::string_view code,
                      std::string_view message) {
    boost::json::object frame{
        {"id", id}, {"ok", false}, {"error", {{"code", code}, {"message", message}}}};
    return boost::json::serialize(frame);
}

}  // namespace

Dispatcher::Dispatcher(Services services, net::any_io_executor executor)
    : services_(services), executor_(std::move(executor)) {
    register_operations();
    std::vector<std::string> names;
    for (const auto& [name, operation] : operations_)
        names.push_back(name);
    metrics_ = std::make_unique<RequestMetrics>(names);
}

std::string Dispatcher::error_frame(std::string_view code, std::string_view message) {
    return frame_for(nullptr, code, message);
}

void Dispatcher::add(std::string name, bool needs_session,
                     std::function<void(const std::shared_ptr<Call>&)> run) {
    operations_.emplace(std::move(name), Operation{needs_session, std::move(run)});
}

void Dispatcher::register_operations() {
    AddOperation add = [this](std::string name, bool needs_session, CallHandler handler) {
        this->add(std::move(name), needs_session, std::move(handler));
    };
    add_session_operations(add, services_);
    add_report_operations(add, services_);
    add_audit_operations(add, services_);
    add_notification_operations(add, services_);
    add_comment_operations(add, services_);
    add_annual_operations(add, services_);
    add_scan_operations(add, services_);
}

void Dispatcher::dispatch(const std::shared_ptr<ClientState>& client, std::string_view frame,
                          Reply reply) {
    const auto started = std::chrono::steady_clock::now();
    // Refusals before an operation is known are counted too (op "(none)").
    auto refuse = [&](const boost::json::value& id, ErrorCode code, std::string_view message) {
        metrics_->record(RequestMetrics::kNoOperation, code,
                         std::chrono::steady_clock::now() - started);
        reply(frame_for(id, to_string(code), message));
    };
    // Every frame spends a token, readable or not. A refused one is still read as far as
    // its id (frames are size-limited, so this is bounded): a client that cannot tell which
    // request was refused would wait for its answer forever.
    const bool admitted = client->admit_message(services_.clock.now());
    auto parsed = parse_strict_json(frame, kMaxJsonDepth);
    const auto& ec = parsed.error;
    auto& message = parsed.value;
    if (!admitted) {
        const boost::json::value* id = nullptr;
        if (!ec && message.is_object()) id = message.get_object().if_contains("id");
        const bool usable = id && ((id->is_string() && id->get_string().size() <= kMaxIdBytes) ||
                                   id->is_int64() || id->is_uint64());
        refuse(usable ? *id : boost::json::value(nullptr), ErrorCode::rate_limited,
               "请求过于频繁，请稍后再试");
        return;
    }
    if (ec) {
        refuse(nullptr, ErrorCode::bad_request, "消息不是合法的 JSON：" + ec.message());
        return;
    }
    if (parsed.duplicate_key) {
        // Not even the id is trusted: which of two ids would the client expect back?
        refuse(nullptr, ErrorCode::bad_request, "消息中有重复的字段名，请每个字段只写一次");
        return;
    }
    if (!message.is_object()) {
        refuse(nullptr, ErrorCode::bad_request, "消息必须是 JSON 对象");
        return;
    }
    auto& object = message.get_object();
    boost::json::value id = nullptr;
    if (auto found = object.if_contains("id")) {
        if (!found->is_string() && !found->is_int64() && !found->is_uint64()) {
            refuse(nullptr, ErrorCode::bad_request, "字段“id”必须是整数或字符串");
            return;
        }
        if (found->is_string() && found->get_string().size() > kMaxIdBytes) {
            // The id is echoed in the reply: a long one would make the server hold copies.
            refuse(nullptr, ErrorCode::bad_request,
                   fmt::format("字段“id”过长（最多 {} 字节）", kMaxIdBytes));
            return;
        }
        id = *found;
    } else {
        refuse(nullptr, ErrorCode::bad_request, "缺少字段“id”");
        return;
    }
    auto op_value = object.if_contains("op");
    if (op_value == nullptr || !op_value->is_string()) {
        refuse(id, ErrorCode::bad_request, "缺少字段“op”或其不是字符串");
        return;
    }
    std::string op(op_value->get_string());
    auto operation = operations_.find(op);
    if (operation == operations_.end()) {
        refuse(id, ErrorCode::bad_request, fmt::format("未知操作“{}”", op));
        return;
    }
    auto request_id = fmt::format("c{}-{}", client->id(), client->next_request_number());
    auto call = std::make_shared<Call>(std::move(id), std::move(object), client, std::move(reply),
                                       executor_, std::move(request_id));
    call->measure(*metrics_, operation->first, started);
    try {
        if (operation->second.needs_session) {
            auto session = client->session();
            if (!session) {
                throw Error(ErrorCode::unauthenticated, "请先登录");
            }
            if (!services_.auth.still_valid(*session)) {
                client->set_session(nullptr);
                throw Error(ErrorCode::unauthenticated, "登录已失效，请重新登录");
            }
            call->set_session(std::move(session));
        }
        operation->second.run(call);
    } catch (...) {
        call->fail(std::current_exception());
    }
}

}  // namespace gongkai::api
