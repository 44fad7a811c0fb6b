#include "gongkai/api/request_fields.hpp"

#include <gongkai/core/error.hpp>

#include <fmt/format.h>

namespace gongkai::api {

namespace {

[[noreturn]] void wrong_type(std::string_view key, std::string_view expected) {
    throw Error(ErrorCode::bad_request, fmt::format("字段“{}”必须是{}", key, expected),
                {{"field", key}});
}

[[noreturn]] void missing(std::string_view key) {
    throw Error(ErrorCode::bad_request, fmt::format("缺少字段“{}”", key), {{"field", key}});
}

}  // namespace

const boost::json::value* RequestFields::find(std::string_view key) const {
    auto value = object_.if_contains(key);
    // An explicit null counts as absent, as most clients write optional fields that way.
    return value && !value->is_null() ? value : nullptr;
}

std::string RequestFields::string(std::string_view key, std::size_t max_bytes) const {
    auto value = optional_string(key, max_bytes);
    if (!value) {
        missing(key);
    }
    return std::move(*value);
}

std::optional<std::string> RequestFields::optional_string(std::string_view key,
                                                          std::size_t max_bytes) const {
    auto value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        wrong_type(key, "字符串");
    }
    if (value->get_string().size() > max_bytes) {
        throw Error(ErrorCode::too_large,
                    fmt::format("字段“{}”过长（最多 {} 字节）", key, max_bytes),
                    {{"field", key}});
    }
    return std::string(value->get_string());
}

std::int64_t RequestFields::integer(std::string_view key) const {
    auto value = optional_integer(key);
    if (!value) {
        missing(key);
    }
    return *value;
}

std::optional<std::int64_t> RequestFields::optional_integer(std::string_view key) const {
    auto value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->get_int64();
    }
    if (value->is_uint64() && value->get_uint64() <= INT64_MAX) {
        return static_cast<std::int64_t>(value->get_uint64());
    }
    wrong_type(key, "整数");
}

std::optional<bool> RequestFields::optional_bool(std::string_view key) const {
    auto value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_bool()) {
        wrong_type(key, "布尔值（true 或 false）");
    }
    return value->get_bool();
}

const boost::json::object& RequestFields::object(std::string_view key) const {
    auto value = optional_object(key);
    if (value == nullptr) {
        missing(key);
    }
    return *value;
}

const boost::json::object* RequestFields::optional_object(std::string_view key) const {
    auto value = find(key);
    if (value == nullptr) {
        return nullptr;
    }
    if (!value->is_object()) {
        wrong_type(key, "对象");
    }
    return &value->get_object();
}

const boost::json::array* RequestFields::optional_array(std::string_view key) const {
    auto value = find(key);
    if (value == nullptr) {
        return nullptr;
    }
    if (!value->is_array()) {
        wrong_type(key, "数组");
    }
    return &value->get_array();
}

std::size_t RequestFields::limit(std::string_view key, std::size_t fallback,
                                 std::size_t max) const {
    auto value = optional_integer(key);
    if (!value) {
        return fallback;
    }
    if (*value < 1 || static_cast<std::size_t>(*value) > max) {
        throw Error(ErrorCode::bad_request,
                    fmt::format("字段“{}”必须在 1 到 {} 之间", key, max), {{"field", key}});
    }
    return static_cast<std::size_t>(*value);
}

}  // namespace gongkai::api
