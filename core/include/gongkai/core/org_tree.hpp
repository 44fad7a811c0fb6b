#pragma once

#include "gongkai/core/string_hash.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gongkai {

struct Org {
    std::string id;
    std::string name;
    std::optional<std::string> parent;
};

// The organisation hierarchy (区 → 街道 → 社区), immutable once built. Visibility and the
// "leader of the report's org or an ancestor" rules are answered here.
class OrgTree {
public:
    OrgTree() = default;
    // Orgs whose parent is missing are treated as roots; a cycle is cut where it closes.
    explicit OrgTree(std::vector<Org> orgs);

    const Org* find(std::string_view id) const;
    const std::vector<Org>& all() const { return orgs_; }

    // The org itself first, then its parent, up to the root.
    std::vector<std::string> self_and_ancestors(std::string_view id) const;
    // The org itself and everything below it.
    std::vector<std::string> self_and_descendants(std::string_view id) const;
    // True when `ancestor` is `id` itself or above it.
    bool is_self_or_ancestor(std::string_view ancestor, std::string_view id) const;

private:
    std::vector<Org> orgs_;
    std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> index_;
    // Per org, the indexes of itself and its ancestors up to the root, computed once: access
    // checks walk them for every report a request touches.
    std::vector<std::vector<std::size_t>> chains_;
    std::unordered_map<std::string, std::vector<std::string>> children_;
};

}  // namespace gongkai
