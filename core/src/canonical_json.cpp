#include "gongkai/core/canonical_json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace gongkai {

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Whether any of the eight bytes in `word` is zero; exact as a yes/no answer.
constexpr bool has_zero_byte(std::uint64_t word) {
    return ((word - kOnes) & ~word & kHighBits) != 0;
}

// Whether any of the eight bytes is one JSON escapes: a control character, a quote or a
// backslash. Bytes of 0x80 and above (UTF-8) never are: their high bit keeps them out of
// the first test.
bool needs_escape(std::uint64_t word) {
    const bool control = ((word - kOnes * 0x20) & ~word & kHighBits) != 0;
    return control || has_zero_byte(word ^ (kOnes * '"')) || has_zero_byte(word ^ (kOnes * '\\'));
}

// Whether any byte of `text` needs an escape, eight bytes at a time (the audit chain check
// escapes a dozen short strings per entry, a million entries at a time, and a byte-by-byte
// scan was a tenth of it). A string shorter than a word is padded with a letter; the last
// partial word is read again overlapping the one before. Hand-written: a JSON library
// escapes while it serialises a whole value and has no such test to call.
bool any_needs_escape(std::string_view text) {
    constexpr std::size_t kWord = sizeof(std::uint64_t);
    if (text.empty()) return false;  // (and memcpy is not to be given a null pointer)
    std::uint64_t word = kOnes * 'a';
    if (text.size() < kWord) {
        std::memcpy(&word, text.data(), text.size());
        return needs_escape(word);
    }
    for (std::size_t i = 0; i + kWord <= text.size(); i += kWord) {
        std::memcpy(&word, text.data() + i, kWord);
        if (needs_escape(word)) return true;
    }
    std::memcpy(&word, text.data() + text.size() - kWord, kWord);
    return needs_escape(word);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    if (!any_needs_escape(text)) {  // nearly always
        out.append(text);
        out.push_back('"');
        return;
    }
    // Runs of characters that need no escape are copied in one go.
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
