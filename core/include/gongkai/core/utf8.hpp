#pragma once

#include <cstddef>
#include <string_view>

namespace gongkai {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// Number of code points in valid UTF-8 text (what users call characters, for limits).
std::size_t count_code_points(std::string_view text);

}  // namespace gongkai
