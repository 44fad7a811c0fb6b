#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual {

// Columns `text` (valid UTF-8) takes in a monospaced terminal or plain-text viewer: East
// Asian wide and full-width characters (汉字, 、，（） …) count two, combining marks zero,
// everything else one. Ambiguous-width characters (“ ” …) count one, as in UAX #11's
// default for non-East-Asian contexts.
std::size_t display_width(std::string_view text);

// Splits `text` into lines at most `max_width` columns wide, breaking between characters
// (Chinese has no spaces to break at). Closing punctuation (、，。）” …) never starts a
// line: it may make a line one character wider. A single character wider than
// `max_width` still gets a line of its own.
std::vector<std::string> wrap_to_width(std::string_view text, std::size_t max_width);

}  // namespace gongkai::annual
