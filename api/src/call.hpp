#pragma once

#include "gongkai/api/dispatcher.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/outcome.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>

namespace gongkai::api {

// One request in flight: what was asked, by whom, and how to answer it exactly once.
class Call : public std::enable_shared_from_this<Call> {
public:
    Call(boost::json::value id, boost::json::object request, std::shared_ptr<ClientState> client,
         Dispatcher::Reply reply, net::any_io_executor executor, std::string request_id)
        : id_(std::move(id)),
          request_(std::move(request)),
          client_(std::move(client)),
          reply_(std::move(reply)),
          executor_(std::move(executor)),
          request_id_(std::move(request_id)) {}

    const boost::json::object& request() const { return request_; }
    ClientState& client() { return *client_; }
    const std::string& request_id() const { return request_id_; }

    // The logged-in user; set by the dispatcher before operations that need a session.
    const Actor& actor() const { return session_->actor; }
    const std::shared_ptr<SessionState>& session() const { return session_; }
    void set_session(std::shared_ptr<SessionState> session) { session_ = std::move(session); }

    // Counts the answer in `metrics` under `op` (which must outlive the call), timed from
    // `started`.
    void measure(RequestMetrics& metrics, std::string_view op,
                 std::chrono::steady_clock::time_point started) {
        metrics_ = &metrics;
        op_ = op;
        started_ = started;
    }

    void succeed(boost::json::object result);
    // The same, with the result already serialised (a cached one).
    void succeed_serialized(std::string_view result);
    // Answers with the error in flight (gongkai::Error, or anything else as `internal`).
    void fail(std::exception_ptr error);

    // A completion for an asynchronous service call: formats the value with `format` on
    // the dispatcher's executor and answers, or answers the error.
    template <class T, class Format>
    Completion<T> then(Format format) {
        return [self = shared_from_this(), format = std::move(format)](Outcome<T> outcome) mutable {
            net::post(self->executor_,
                      [self, format = std::move(format), outcome = std::move(outcome)]() mutable {
                          try {
                              self->succeed(format(outcome.value()));
                          } catch (...) {
                              self->fail(std::current_exception());
                          }
                      });
        };
    }

private:
    boost::json::value id_;
    boost::json::object request_;
    std::shared_ptr<ClientState> client_;
    Dispatcher::Reply reply_;
    net::any_io_executor executor_;
    std::string request_id_;
    std::shared_ptr<SessionState> session_;
    bool answered_ = false;
    RequestMetrics* metrics_ = nullptr;
    std::string_view op_;
    std::chrono::steady_clock::time_point started_;

    void answered(std::optional<ErrorCode> error);
};

}  // namespace gongkai::api
