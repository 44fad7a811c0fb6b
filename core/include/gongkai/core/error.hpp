#pragma once

#include <boost/json/object.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace gongkai {

// The central table of error codes. Every failure the API reports carries exactly one
// of these; docs/protocol.md explains each. Clients branch on the code, never on the text.
enum class ErrorCode {
    bad_request,         // malformed message, missing or wrong-typed field, unknown op
    unauthenticated,     // no session on this connection, or the session expired
    forbidden,           // the caller is known but may not do this
    not_found,           // no such object, or the caller may not see it
    conflict,            // the object moved on since the revision the caller named
    invalid_transition,  // the action is not possible from the current state
    validation_failed,   // the content or the request does not pass its checks
    duplicate,           // the object exists already (an annual report of that org and year)
    rate_limited,        // too many requests or too many failed logins
    too_large,           // a message or a field exceeds its size limit
    internal,            // a fault of the server; logged with the request id
};

std::string_view to_string(ErrorCode code);

// A failure the caller can act on: thrown by domain code, turned into an API error reply
// (or a CLI message) at the edge. Broken internal invariants are not Errors; they crash.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string message, boost::json::object details = {});

    ErrorCode code() const noexcept { return code_; }
    // Extra machine-readable fields of the error object (e.g. the list of validation
    // problems, the current revision on a conflict).
    const boost::json::object& details() const noexcept { return details_; }

private:
    ErrorCode code_;
    boost::json::object details_;
};

}  // namespace gongkai
