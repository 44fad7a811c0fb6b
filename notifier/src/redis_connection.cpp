#include "redis_connection.hpp"

namespace gongkai::notifier {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
    return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

void append(redisContext* context, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
        throw RedisError(std::string("redis: ") + context->errstr);
    }
}

Reply read_reply(redisContext* context) {
    void* raw = nullptr;
    if (redisGetReply(context, &raw) != REDIS_OK || raw == nullptr) {
        throw RedisError(std::string("redis: ") +
                         (context->err ? context->errstr : "connection lost"));
    }
    return Reply(static_cast<redisReply*>(raw));
}

}  // namespace

RedisConnection::RedisConnection(const std::string& host, int port,
                                 std::chrono::milliseconds connect_timeout,
                                 std::chrono::milliseconds command_timeout) {
    context_ = redisConnectWithTimeout(host.c_str(), port, to_timeval(connect_timeout));
    if (context_ == nullptr || context_->err) {
        std::string message = context_ ? context_->errstr : "cannot allocate a redis context";
        if (context_) redisFree(context_);
        context_ = nullptr;
        throw RedisError("redis " + host + ":" + std::to_string(port) + ": " + message);
    }
    redisSetTimeout(context_, to_timeval(command_timeout));
}

RedisConnection::~RedisConnection() {
    if (context_) redisFree(context_);
}

Reply RedisConnection::command(const std::vector<std::string>& args) {
    append(context_, args);
    return read_reply(context_);
}

std::vector<Reply> RedisConnection::pipeline(
    const std::vector<std::vector<std::string>>& commands) {
    for (const auto& args : commands) {
        append(context_, args);
    }
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        replies.push_back(read_reply(context_));
    }
    return replies;
}

bool is_error(const redisReply* reply) { return reply && reply->type == REDIS_REPLY_ERROR; }

std::string error_text(const redisReply* reply) {
    return reply && reply->str ? std::string(reply->str, reply->len) : std::string("?");
}

std::string_view text(const redisReply* reply) {
    if (reply && (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS ||
                  reply->type == REDIS_REPLY_ERROR) && reply->str) {
        return {reply->str, reply->len};
    }
    return {};
}

}  // namespace gongkai::notifier
