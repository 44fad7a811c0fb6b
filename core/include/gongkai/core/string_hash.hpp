#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace gongkai {

// Hash for std::unordered_map<std::string, T, StringHash, std::equal_to<>>: lets find()
// take a string_view or a literal without building a std::string (hot lookups: the org
// tree on every access check, a connection's prepared statements on every query).
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
        return std::hash<std::string_view>{}(text);
    }
};

}  // namespace gongkai
