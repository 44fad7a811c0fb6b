#include "gongkai/testing/redis_process.hpp"

#include <boost/asio.hpp>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

namespace gongkai::testing {

namespace {

std::uint16_t free_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(
        ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

}  // namespace

RedisProcess::RedisProcess() {
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = free_port();
        try {
            start();
            return;
        } catch (const std::exception&) {
            // The port was taken meanwhile; try another.
        }
    }
    throw std::runtime_error("could not start redis-server");
}

RedisProcess::~RedisProcess() { kill(); }

void RedisProcess::start() {
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        "/usr/bin/redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir_.path().string(), "--loglevel",
        "warning"});
    for (int i = 0; i < 200; ++i) {
        if (ping()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    process_.reset();
    throw std::runtime_error("redis-server did not answer on port " + std::to_string(port_));
}

void RedisProcess::kill() {
    if (process_) {
        process_->signal(SIGKILL);
        process_->wait();
        process_.reset();
    }
}

bool RedisProcess::ping() const {
    try {
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket socket(ioc);
        socket.connect({boost::asio::ip::make_address("127.0.0.1"), port_});
        boost::asio::write(socket, boost::asio::buffer(std::string("PING\r\n")));
        char reply[7] = {};
        boost::asio::read(socket, boost::asio::buffer(reply, 7));
        return std::string(reply, 7) == "+PONG\r\n";
    } catch (const std::exception&) {
        return false;
    }
}

std::string RedisProcess::cli(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/redis-cli", "-p", std::to_string(port_)};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv).out;
}

}  // namespace gongkai::testing
