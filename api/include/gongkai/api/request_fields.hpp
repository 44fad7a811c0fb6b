#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gongkai::api {

// Typed access to the fields of a request. Every accessor throws Error(bad_request) naming
// the field when it is missing (for required ones) or of the wrong type.
class RequestFields {
public:
    explicit RequestFields(const boost::json::object& object) : object_(object) {}

    std::string string(std::string_view key, std::size_t max_bytes = 4096) const;
    std::optional<std::string> optional_string(std::string_view key,
                                               std::size_t max_bytes = 4096) const;
    std::int64_t integer(std::string_view key) const;
    std::optional<std::int64_t> optional_integer(std::string_view key) const;
    std::optional<bool> optional_bool(std::string_view key) const;
    const boost::json::object& object(std::string_view key) const;
    const boost::json::object* optional_object(std::string_view key) const;
    const boost::json::array* optional_array(std::string_view key) const;

    // A positive integer no larger than `max`, `fallback` when absent.
    std::size_t limit(std::string_view key, std::size_t fallback, std::size_t max) const;

private:
    const boost::json::value* find(std::string_view key) const;
    const boost::json::object& object_;
};

}  // namespace gongkai::api
