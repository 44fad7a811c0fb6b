#include "strict_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

namespace gongkai::api {

namespace {

namespace json = boost::json;

// boost::json's own handler (detail/impl/handler.ipp), plus a count of the keys parsed.
struct CountingHandler {
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack stack;
    std::size_t keys = 0;

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) { return true; }
    bool on_object_end(std::size_t n, json::error_code&) {
        keys += n;
        stack.push_object(n);
        return true;
    }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        stack.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        stack.push_key(s);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        stack.push_string(s);
        return true;
    }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        stack.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        stack.push_uint64(u);
        return true;
    }
    bool on_double(double d, json::string_view, json::error_code&) {
        stack.push_double(d);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        stack.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        stack.push_null();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};

std::size_t keys_in(const json::value& value) {
    std::size_t keys = 0;
    if (const auto* object = value.if_object()) {
        keys += object->size();
        for (const auto& member : *object)
            keys += keys_in(member.value());
    } else if (const auto* array = value.if_array()) {
        for (const auto& element : *array)
            keys += keys_in(element);
    }
    return keys;
}

}  // namespace

StrictJson parse_strict_json(std::string_view text, std::size_t max_depth) {
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<CountingHandler> parser(options);
    parser.handler().stack.reset();
    StrictJson result;
    const auto used = parser.write_some(false, text.data(), text.size(), result.error);
    if (!result.error && used < text.size()) result.error = json::error::extra_data;
    if (result.error) return result;
    result.value = parser.handler().stack.release();
    result.duplicate_key = keys_in(result.value) != parser.handler().keys;
    return result;
}

}  // namespace gongkai::api
