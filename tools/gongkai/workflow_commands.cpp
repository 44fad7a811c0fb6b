#include "commands.hpp"

#include <gongkai/config/server_config.hpp>
#include <gongkai/workflow/workflow.hpp>

#include <iostream>

namespace gongkai::cli {

void add_workflow_commands(CLI::App& app, Context& context) {
    auto file = std::make_shared<std::string>();
    auto* workflow = app.add_subcommand("workflow", "Workflow definition tools");
    workflow->require_subcommand(1);
    auto* dot = workflow->add_subcommand(
        "dot", "Check a workflow file and print its state table as a Graphviz diagram");
    dot->add_option("file", *file, "Workflow file (config/workflows/*.toml)")->required();
    dot->callback([&context, file] {
        context.action = [file] {
            try {
                auto compiled = workflow::Workflow::compile(config::load_workflow(*file));
                std::cout << compiled.to_dot();
                return kExitOk;
            } catch (const std::exception& e) {
                std::cerr << "gongkai: " << e.what() << "\n";
                return kExitFailed;
            }
        };
    });
}

}  // namespace gongkai::cli
