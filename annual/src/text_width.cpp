#include "gongkai/annual/text_width.hpp"

namespace gongkai::annual {

namespace {

// Decodes the code point at `text[at]` (valid UTF-8 assumed; a stray byte counts as one
// character) and advances `at` past it.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    auto lead = static_cast<unsigned char>(text[at]);
    int length = lead < 0x80             ? 1
                 : (lead & 0xE0) == 0xC0 ? 2
                 : (lead & 0xF0) == 0xE0 ? 3
                 : (lead & 0xF8) == 0xF0 ? 4
                                         : 1;
    if (at + length > text.size()) {
        length = 1;
    }
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (int i = 1; i < length; ++i) {
        code = (code << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
    }
    at += length;
    return code;
}

int code_point_width(char32_t c) {
    if (c == 0 || (c >= 0x0300 && c <= 0x036F) || c == 0x200B || c == 0x200D ||
        (c >= 0xFE00 && c <= 0xFE0F)) {
        return 0;  // combining marks, zero-width space and joiner, variation selectors
    }
    // East Asian Wide (W) and Fullwidth (F) ranges of UAX #11.
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
        (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x20000 && c <= 0x3FFFD)) {
        return 2;
    }
    return 1;
}

// Punctuation that may not begin a line (避头点): it stays at the end of the line before,
// even if that line gets one character wider.
bool closes_line(char32_t c) {
    switch (c) {
        case 0x3001:
        case 0x3002:
        case 0xFF0C:
        case 0xFF1B:
        case 0xFF1A:
        case 0xFF09:
        case 0x300D:
        case 0x300F:
        case 0x201D:
        case 0x2019:
        case 0xFF01:
        case 0xFF1F:
        case 0x3011:
        case 0x300B:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t at = 0; at < text.size();) {
        width += code_point_width(next_code_point(text, at));
    }
    return width;
}

std::vector<std::string> wrap_to_width(std::string_view text, std::size_t max_width) {
    std::vector<std::string> lines(1);
    std::size_t width = 0;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t start = at;
        char32_t code = next_code_point(text, at);
        auto char_width = static_cast<std::size_t>(code_point_width(code));
        if (width + char_width > max_width && width > 0 && !closes_line(code)) {
            lines.emplace_back();
            width = 0;
        }
        lines.back().append(text.substr(start, at - start));
        width += char_width;
    }
    return lines;
}

}  // namespace gongkai::annual
