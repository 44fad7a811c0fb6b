#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::storage {

struct ProgramRun {
    int exit_code = -1;  // 128 + the signal when one ended it
    std::string errors;  // what it wrote on stderr (its last 4 KiB)
};

// Runs argv[0] (a path) to completion with stdin and stdout on /dev/null, its stderr
// collected, and `extra_environment` (NAME=VALUE) added to this process's environment:
// a secret the command line would show to every user of the machine goes there.
ProgramRun run_program(const std::vector<std::string>& argv,
                       const std::vector<std::string>& extra_environment = {});

// The first executable `name` in the folders of PATH, then in `fallback_folders`.
std::optional<std::filesystem::path> find_program(
    const std::string& name, const std::vector<std::filesystem::path>& fallback_folders = {});

}  // namespace gongkai::storage
