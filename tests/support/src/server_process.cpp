#include "gongkai/testing/server_process.hpp"

#include "gongkai/testing/temp_dir.hpp"

#include <chrono>
#include <csignal>
#include <regex>
#include <stdexcept>

namespace gongkai::testing {

using namespace std::chrono_literals;

std::vector<std::string> redis_args(std::uint16_t port) {
    return {"--redis", "127.0.0.1:" + std::to_string(port)};
}

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& extra_args) {
    std::vector<std::string> argv{(bin_dir() / "gongkai-server").string(),
                                  "--config",
                                  (source_dir() / "config/gongkai.toml").string(),
                                  "--listen",
                                  "127.0.0.1:0",
                                  "--db",
                                  db};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<ChildProcess>(argv);
    auto line = process_->read_line(30s);
    if (!line) throw std::runtime_error("gongkai-server printed nothing");
    std::smatch match;
    if (!std::regex_match(*line, match, std::regex(R"(listening on ([0-9.]+):(\d+))"))) {
        throw std::runtime_error("unexpected first line: " + *line);
    }
    host_ = match[1];
    port_ = static_cast<std::uint16_t>(std::stoi(match[2]));
}

std::string ServerProcess::ws_url() const {
    return "ws://" + host_ + ":" + std::to_string(port_) + "/ws";
}

std::unique_ptr<WsClient> ServerProcess::login(const std::string& username,
                                               const std::string& password) const {
    auto client = std::make_unique<WsClient>(host_, port_);
    client->login(username, password);
    return client;
}

int ServerProcess::kill() {
    process_->signal(SIGKILL);
    return process_->wait();
}

int ServerProcess::terminate() {
    process_->signal(SIGTERM);
    return process_->wait();
}

}  // namespace gongkai::testing
