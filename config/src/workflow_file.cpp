#include "gongkai/config/server_config.hpp"

#include "toml_reader.hpp"

#include <algorithm>

namespace gongkai::config {

namespace fs = std::filesystem;

workflow::WorkflowSpec load_workflow(const fs::path& file) {
    auto parsed = parse_toml_file(file);
    TableReader root(parsed, file.string(), "");
    workflow::WorkflowSpec spec;
    spec.id = root.get<std::string>("id", "");
    spec.name = root.get<std::string>("name", spec.id);
    spec.initial = root.get<std::string>("initial", "");
    spec.create_who = root.strings("create_who");
    spec.edit_who = root.strings("edit_who");
    if (spec.id.empty() || spec.initial.empty()) {
        throw ConfigError(file.string() + ": a workflow needs `id` and `initial`");
    }
    if (auto states = root.array_of_tables("states")) {
        std::size_t index = 0;
        for (const auto& node : *states) {
            TableReader table(*node.as_table(), file.string(),
                              "states[" + std::to_string(index++) + "].");
            spec.states.push_back({table.get<std::string>("id", ""),
                                   table.get<std::string>("label", ""),
                                   table.get<bool>("editable", false),
                                   table.get<int>("remind_after_hours", 0)});
            table.reject_unknown();
        }
    }
    if (auto transitions = root.array_of_tables("transitions")) {
        std::size_t index = 0;
        for (const auto& node : *transitions) {
            TableReader table(*node.as_table(), file.string(),
                              "transitions[" + std::to_string(index++) + "].");
            workflow::TransitionSpec transition;
            transition.action = table.get<std::string>("action", "");
            transition.label = table.get<std::string>("label", transition.action);
            transition.from = table.strings("from");
            transition.to = table.get<std::string>("to", "");
            transition.who = table.strings("who");
            transition.guards = table.strings("guards");
            transition.awaits = table.get<bool>("awaits", true);
            transition.notify = table.strings("notify");
            transition.notify_kind = table.get<std::string>("notify_kind", "");
            transition.notify_text = table.get<std::string>("notify_text", "");
            table.reject_unknown();
            spec.transitions.push_back(std::move(transition));
        }
    }
    root.reject_unknown();
    return spec;
}

std::vector<workflow::WorkflowSpec> load_workflows(const fs::path& directory) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        throw ConfigError(directory.string() + ": workflow folder not found");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(directory)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<workflow::WorkflowSpec> specs;
    for (const auto& file : files) {
        specs.push_back(load_workflow(file));
    }
    return specs;
}

}  // namespace gongkai::config
