#include "keyword_index.hpp"

#include "utf8_cursor.hpp"

#include <algorithm>

namespace gongkai::scanner {

KeywordIndex::KeywordIndex(std::string_view text, std::size_t window_chars)
    : text_(text), window_chars_(window_chars) {}

void KeywordIndex::add(KeywordClass keyword, std::size_t begin, std::size_t end) {
    ranges_[static_cast<std::size_t>(keyword)].push_back({begin, end});
}

void KeywordIndex::finish() {
    for (auto& ranges : ranges_) {
        std::sort(ranges.begin(), ranges.end(),
                  [](const Range& a, const Range& b) { return a.begin < b.begin; });
    }
}

bool KeywordIndex::gap_within_window(std::size_t from, std::size_t to) const {
    std::size_t bytes = to - from;
    // A code point is one to four bytes: most gaps are decided without counting.
    if (bytes <= window_chars_) {
        return true;
    }
    if (bytes > 4 * window_chars_) {
        return false;
    }
    return utf8::count(text_.substr(from, bytes)) <= window_chars_;
}

bool KeywordIndex::near(KeywordClass keyword, std::size_t begin, std::size_t end) const {
    const auto& ranges = ranges_[static_cast<std::size_t>(keyword)];
    // The first keyword that starts at or after the match's end, and the one before it.
    auto after =
        std::lower_bound(ranges.begin(), ranges.end(), end,
                         [](const Range& r, std::size_t offset) { return r.begin < offset; });
    if (after != ranges.end() && gap_within_window(end, after->begin)) {
        return true;
    }
    // Keywords start in order but may overlap, so look back over all that start before the
    // match until one is decisively out of the window.
    for (auto it = after; it != ranges.begin();) {
        --it;
        if (it->end > begin) {
            return true;  // touches or overlaps the match
        }
        if (gap_within_window(it->end, begin)) {
            return true;
        }
        if (begin - it->begin > 4 * window_chars_ + 64) {
            break;
        }
    }
    return false;
}

}  // namespace gongkai::scanner
