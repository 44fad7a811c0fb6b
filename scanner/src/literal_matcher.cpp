#include "literal_matcher.hpp"

#include "utf8_cursor.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>

namespace gongkai::scanner {

namespace {

std::uint64_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}

std::uint64_t edge_key(std::uint32_t node, char32_t code) {
    return (static_cast<std::uint64_t>(node) << 21) | code;
}

}  // namespace

LiteralMatcher::LiteralMatcher(const std::vector<std::string>& literals) {
    std::size_t total_bytes = 0;
    for (const std::string& literal : literals) {
        if (literal.empty()) {
            throw std::invalid_argument("LiteralMatcher: empty literal");
        }
        total_bytes += literal.size();
    }
    // At most one edge per code point of every literal, at most half full.
    std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, 2 * total_bytes));
    edge_keys_.assign(capacity, kEmpty);
    edge_children_.assign(capacity, 0);
    edge_mask_ = capacity - 1;
    terminal_.push_back(-1);  // the root
    // About 64 bits per literal keeps false positives of the pair filter near 1.5 %; between
    // 4 kbit (the built-in words alone) and 4 Mbit (512 KiB, still in a core's L2 cache).
    std::size_t pair_bits = std::clamp<std::size_t>(std::bit_ceil(literals.size() * 64),
                                                    std::size_t{1} << 12, std::size_t{1} << 22);
    pair_bits_.assign(pair_bits / 64, 0);
    pair_shift_ = static_cast<unsigned>(64 - std::countr_zero(pair_bits));
    single_bits_.assign((1u << 16) / 64, 0);

    for (std::size_t index = 0; index < literals.size(); ++index) {
        std::string_view literal = literals[index];
        std::uint32_t node = 0;
        char32_t first = 0;
        std::size_t depth = 0;
        for (std::size_t pos = 0, length = 0; pos < literal.size(); pos += length, ++depth) {
            char32_t code = utf8::decode_normalised(literal, pos, length);
            if (depth == 0) {
                first = code;
            } else if (depth == 1) {
                std::uint32_t slot = pair_slot(first, code);
                pair_bits_[slot >> 6] |= std::uint64_t{1} << (slot & 63);
            }
            node = add_child(node, code);
        }
        if (depth == 1) {
            single_bits_[(first & 0xFFFF) >> 6] |= std::uint64_t{1} << (first & 63);
        }
        if (terminal_[node] < 0) {
            terminal_[node] = static_cast<std::int32_t>(index);
        }
    }
}

std::uint32_t LiteralMatcher::child(std::uint32_t node, char32_t code) const {
    const std::uint64_t key = edge_key(node, code);
    for (std::uint64_t slot = mix(key) & edge_mask_;; slot = (slot + 1) & edge_mask_) {
        if (edge_keys_[slot] == key) {
            return edge_children_[slot];
        }
        if (edge_keys_[slot] == kEmpty) {
            return 0;  // the root is nobody's child: 0 means "none"
        }
    }
}

std::uint32_t LiteralMatcher::add_child(std::uint32_t node, char32_t code) {
    const std::uint64_t key = edge_key(node, code);
    for (std::uint64_t slot = mix(key) & edge_mask_;; slot = (slot + 1) & edge_mask_) {
        if (edge_keys_[slot] == key) {
            return edge_children_[slot];
        }
        if (edge_keys_[slot] == kEmpty) {
            edge_keys_[slot] = key;
            edge_children_[slot] = static_cast<std::uint32_t>(terminal_.size());
            terminal_.push_back(-1);
            return edge_children_[slot];
        }
    }
}

// The literals of two or more code points that start at `begin` (which the validating loop
// has passed, and the code point after it too).
void LiteralMatcher::walk(std::string_view text, std::size_t begin,
                          std::vector<LiteralHit>& hits) const {
    if (begin == kNoPosition) {
        return;
    }
    std::size_t length = 0;
    std::uint32_t node = child(0, utf8::decode_normalised(text, begin, length));
    std::size_t pos = begin + length;
    if (node == 0) {
        return;
    }
    node = child(node, utf8::decode_normalised(text, pos, length));
    pos += length;
    while (node != 0) {
        if (terminal_[node] >= 0) {
            hits.push_back({static_cast<std::uint32_t>(terminal_[node]), begin, pos});
        }
        // Ahead of the validating loop: stop at anything that is not a whole sequence.
        if (pos >= text.size() || utf8::is_continuation(text[pos])) {
            break;
        }
        auto lead = static_cast<unsigned char>(text[pos]);
        std::size_t needed = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if (text.size() - pos < needed) {
            break;
        }
        node = child(node, utf8::decode_normalised(text, pos, length));
        pos += length;
    }
}

void LiteralMatcher::report_single(std::string_view text, std::size_t pos,
                                   std::vector<LiteralHit>& hits) const {
    std::size_t length = 0;
    std::uint32_t node = child(0, utf8::decode_normalised(text, pos, length));
    if (node != 0 && terminal_[node] >= 0) {
        hits.push_back({static_cast<std::uint32_t>(terminal_[node]), pos, pos + length});
    }
}

