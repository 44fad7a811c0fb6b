#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace gongkai::testing {

// A program started by a test (the real gongkai-server, say), with its stdout readable
// line by line. Killed when the object goes away, if still running.
class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // The next line of stdout, or nothing if none came within `timeout` (or it closed).
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    void signal(int number);
    // Waits for the exit; returns the exit code, or 128 + the signal that ended it.
    int wait();
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string pending_;
    std::optional<int> status_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a program to completion, feeding it `input` on stdin.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = {});

}  // namespace gongkai::testing
