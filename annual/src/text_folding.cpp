#include "text_folding.hpp"

namespace gongkai::annual {

namespace {

struct Decoded {
    char32_t code;
    std::size_t length;
};

// Valid UTF-8 is assumed; a stray byte is taken as one character of its own.
Decoded decode(std::string_view text, std::size_t at) {
    auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = lead < 0x80             ? 1
                         : (lead & 0xE0) == 0xC0 ? 2
                         : (lead & 0xF0) == 0xE0 ? 3
                         : (lead & 0xF8) == 0xF0 ? 4
                                                 : 1;
    if (at + length > text.size()) {
        return {lead, 1};
    }
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) {
        code = (code << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
    }
    return {code, length};
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

bool is_separator(char32_t c) {
    switch (c) {
        case ',':
        case '.':
        case ':':
        case ';':
        case '"':
        case '\'':
        case 0x3001:  // 、
        case 0x3002:  // 。
        case 0x2018:
        case 0x2019:
        case 0x201C:
        case 0x201D:  // ‘ ’ “ ”
        case 0x300C:
        case 0x300D:  // 「 」
        case 0x00B7:
        case 0x30FB:  // · ・
            return true;
        default:
            return false;
    }
}

void append_utf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

char32_t fold(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) {
        return c - 0xFEE0;  // full-width ASCII variants
    }
    if (c == 0x2212 || c == 0x2012 || c == 0x2013) {
        return '-';  // minus sign, figure dash, en dash
    }
    return c;
}

template <class Keep>
std::string fold_text(std::string_view text, Keep keep) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        auto [code, length] = decode(text, at);
        at += length;
        if (is_space(code)) {
            continue;
        }
        code = fold(code);
        if (keep(code)) {
            append_utf8(out, code);
        }
    }
    return out;
}

}  // namespace

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty()) {
        auto [code, length] = decode(text, 0);
        if (!is_space(code)) {
            break;
        }
        text.remove_prefix(length);
    }
    while (!text.empty()) {
        // Step back to the start of the last character.
        std::size_t start = text.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
            --start;
        }
        if (!is_space(decode(text, start).code)) {
            break;
        }
        text.remove_suffix(text.size() - start);
    }
    return text;
}

std::string compact_text(std::string_view text) {
    return fold_text(text, [](char32_t) { return true; });
}

std::string label_key(std::string_view text) {
    return fold_text(text, [](char32_t code) { return !is_separator(code); });
}

}  // namespace gongkai::annual
