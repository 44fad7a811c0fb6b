#pragma once

#include "gongkai/testing/child_process.hpp"
#include "gongkai/testing/temp_dir.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gongkai::testing {

// A real redis-server of the test's own, on a free port, without persistence. kill() and
// start() simulate Redis going away and coming back empty.
class RedisProcess {
public:
    RedisProcess();
    ~RedisProcess();

    std::uint16_t port() const { return port_; }
    void kill();   // SIGKILL, like a crash
    void start();  // on the same port
    bool ping() const;
    // Runs redis-cli against it; returns stdout.
    std::string cli(const std::vector<std::string>& args) const;

private:
    TempDir dir_;
    std::uint16_t port_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace gongkai::testing
