#include "gongkai/core/error.hpp"

namespace gongkai {

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::bad_request: return "bad_request";
        case ErrorCode::unauthenticated: return "unauthenticated";
        case ErrorCode::forbidden: return "forbidden";
        case ErrorCode::not_found: return "not_found";
        case ErrorCode::conflict: return "conflict";
        case ErrorCode::invalid_transition: return "invalid_transition";
        case ErrorCode::validation_failed: return "validation_failed";
        case ErrorCode::duplicate: return "duplicate";
        case ErrorCode::rate_limited: return "rate_limited";
        case ErrorCode::too_large: return "too_large";
        case ErrorCode::internal: return "internal";
    }
    return "internal";
}

Error::Error(ErrorCode code, std::string message, boost::json::object details)
    : std::runtime_error(std::move(message)), code_(code), details_(std::move(details)) {}

}  // namespace gongkai
