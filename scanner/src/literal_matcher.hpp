#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::scanner {

struct LiteralHit {
    std::uint32_t pattern;  // index into the literals given to the constructor
    std::size_t begin;      // byte offsets in the text
    std::size_t end;
};

// Every occurrence of any of many literals (thousands of lexicon terms) in one pass, overlapping
// occurrences included, compared code point by code point after normalisation (utf8::normalise),
// so ＡＢＣ項目 in a text matches ABC項目 in a lexicon.
//
// The literals form a trie over code points. A bitmap of the hashed first-two-code-point pairs
// of all literals (and one of the single-code-point literals) tells, with one memory access per
// character, whether a literal can start at a position; only then is the trie walked, for at most
// as many steps as the longest literal. Why not Hyperscan: on UTF-8 Chinese, whose bytes carry
// little information each (every third byte is E4–E9), its literal matcher measured 1.5–2× slower
// than this, and compiling 10,000 terms took 400 ms instead of 25 ms (docs/scanner.md).
//
// Immutable after construction: scans may run on any number of threads at once.
class LiteralMatcher {
public:
    // Literals must be non-empty valid UTF-8; two that normalise alike count as the first.
    explicit LiteralMatcher(const std::vector<std::string>& literals);

    // The result of one pass over a text.
    struct Pass {
        std::vector<LiteralHit> hits;  // in order of their start
        // Where a run of ASCII letters, digits or '_' starts (after normalisation, so also a
        // full-width one), and every '@': the identifier detector starts from these instead of
        // reading the text again.
        std::vector<std::size_t> word_starts;
        std::optional<std::size_t> invalid_byte;  // where the text stopped being UTF-8
    };

    // One pass over `text` that also validates it as UTF-8 (strict: no overlong forms, no
    // surrogates, nothing above U+10FFFF). At an invalid byte it stops; hits and word starts are
    // then incomplete.
    Pass scan(std::string_view text) const;

private:
    static constexpr std::uint64_t kEmpty = ~0ULL;

    std::uint32_t child(std::uint32_t node, char32_t code) const;
    std::uint32_t add_child(std::uint32_t node, char32_t code);
    static constexpr std::size_t kNoPosition = ~std::size_t{0};

    // The literals of two or more code points starting at `begin`; one starting at `pos`.
    void walk(std::string_view text, std::size_t begin, std::vector<LiteralHit>& hits) const;
    void report_single(std::string_view text, std::size_t pos, std::vector<LiteralHit>& hits) const;
    static std::size_t valid_sequence_length(const unsigned char* bytes, std::size_t size,
                                             std::size_t pos);

    static constexpr std::uint64_t kPairHashFactor = 0x9E3779B97F4A7C15ULL;  // 2^64 / φ

    std::uint32_t pair_slot(char32_t first, char32_t second) const {
        std::uint64_t key = (static_cast<std::uint64_t>(first) << 21) | second;
        return static_cast<std::uint32_t>((key * kPairHashFactor) >> pair_shift_);
    }
    bool pair_possible(char32_t first, char32_t second) const {
        std::uint32_t slot = pair_slot(first, second);
        return (pair_bits_[slot >> 6] >> (slot & 63)) & 1;
    }
    bool single_possible(char32_t code) const {
        return (single_bits_[(code & 0xFFFF) >> 6] >> (code & 63)) & 1;
    }

    // Trie edges in an open-addressing table: key (node << 21 | code point) → child node.
    std::vector<std::uint64_t> edge_keys_;
    std::vector<std::uint32_t> edge_children_;
    std::uint64_t edge_mask_ = 0;
    std::vector<std::int32_t> terminal_;  // per node: the literal ending there, or -1
    std::vector<std::uint64_t> pair_bits_;
    unsigned pair_shift_ = 0;
    std::vector<std::uint64_t> single_bits_;  // by code point & 0xFFFF
};

}  // namespace gongkai::scanner
