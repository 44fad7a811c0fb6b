#pragma once

// Walking text that is already known to be valid UTF-8 (offsets are byte offsets at code
// point boundaries), and the normalisation the detectors see the text through.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace gongkai::scanner::utf8 {

inline bool is_continuation(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// The code point starting at `pos`; `length` receives its byte length.
inline char32_t decode(std::string_view text, std::size_t pos, std::size_t& length) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    unsigned char lead = byte(0);
    if (lead < 0x80) {
        length = 1;
        return lead;
    }
    if (lead < 0xE0) {
        length = 2;
        return (char32_t(lead & 0x1F) << 6) | (byte(1) & 0x3F);
    }
    if (lead < 0xF0) {
        length = 3;
        return (char32_t(lead & 0x0F) << 12) | (char32_t(byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    }
    length = 4;
    return (char32_t(lead & 0x07) << 18) | (char32_t(byte(1) & 0x3F) << 12) |
           (char32_t(byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
}

// What the detectors see instead of a code point, one for one: the full-width forms of ASCII
// (１３８, Ｅ, －, ＠, （, ：) become ASCII, U+3000 and the other spaces become ' ', hyphen
// and minus variants become '-'. One code point for one keeps code point offsets equal in
// the original and the normalised view, so nothing has to be mapped back.
inline char32_t normalise(char32_t code) {
    if (code < 0x2000) {
        return code == 0xA0 ? U' ' : code;  // no-break space
    }
    if (code >= 0xFF01 && code <= 0xFF5E) {
        return code - 0xFEE0;
    }
    if (code == 0x3000 || (code >= 0x2000 && code <= 0x200A) || code == 0x202F) {
        return U' ';
    }
    if ((code >= 0x2010 && code <= 0x2013) || code == 0x2212) {
        return U'-';
    }
    return code;
}

inline char32_t decode_normalised(std::string_view text, std::size_t pos, std::size_t& length) {
    return normalise(decode(text, pos, length));
}

inline char32_t decode_normalised(std::string_view text, std::size_t pos) {
    std::size_t length = 0;
    return decode_normalised(text, pos, length);
}

// The start of the code point before `pos` (pos > 0).
inline std::size_t previous(std::string_view text, std::size_t pos) {
    do {
        --pos;
    } while (pos > 0 && is_continuation(text[pos]));
    return pos;
}

inline std::size_t next(std::string_view text, std::size_t pos) {
    std::size_t length = 0;
    decode(text, pos, length);
    return pos + length;
}

// The offset `count` code points after `pos` (or the end).
inline std::size_t advance(std::string_view text, std::size_t pos, std::size_t count) {
    for (; count > 0 && pos < text.size(); --count) {
        pos = next(text, pos);
    }
    return pos;
}

inline void append(std::string& out, char32_t code) {
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

// Code points in `text`, eight bytes at a time: every byte that is not a continuation byte
// (10xxxxxx) starts one.
inline std::size_t count(std::string_view text) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
    std::size_t continuation = 0;
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        // Bit 7 set and bit 6 clear (shifting left by one moves bit 6 onto bit 7); the
        // multiplication adds the eight 0/1 bytes into the top byte (no popcnt needed).
        std::uint64_t flags = (word & ~(word << 1) & kHighBits) >> 7;
        continuation += static_cast<std::size_t>((flags * kLowBits) >> 56);
    }
    for (; i < text.size(); ++i) {
        continuation += is_continuation(text[i]) ? 1 : 0;
    }
    return text.size() - continuation;
}

// CJK unified ideographs (basic block and extension A), the letters of Chinese words.
inline bool is_ideograph(char32_t code) {
    return (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0x3400 && code <= 0x4DBF);
}

// `text` (valid UTF-8) with every code point normalised.
std::string normalised(std::string_view text);

}  // namespace gongkai::scanner::utf8
