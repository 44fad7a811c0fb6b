#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace gongkai {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// Number of code points in valid UTF-8 text (what users call characters, for limits).
std::size_t count_code_points(std::string_view text);

// What a single-line field (a title, a name) may not hold, for the message that refuses it.
enum class SingleLineProblem {
    blank,             // nothing but spaces and invisible characters (e.g. a zero-width space)
    line_break,        // a control character, U+0085, U+2028 or U+2029
    direction_control  // a bidirectional override or isolate, which reorders what is shown
};

// The first reason valid UTF-8 `text` cannot be one line of visible text, or none. DEL and
// the C0/C1 control characters count as line breaks: none of them belongs in a title.
std::optional<SingleLineProblem> single_line_problem(std::string_view text);

}  // namespace gongkai
