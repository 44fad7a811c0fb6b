#include "gongkai/core/canonical_json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <vector>

namespace gongkai {

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    // Runs of characters that need no escape (nearly all of them) are copied in one go:
    // the audit chain check spends its time here, a million entries at a time.
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
        out.append(text.data() + plain_from, i - plain_from);
        plain_from = i + 1;
        switch (text[i]) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out.push_back(hex[byte >> 4]);
                out.push_back(hex[byte & 0xf]);
        }
    }
    out.append(text.data() + plain_from, text.size() - plain_from);
    out.push_back('"');
}

void append_canonical_json(std::string& out, const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::null: out += "null"; break;
        case boost::json::kind::bool_: out += value.get_bool() ? "true" : "false"; break;
        case boost::json::kind::int64:
        case boost::json::kind::uint64: {
            char buffer[24];
            auto result = value.is_int64()
                              ? std::to_chars(buffer, buffer + sizeof buffer, value.get_int64())
                              : std::to_chars(buffer, buffer + sizeof buffer, value.get_uint64());
            out.append(buffer, result.ptr);
            break;
        }
        case boost::json::kind::double_: out += boost::json::serialize(value); break;
        case boost::json::kind::string: append_json_string(out, value.get_string()); break;
        case boost::json::kind::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& element : value.get_array()) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                append_canonical_json(out, element);
            }
            out.push_back(']');
            break;
        }
        case boost::json::kind::object: {
            const auto& object = value.get_object();
            std::vector<const boost::json::key_value_pair*> members;
            members.reserve(object.size());
            for (const auto& member : object) {
                members.push_back(&member);
            }
            std::sort(members.begin(), members.end(),
                      [](auto* a, auto* b) { return a->key() < b->key(); });
            out.push_back('{');
            bool first = true;
            for (const auto* member : members) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                append_json_string(out, member->key());
                out.push_back(':');
                append_canonical_json(out, member->value());
            }
            out.push_back('}');
            break;
        }
    }
}

std::string canonical_json(const boost::json::value& value) {
    std::string out;
    append_canonical_json(out, value);
    return out;
}

}  // namespace gongkai
