#pragma once

#include <string>
#include <string_view>

namespace gongkai::annual {

// Appends `text` with & < > " ' replaced by entities: safe in element content and in
// quoted attribute values. Control characters other than tab and line feed are dropped.
void append_html_escaped(std::string& out, std::string_view text);

}  // namespace gongkai::annual
