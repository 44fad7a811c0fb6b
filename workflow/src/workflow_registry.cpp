#include "gongkai/workflow/workflow_registry.hpp"

#include <fmt/format.h>

namespace gongkai::workflow {

WorkflowRegistry::WorkflowRegistry(std::vector<Workflow> workflows,
                                   WorkflowAssignment assignment)
    : workflows_(std::move(workflows)), assignment_(std::move(assignment)) {
    if (find(assignment_.default_workflow) == nullptr) {
        throw WorkflowError(
            fmt::format("default workflow \"{}\" is not defined", assignment_.default_workflow));
    }
    for (const auto& [org, id] : assignment_.by_org) {
        if (find(id) == nullptr) {
            throw WorkflowError(
                fmt::format("org {} is assigned workflow \"{}\", which is not defined", org, id));
        }
    }
}

const Workflow* WorkflowRegistry::find(std::string_view id) const {
    for (const auto& workflow : workflows_) {
        if (workflow.id() == id) {
            return &workflow;
        }
    }
    return nullptr;
}

const Workflow& WorkflowRegistry::for_org(const OrgTree& tree, std::string_view org) const {
    for (const auto& level : tree.self_and_ancestors(org)) {
        if (auto it = assignment_.by_org.find(level); it != assignment_.by_org.end()) {
            return *find(it->second);
        }
    }
    return *find(assignment_.default_workflow);
}

}  // namespace gongkai::workflow
