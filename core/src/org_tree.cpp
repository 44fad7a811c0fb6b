#include "gongkai/core/org_tree.hpp"

#include <unordered_set>

namespace gongkai {

OrgTree::OrgTree(std::vector<Org> orgs) : orgs_(std::move(orgs)) {
    for (std::size_t i = 0; i < orgs_.size(); ++i) {
        index_.emplace(orgs_[i].id, i);
    }
    for (const auto& org : orgs_) {
        if (org.parent && index_.contains(*org.parent)) {
            children_[*org.parent].push_back(org.id);
        }
    }
    chains_.resize(orgs_.size());
    for (std::size_t i = 0; i < orgs_.size(); ++i) {
        std::unordered_set<std::size_t> seen;
        const Org* org = &orgs_[i];
        while (org != nullptr) {
            const std::size_t at = static_cast<std::size_t>(org - orgs_.data());
            if (!seen.insert(at).second) break;  // a cycle: cut where it closes
            chains_[i].push_back(at);
            org = org->parent ? find(*org->parent) : nullptr;
        }
    }
}

const Org* OrgTree::find(std::string_view id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &orgs_[it->second];
}

std::vector<std::string> OrgTree::self_and_ancestors(std::string_view id) const {
    std::vector<std::string> chain;
    if (auto it = index_.find(id); it != index_.end()) {
        for (auto at : chains_[it->second]) {
            chain.push_back(orgs_[at].id);
        }
    }
    return chain;
}

std::vector<std::string> OrgTree::self_and_descendants(std::string_view id) const {
    std::vector<std::string> result;
    if (find(id) == nullptr) {
        return result;
    }
    std::unordered_set<std::string> seen;
    std::vector<std::string> pending{std::string(id)};
    while (!pending.empty()) {
        std::string current = std::move(pending.back());
        pending.pop_back();
        if (!seen.insert(current).second) {
            continue;
        }
        if (auto it = children_.find(current); it != children_.end()) {
            pending.insert(pending.end(), it->second.begin(), it->second.end());
        }
        result.push_back(std::move(current));
    }
    return result;
}

bool OrgTree::is_self_or_ancestor(std::string_view ancestor, std::string_view id) const {
    auto it = index_.find(id);
    if (it == index_.end()) {
        return false;
    }
    for (auto at : chains_[it->second]) {
        if (orgs_[at].id == ancestor) {
            return true;
        }
    }
    return false;
}

}  // namespace gongkai
