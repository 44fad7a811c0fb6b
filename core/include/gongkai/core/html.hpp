#pragma once

#include <string>
#include <string_view>

namespace gongkai {

// HTML escaping for the pages the server renders itself (the annual report, the public
// pages, the review record). Five characters and a control-character filter: smaller than
// any library that would do it.

// Appends `text` with & < > " ' replaced by entities: safe in element content and in
// quoted attribute values. Control characters other than tab and line feed are dropped.
void append_html_escaped(std::string& out, std::string_view text);

// The same, as a new string.
std::string html_escape(std::string_view text);

}  // namespace gongkai
