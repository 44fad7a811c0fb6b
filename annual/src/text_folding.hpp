#pragma once

#include <string>
#include <string_view>

namespace gongkai::annual {

// How the importer compares what a word processor gave it with the template's wording.
// Input must be valid UTF-8.

// Trims white space of every kind at both ends: ASCII, U+00A0, U+2000–U+200B, U+3000,
// U+FEFF …
std::string_view trim_spaces(std::string_view text);

// Removes all white space and folds full-width forms to ASCII (（１） → (1), －５ → -5).
std::string compact_text(std::string_view text);

// The key labels are compared by: compact_text, then without the separators and quotes
// whose choice varies between copies (、，,.．:：;；。“”"'‘’「」). "（六）其他处理",
// "(六) 其他处理" and "（六）其他处理。" share one key; the parentheses and digits stay.
std::string label_key(std::string_view text);

}  // namespace gongkai::annual
