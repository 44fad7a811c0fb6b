// The real gongkai-server with its descriptor table full. Once, ~20,000 idle connections
// exhausted it and the accept loop retried at once: ~300,000 log lines a second, and
// /healthz and logins timed out.
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;
using tcp = net::ip::tcp;
namespace fs = std::filesystem;

std::size_t open_descriptors(pid_t pid) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry :
         fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
        ++count;
    }
    return count;
}

int count_lines_with(const std::string& file, const std::string& text) {
    std::ifstream in(file);
    std::string line;
    int count = 0;
    while (std::getline(in, line))
        count += line.find(text) != std::string::npos;
    return count;
}

// Whether the server has closed `socket` (read gives end of file or a reset at once).
bool closed_by_server(tcp::socket& socket) {
    timeval timeout{0, 1000};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char byte;
    auto got = ::recv(socket.native_handle(), &byte, 1, 0);
    return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

TEST(DescriptorExhaustion, TheServerBacksOffLogsOnceShedsAndRecovers) {
    TempDir dir;
    const auto log = dir.file("server.log");
    ChildProcess server({"/bin/sh", "-c",
                         "exec '" + (bin_dir() / "gongkai-server").string() + "' --config '" +
                             (source_dir() / "config/gongkai.toml").string() +
                             "' --listen 127.0.0.1:0 --db '" + dir.file("g.db") + "' 2>'" + log +
                             "'"});
    auto line = server.read_line(30s);
    ASSERT_TRUE(line);
    std::smatch match;
    ASSERT_TRUE(std::regex_match(*line, match, std::regex(R"(listening on ([0-9.]+):(\d+))")));
    const std::string host = match[1];
    const auto port = static_cast<std::uint16_t>(std::stoi(match[2]));

    // The server derived its connection limit from a large table; now leave it a few
    // descriptors only, as if many connections and files had taken the rest.
    rlimit before{};
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, nullptr, &before), 0);
    const rlimit tight{open_descriptors(server.pid()) + 6, before.rlim_max};
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &tight, nullptr), 0);

    net::io_context ioc;
    std::vector<tcp::socket> clients;
    for (int i = 0; i < 40; ++i) {
        clients.emplace_back(ioc).connect(tcp::endpoint(net::ip::make_address(host), port));
    }
    for (int tries = 0; tries < 100 && count_lines_with(log, "out of file descriptors") == 0;
         ++tries) {
        std::this_thread::sleep_for(50ms);  // waits for the server to run out
    }
    ASSERT_EQ(count_lines_with(log, "out of file descriptors"), 1);
    std::this_thread::sleep_for(1s);  // a second of a full table: a busy loop logs thousands
    EXPECT_EQ(count_lines_with(log, "out of file descriptors"), 1);
    EXPECT_EQ(count_lines_with(log, "accept failed"), 0);
    // Waiting clients are refused through the spare descriptor rather than left hanging.
    int refused = 0;
    for (auto& client : clients)
        refused += closed_by_server(client);
    EXPECT_GE(refused, 1);

    // Once descriptors are free again, the server serves as before.
    clients.clear();
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &before, nullptr), 0);
    int status = 0;
    for (int tries = 0; tries < 100 && status != 200; ++tries) {
        std::this_thread::sleep_for(50ms);
        status = http_get(host, port, "/healthz").first;
    }
    EXPECT_EQ(status, 200);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(), 0);
}

}  // namespace
}  // namespace gongkai::testing
