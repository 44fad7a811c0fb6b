#include "external_program.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace gongkai::storage {

namespace {

constexpr std::size_t kKeptErrors = 4096;

class Pipe {
public:
    Pipe() {
        if (::pipe2(ends_, O_CLOEXEC) != 0) {
            throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
        }
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    int read_end() const { return ends_[0]; }
    int write_end() const { return ends_[1]; }
    void close_read() { close_end(0); }
    void close_write() { close_end(1); }

private:
    void close_end(int i) {
        if (ends_[i] >= 0) ::close(ends_[i]);
        ends_[i] = -1;
    }
    int ends_[2] = {-1, -1};
};

}  // namespace

ProgramRun run_program(const std::vector<std::string>& argv,
                       const std::vector<std::string>& extra_environment) {
    std::vector<char*> args;
    for (const auto& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    // This process's environment, less what extra_environment replaces.
    auto replaced = [&extra_environment](std::string_view variable) {
        const auto name = variable.substr(0, variable.find('=') + 1);
        for (const auto& extra : extra_environment) {
            if (extra.starts_with(name)) return true;
        }
        return false;
    };
    std::vector<char*> environment;
    for (char** variable = environ; *variable != nullptr; ++variable) {
        if (!replaced(*variable)) environment.push_back(*variable);
    }
    for (const auto& variable : extra_environment) {
        environment.push_back(const_cast<char*>(variable.c_str()));
    }
    environment.push_back(nullptr);

    Pipe errors;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, errors.write_end(), 2);
    pid_t pid = -1;
    const int spawned =
        posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environment.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(spawned));
    }
    errors.close_write();  // so that reading ends when the program's copy closes

    ProgramRun run;
    char buffer[4096];
    for (;;) {
        const auto got = ::read(errors.read_end(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        run.errors.append(buffer, static_cast<std::size_t>(got));
        if (run.errors.size() > 2 * kKeptErrors)
            run.errors.erase(0, run.errors.size() - kKeptErrors);
    }
    if (run.errors.size() > kKeptErrors) run.errors.erase(0, run.errors.size() - kKeptErrors);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error("cannot wait for " + argv[0] + ": " + std::strerror(errno));
        }
    }
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

std::optional<std::filesystem::path> find_program(
    const std::string& name, const std::vector<std::filesystem::path>& fallback_folders) {
    std::vector<std::filesystem::path> folders;
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest(path);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto folder = rest.substr(0, colon);
            if (!folder.empty()) folders.emplace_back(folder);
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    folders.insert(folders.end(), fallback_folders.begin(), fallback_folders.end());
    for (const auto& folder : folders) {
        const auto candidate = folder / name;
        std::error_code ec;
        if (std::filesystem::is_regular_file(candidate, ec) &&
            ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace gongkai::storage