LiteralMatcher::Pass LiteralMatcher::scan(std::string_view text) const {
    Pass pass;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    const std::uint64_t* pair_bits = pair_bits_.data();
    const unsigned pair_shift = pair_shift_;
    const std::uint64_t* single_bits = single_bits_.data();
    auto is_word = [](char32_t code) {
        return (code >= '0' && code <= '9') || (code >= 'A' && code <= 'Z') ||
               (code >= 'a' && code <= 'z') || code == '_';
    };
    // Where the filters fired, collected without a branch and looked at in batches: the loop
    // over the characters then calls nothing and keeps all it needs in registers.
    constexpr std::size_t kBatch = 256;
    std::array<std::size_t, kBatch> pair_starts;
    std::array<std::size_t, kBatch> single_starts;
    std::size_t pairs = 0;
    std::size_t singles = 0;
    auto flush = [&] {
        // Both lists are in order of position: merged, the hits come in order of their start.
        std::size_t p = 0;
        std::size_t q = 0;
        while (p < pairs || q < singles) {
            if (q == singles || (p < pairs && pair_starts[p] <= single_starts[q])) {
                walk(text, pair_starts[p++], pass.hits);
            } else {
                report_single(text, single_starts[q++], pass.hits);
            }
        }
        pairs = 0;
        singles = 0;
    };
    // Before the first character: a "code point" no literal starts with (the trie has no such
    // child, so a false positive of the filter costs one lookup).
    char32_t previous = 0x1FFFFF;
    std::size_t previous_pos = kNoPosition;
    std::size_t pos = 0;
    // A three-byte sequence starting before this offset is complete.
    const std::size_t three_byte_end = size >= 2 ? size - 2 : 0;
    while (pos < size) {
        unsigned lead = bytes[pos];
        // A run of U+4000..U+9FFF (lead bytes E4–E9), nearly all of a Chinese text: these are
        // never normalised, never overlong or surrogates, and never start a word, so this loop
        // only checks the two continuation bytes and asks the two filters; at most kBatch
        // characters at a time, so that neither list can overflow.
        for (std::size_t left = kBatch;
             left > 0 && lead - 0xE4u <= 0xE9u - 0xE4u && pos < three_byte_end; --left) {
            const unsigned b1 = bytes[pos + 1];
            const unsigned b2 = bytes[pos + 2];
            if (((b1 & 0xC0) != 0x80) | ((b2 & 0xC0) != 0x80)) [[unlikely]] {
                pass.invalid_byte = pos;
                return pass;
            }
            const char32_t code = ((lead & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
            const std::uint64_t key = (static_cast<std::uint64_t>(previous) << 21) | code;
            const auto slot = static_cast<std::uint32_t>((key * kPairHashFactor) >> pair_shift);
            pair_starts[pairs] = previous_pos;
            pairs += (pair_bits[slot >> 6] >> (slot & 63)) & 1;
            single_starts[singles] = pos;
            singles += (single_bits[(code & 0xFFFF) >> 6] >> (code & 63)) & 1;
            previous = code;
            previous_pos = pos;
            pos += 3;
            lead = pos < size ? bytes[pos] : 0;
        }
        flush();
        if (pos >= size) {
            break;
        }
        if (lead - 0xE4u <= 0xE9u - 0xE4u && pos < three_byte_end) {
            continue;  // the batch was full
        }
        // Anything else: ASCII, punctuation, full-width forms, other scripts.
        std::size_t length = 1;
        char32_t code = lead;
        if (lead >= 0x80) {
            length = valid_sequence_length(bytes, size, pos);
            if (length == 0) {
                pass.invalid_byte = pos;
                return pass;
            }
            code = utf8::decode_normalised(text, pos, length);
        }
        if (pair_possible(previous, code)) {
            walk(text, previous_pos, pass.hits);
        }
        if (single_possible(code)) {
            report_single(text, pos, pass.hits);
        }
        if (code < 0x80 && ((is_word(code) && !is_word(previous)) || code == '@')) {
            pass.word_starts.push_back(pos);
        }
        previous = code;
        previous_pos = pos;
        pos += length;
    }
    return pass;
}

// A multi-byte sequence starting at `pos`: its length, or 0 unless it is complete,
// well-formed and not overlong, a surrogate or above U+10FFFF.
std::size_t LiteralMatcher::valid_sequence_length(const unsigned char* bytes, std::size_t size,
                                                  std::size_t pos) {
    const unsigned char lead = bytes[pos];
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
    } else {
        return 0;  // a stray continuation byte, C0, C1 or F5..FF
    }
    if (size - pos < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((bytes[pos + i] & 0xC0) != 0x80) {
            return 0;
        }
    }
    const unsigned char second = bytes[pos + 1];
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)) {
        return 0;
    }
    return length;
}

}  // namespace gongkai::scanner
