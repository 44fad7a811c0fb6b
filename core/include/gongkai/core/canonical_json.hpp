#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace gongkai {

// The one serialisation of a JSON value that hashes are computed over:
// - object members sorted by key (byte order of the UTF-8 key), no whitespace anywhere;
// - strings as UTF-8 with only '"', '\\' and control characters escaped
//   (\b \f \n \r \t, others as \u00XX, lower-case hex);
// - integers in plain decimal; doubles as Boost.JSON prints them.
// Two values that are equal as JSON always give the same bytes.
std::string canonical_json(const boost::json::value& value);

// Appends the canonical form of `value` to `out`.
void append_canonical_json(std::string& out, const boost::json::value& value);

// Appends `text` as a canonical JSON string literal (with the quotes).
void append_json_string(std::string& out, std::string_view text);

}  // namespace gongkai
