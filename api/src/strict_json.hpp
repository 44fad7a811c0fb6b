#pragma once

#include <boost/json/value.hpp>

#include <string_view>

namespace gongkai::api {

// Parses one request with Boost.JSON and refuses what two parsers could read differently:
// an object that names a key twice ({"op":"ping","op":"auth.logout"}: Boost.JSON keeps the
// last, others the first). Boost 1.81's parser has no option for that, so this runs its
// basic_parser with a handler that builds the value as boost::json::parser does and
// counts the keys it was given; a built tree holding fewer had duplicates.
struct StrictJson {
    boost::json::value value;
    boost::system::error_code error;  // parse errors, depth beyond `max_depth`
    bool duplicate_key = false;
};

StrictJson parse_strict_json(std::string_view text, std::size_t max_depth);

}  // namespace gongkai::api
