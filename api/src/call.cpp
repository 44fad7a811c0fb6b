#include "call.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

namespace gongkai::api {

void Call::succeed(boost::json::object result) {
    if (answered_) {
        return;
    }
    answered_ = true;
    // In the result's storage, so that the result moves in rather than being copied.
    auto storage = result.storage();
    boost::json::object frame({{"id", id_}, {"ok", true}, {"result", std::move(result)}},
                              std::move(storage));
    auto text = boost::json::serialize(frame);
    answered(std::nullopt);
    reply_(std::move(text));
}

void Call::succeed_serialized(std::string_view result) {
    if (answered_) {
        return;
    }
    answered_ = true;
    // The frame Call::succeed would build, {"id":…,"ok":true,"result":…}, without parsing
    // the result again.
    const auto id = boost::json::serialize(id_);
    std::string frame;
    frame.reserve(id.size() + result.size() + 32);
    frame.append(R"({"id":)").append(id).append(R"(,"ok":true,"result":)").append(result);
    frame.push_back('}');
    answered(std::nullopt);
    reply_(std::move(frame));
}

// One line per request at debug level (request id, op, user, result, time): never the
// request's fields, which may hold passwords, tokens or content. Called before the reply is
// handed over, so that a client holding a reply finds it counted in /metrics (the I/O
// thread could otherwise be descheduled between sending and counting).
void Call::answered(std::optional<ErrorCode> error) {
    if (metrics_ == nullptr) return;
    auto elapsed = std::chrono::steady_clock::now() - started_;
    metrics_->record(op_, error, elapsed);
    if (spdlog::should_log(spdlog::level::debug)) {
        spdlog::debug("request {} op={} user={} result={} ms={:.3f}", request_id_, op_,
                      session_ ? session_->actor.username : "-", error ? to_string(*error) : "ok",
                      std::chrono::duration<double, std::milli>(elapsed).count());
    }
}

void Call::fail(std::exception_ptr error) {
    if (answered_) {
        return;
    }
    answered_ = true;
    boost::json::object body;
    ErrorCode code = ErrorCode::internal;
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        code = e.code();
        body = e.details();
        body["code"] = to_string(e.code());
        body["message"] = e.what();
        if (e.code() == ErrorCode::internal) {
            spdlog::error("request {} failed: {}", request_id_, e.what());
        }
    } catch (const std::exception& e) {
        // A fault of ours: the details go to the log, the client gets the request id to
        // quote when reporting it.
        spdlog::error("request {} ({}) failed: {}", request_id_,
                      request_.contains("op") ? request_.at("op").as_string().c_str() : "?",
                      e.what());
        body = {{"code", "internal"},
                {"message", "服务器内部错误，请联系管理员（请求编号 " + request_id_ + "）"}};
    }
    body["request_id"] = request_id_;
    boost::json::object frame{{"id", id_}, {"ok", false}, {"error", std::move(body)}};
    auto text = boost::json::serialize(frame);
    answered(code);
    reply_(std::move(text));
}

}  // namespace gongkai::api
