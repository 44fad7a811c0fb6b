#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::notifier {

// The connection broke or Redis refused a command; the caller reconnects.
class RedisError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReplyDeleter {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// One blocking hiredis connection. Commands are passed as argument vectors (binary-safe,
// nothing is ever formatted into a command string).
class RedisConnection {
public:
    RedisConnection(const std::string& host, int port, std::chrono::milliseconds connect_timeout,
                    std::chrono::milliseconds command_timeout);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Throws RedisError on a broken connection; an error reply is returned as is.
    Reply command(const std::vector<std::string>& args);
    // Sends all commands at once, then reads all replies (one round trip).
    std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);

private:
    redisContext* context_ = nullptr;
};

bool is_error(const redisReply* reply);
std::string error_text(const redisReply* reply);
std::string_view text(const redisReply* reply);

}  // namespace gongkai::notifier
