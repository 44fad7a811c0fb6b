#pragma once

#include "gongkai/workflow/workflow.hpp"

#include <gongkai/core/org_tree.hpp>

#include <map>
#include <string>
#include <vector>

namespace gongkai::workflow {

struct WorkflowAssignment {
    std::string default_workflow = "default";
    // org id → workflow id; an org without an entry uses its nearest ancestor's.
    std::map<std::string, std::string> by_org;
};

// The workflows the server knows and which organisation uses which. A report keeps the
// workflow it was created under, so changing an assignment affects new reports only.
class WorkflowRegistry {
public:
    // Throws WorkflowError when an assignment names an unknown workflow.
    WorkflowRegistry(std::vector<Workflow> workflows, WorkflowAssignment assignment);

    const Workflow* find(std::string_view id) const;
    const Workflow& for_org(const OrgTree& tree, std::string_view org) const;
    const std::vector<Workflow>& all() const { return workflows_; }

private:
    std::vector<Workflow> workflows_;
    WorkflowAssignment assignment_;
};

}  // namespace gongkai::workflow
