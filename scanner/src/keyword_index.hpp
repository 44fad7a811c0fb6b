#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace gongkai::scanner {

// Context words that turn a weak pattern (a 15-digit ID, a Luhn-valid card number, a
// passport number) into a finding.
enum class KeywordClass { resident_id, bank_card, passport };

// Where the context words of one text are, and whether one is near a match.
class KeywordIndex {
public:
    // `window_chars`: the most code points allowed between a keyword and a match.
    KeywordIndex(std::string_view text, std::size_t window_chars);

    // Byte offsets in `text`; add in any order, then finish() before near().
    void add(KeywordClass keyword, std::size_t begin, std::size_t end);
    void finish();

    // Is a keyword of this class within the window before or after [begin, end)?
    bool near(KeywordClass keyword, std::size_t begin, std::size_t end) const;

private:
    struct Range {
        std::size_t begin;
        std::size_t end;
    };

    bool gap_within_window(std::size_t from, std::size_t to) const;

    std::string_view text_;
    std::size_t window_chars_;
    std::array<std::vector<Range>, 3> ranges_;
};

}  // namespace gongkai::scanner
