#pragma once

#include "gongkai/testing/child_process.hpp"
#include "gongkai/testing/ws_client.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gongkai::testing {

// The real gongkai-server binary on a free port of 127.0.0.1, with the project's
// configuration, on `db`, with `extra_args` (say, redis_args(port)). Killed when the object
// goes away, if still running.
class ServerProcess {
public:
    explicit ServerProcess(const std::string& db, const std::vector<std::string>& extra_args = {});

    const std::string& host() const { return host_; }
    std::uint16_t port() const { return port_; }
    std::string ws_url() const;

    std::unique_ptr<WsClient> login(const std::string& username, const std::string& password) const;
    // SIGKILL, then the exit status (128 + 9).
    int kill();
    // SIGTERM (a clean stop), then the exit status.
    int terminate();

private:
    std::unique_ptr<ChildProcess> process_;
    std::string host_;
    std::uint16_t port_ = 0;
};

// The arguments that point the server at the Redis on `port` of 127.0.0.1.
std::vector<std::string> redis_args(std::uint16_t port);

}  // namespace gongkai::testing
