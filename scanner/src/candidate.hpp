#pragma once

#include <gongkai/scanner/rule.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gongkai::scanner {

// A match before it becomes a Finding: byte offsets in the normalised text.
struct Candidate {
    Rule rule;
    std::size_t begin;
    std::size_t end;
    // How the identifier is masked: within [mask_begin, mask_end), of the ASCII letters and
    // digits (after normalisation) the first keep_first and the last keep_last stay and the
    // others become '*'; everything else (separators, a +86 prefix, an e-mail domain) stays.
    std::size_t mask_begin = 0;
    std::size_t mask_end = 0;
    std::uint8_t keep_first = 0;
    std::uint8_t keep_last = 0;
    std::string_view suggestion = {};  // owned by the scanner's lexicon; empty: none
};

}  // namespace gongkai::scanner
