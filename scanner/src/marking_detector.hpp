#pragma once

#include "candidate.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace gongkai::scanner {

// Classification markings (密级标志) of one text, read through utf8::normalise (so ：, ＊ and
// U+3000 count as :, * and a space). The literal matcher reports every 密; inspect() decides
// whether that 密 ends a level word (绝密/机密/秘密, possibly written 秘 密) that is a marking:
//   - followed by ★ (or ☆ or *, then not glued to a preceding Chinese word) and an optional
//     period: 秘密★1年, 机密★10年, 绝密★长期, 机密★;
//   - alone on its line, or at the very start of the text followed by white space: 秘 密;
//   - or 密级：秘密.
// Plain words (国家秘密, 保密审查, 涉密信息不上网, 属于国家秘密) are none of these.
// A marking with 解密 next to it (within a few characters on its line) is declassified.
class MarkingDetector {
public:
    explicit MarkingDetector(std::string_view text);

    // `pos`: byte offset of a 密.
    void inspect(std::size_t pos);
    // Overlapping spans (密级：秘密★1年 is seen from both of its 密) become one marking.
    void emit(std::vector<Candidate>& out) const;

private:
    struct Span {
        std::size_t begin;
        std::size_t end;
    };

    std::size_t skip_blanks(std::size_t pos, int most) const;
    std::size_t level_word_end(std::size_t pos) const;
    std::size_t star_and_period_end(std::size_t pos, bool glued_to_word) const;
    std::size_t period_end(std::size_t pos) const;
    bool alone_on_line(std::size_t begin, std::size_t end) const;
    bool at_text_start(std::size_t begin, std::size_t end) const;
    bool declassified(std::size_t begin, std::size_t end) const;

    std::string_view text_;
    std::vector<Span> spans_;
};

}  // namespace gongkai::scanner
