// A workflow file (config/workflows/*.toml): config::load_workflow reads it, and what it
// accepts is compiled as at the server's start (workflow::Workflow::compile) and drawn
// (to_dot, `gongkai workflow dot`).
//
// Bugs: crashes, sanitizer reports, exceptions other than config::ConfigError from the
// reader and workflow::WorkflowError from the compiler; a compiled workflow whose own
// transitions cannot be looked up, or that leads to a state it does not have.
#include "support/fuzz_support.hpp"

#include <gongkai/config/server_config.hpp>
#include <gongkai/workflow/workflow.hpp>
#include <gongkai/workflow/workflow_registry.hpp>

#include <optional>

namespace gongkai::fuzz {
namespace {

ScratchDir& folder() {
    static ScratchDir shared;
    return shared;
}

void load(std::string_view text) {
    InputFile file(folder().path(), "workflow", ".toml", text);
    workflow::WorkflowSpec spec;
    if (!expect_only<config::ConfigError>("load_workflow",
                                          [&] { spec = config::load_workflow(file.path()); })) {
        return;
    }
    std::optional<workflow::Workflow> compiled;
    if (!expect_only<workflow::WorkflowError>(
            "Workflow::compile", [&] { compiled.emplace(workflow::Workflow::compile(spec)); })) {
        return;
    }
    for (const auto& transition : compiled->transitions()) {
        if (compiled->find(transition.action, transition.from) == nullptr ||
            compiled->state(transition.to) == nullptr ||
            !compiled->knows_action(transition.action)) {
            report_bug("a compiled workflow does not find its own transition",
                       transition.action + ": " + transition.from + " -> " + transition.to);
        }
    }
    if (compiled->state(compiled->initial()) == nullptr) {
        report_bug("a compiled workflow starts in a state it does not have", compiled->initial());
    }
    expect_only<>("to_dot", [&] { compiled->to_dot(); });
    workflow::WorkflowAssignment assignment;
    assignment.default_workflow = compiled->id();
    expect_only<workflow::WorkflowError>(
        "WorkflowRegistry", [&] { workflow::WorkflowRegistry registry({*compiled}, assignment); });
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    gongkai::fuzz::folder();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::load(gongkai::fuzz::as_text(data, size));
    return 0;
}
