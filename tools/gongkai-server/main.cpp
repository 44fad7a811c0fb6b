// gongkai-server: the report workflow server (WebSocket API at ws://HOST:PORT/ws).
//
//   gongkai-server --config FILE [--listen HOST:PORT] [--db PATH] [--redis HOST:PORT]
//                  [--web-root DIR]
//
// Prints "listening on HOST:PORT" once it accepts connections. SIGTERM/SIGINT: finishes
// the requests in flight and exits 0. Bad configuration or an unusable database: one line
// on stderr and exit code 2.
#include <gongkai/api/server_app.hpp>
#include <gongkai/config/server_config.hpp>
#include <gongkai/core/password.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/workflow/workflow.hpp>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <sys/resource.h>

namespace {

constexpr int kExitConfig = 2;

// %* in a pattern: the message as the inside of a JSON string (quotes, backslashes and
// control characters escaped), so that every JSON log line parses whatever was logged.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& message, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        std::string quoted = boost::json::serialize(
            boost::json::string_view(message.payload.data(), message.payload.size()));
        dest.append(quoted.data() + 1, quoted.data() + quoted.size() - 1);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonEscapedMessage>();
    }
};

void configure_logging(const gongkai::config::LogSettings& log) {
    // stdout carries the one "listening on" line; logs go to stderr.
    auto logger = spdlog::stderr_logger_mt("gongkai");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(log.level));
    if (log.json) {
        auto formatter =
            std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
        formatter->add_flag<JsonEscapedMessage>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":"%*"})");
        spdlog::set_formatter(std::move(formatter));
    } else {
        spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    }
}

// Every connection is a file descriptor: raise the soft limit as far as the hard limit
// allows, before the server derives its connection limit from it.
void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Gongkai report workflow server"};
    std::string config_file = "config/gongkai.toml";
    std::string listen, db, redis, web_root;
    app.add_option("--config", config_file, "Configuration file (TOML)")->capture_default_str();
    app.add_option("--listen", listen, "Override [server] listen: HOST:PORT (port 0: any free)");
    app.add_option("--db", db, "Override [database] path: the SQLite file");
    app.add_option("--redis", redis, "Override [redis] address: HOST:PORT");
    app.add_option("--web-root", web_root,
                   "Override [web] root: the built front-end folder (web/dist)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : kExitConfig;
    }

    gongkai::config::ServerConfig config;
    try {
        config = gongkai::config::load_server_config(config_file);
        if (!listen.empty()) {
            auto address = gongkai::config::parse_host_port(listen);
            if (!address) throw gongkai::config::ConfigError("--listen must be HOST:PORT");
            config.app.server.listen = *address;
        }
        if (!redis.empty()) {
            auto address = gongkai::config::parse_host_port(redis);
            if (!address) throw gongkai::config::ConfigError("--redis must be HOST:PORT");
            if (!config.app.redis) config.app.redis.emplace();
            config.app.redis->host = address->host;
            config.app.redis->port = address->port;
        }
        if (!db.empty()) {
            config.app.database.path = db;
        }
        if (!web_root.empty()) {
            config.app.server.web_root = web_root;
        }
    } catch (const std::exception& e) {
        std::cerr << "gongkai-server: configuration error: " << e.what() << "\n";
        return kExitConfig;
    }
    configure_logging(config.log);

    gongkai::SystemClock clock;
    std::unique_ptr<gongkai::api::ServerApp> server;
    std::pair<std::string, std::uint16_t> bound;
    try {
        gongkai::ensure_sodium_initialised();
        raise_file_limit();
        server = std::make_unique<gongkai::api::ServerApp>(config.app, clock);
        bound = server->listen();
    } catch (const gongkai::storage::StorageError& e) {
        std::cerr << "gongkai-server: database error: " << e.what() << "\n";
        return kExitConfig;
    } catch (const gongkai::workflow::WorkflowError& e) {
        std::cerr << "gongkai-server: workflow configuration error: " << e.what() << "\n";
        return kExitConfig;
    } catch (const std::exception& e) {
        std::cerr << "gongkai-server: cannot start: " << e.what() << "\n";
        return kExitConfig;
    }
    std::cout << "listening on " << bound.first << ":" << bound.second << std::endl;
    spdlog::info("serving ws://{}:{}/ws, database {}", bound.first, bound.second,
                 gongkai::storage::printable_location(config.app.database.path));
    server->run();
    spdlog::info("stopped");
    return 0;
}
