#include "gongkai/workflow/org_directory.hpp"

namespace gongkai::workflow {

OrgDirectory::OrgDirectory(storage::Database& database, const Clock& clock,
                           std::chrono::milliseconds max_age)
    : database_(database), clock_(clock), max_age_(max_age) {}

std::shared_ptr<const OrgTree> OrgDirectory::tree() {
    {
        std::lock_guard lock(mutex_);
        if (tree_ && clock_.now() - loaded_at_ < max_age_) {
            return tree_;
        }
    }
    return reload();
}

std::shared_ptr<const OrgTree> OrgDirectory::tree_knowing(std::string_view org) {
    auto current = tree();
    return current->find(org) ? current : reload();
}

std::shared_ptr<const OrgTree> OrgDirectory::reload() {
    std::vector<Org> orgs;
    database_.read([&](storage::Stores& stores) { orgs = stores.directory.orgs(); });
    auto fresh = std::make_shared<const OrgTree>(std::move(orgs));
    std::lock_guard lock(mutex_);
    tree_ = fresh;
    loaded_at_ = clock_.now();
    return fresh;
}

}  // namespace gongkai::workflow
