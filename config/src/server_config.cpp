#include "gongkai/config/server_config.hpp"

#include "toml_reader.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/core/password.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/storage/database.hpp>

#include <algorithm>
#include <charconv>
#include <thread>

namespace gongkai::config {

namespace fs = std::filesystem;

toml::table parse_toml_file(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        throw ConfigError(fmt::format("{}: no such configuration file", file.string()));
    }
    try {
        return toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw ConfigError(
            fmt::format("{}:{}: {}", file.string(), e.source().begin.line, e.description()));
    }
}

std::optional<api::ListenAddress> parse_host_port(std::string_view text) {
    std::string_view host;
    std::string_view port;
    if (text.starts_with('[')) {
        auto close = text.find("]:");
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (host.empty() || port.empty() || ec != std::errc{} || end != port.data() + port.size() ||
        value > 65535) {
        return std::nullopt;
    }
    return api::ListenAddress{std::string(host), static_cast<std::uint16_t>(value)};
}

namespace {

fs::path resolve(const fs::path& base, const std::string& value) {
    fs::path path(value);
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

api::ListenAddress address(TableReader& table, std::string_view key, std::string fallback) {
    auto text = table.get<std::string>(key, fallback);
    auto parsed = parse_host_port(text);
    if (!parsed) {
        table.fail(*table.raw().get(key), key, "must be HOST:PORT");
    }
    return *parsed;
}

void read_server(TableReader table, api::ServerSettings& server) {
    server.listen = address(table, "listen", "127.0.0.1:8080");
    auto io_threads = table.get<std::size_t>("io_threads", 0);
    server.io_threads = io_threads ? io_threads : std::max(1u, std::thread::hardware_concurrency());
    server.blocking_threads =
        std::max<std::size_t>(1, table.get<std::size_t>("blocking_threads", 2));
    server.public_origins = table.strings("public_origins");
    server.shutdown_grace = std::chrono::seconds(table.get<int>("shutdown_grace_seconds", 10));
    server.reply_cache_bytes = table.get<std::size_t>("reply_cache_mib", 64) * 1024 * 1024;
    table.reject_unknown();
}

void read_web(TableReader table, const fs::path& base, api::ServerSettings& server) {
    server.web_root = resolve(base, table.get<std::string>("root", "../web/dist"));
    table.reject_unknown();
}

void read_limits(TableReader table, api::ConnectionLimits& limits) {
    limits.max_message_bytes = table.get("max_message_bytes", limits.max_message_bytes);
    limits.max_in_flight =
        std::max<std::size_t>(1, table.get("max_in_flight", limits.max_in_flight));
    limits.max_queued_bytes = table.get("max_queued_bytes", limits.max_queued_bytes);
    limits.messages_per_second = table.get("messages_per_second", limits.messages_per_second);
    limits.burst = table.get("burst", limits.burst);
    limits.max_unauthenticated_message_bytes =
        table.get("max_unauthenticated_message_bytes", limits.max_unauthenticated_message_bytes);
    limits.max_total_queued_bytes =
        table.get("max_total_queued_bytes", limits.max_total_queued_bytes);
    limits.max_connections = table.get("max_connections", limits.max_connections);
    limits.handshake_timeout =
        std::chrono::seconds(table.get<int>("handshake_timeout_seconds", 30));
    limits.idle_timeout = std::chrono::seconds(table.get<int>("idle_timeout_seconds", 300));
    limits.login_timeout =
        std::chrono::seconds(std::max(1, table.get<int>("login_timeout_seconds", 30)));
    table.reject_unknown();
}

void read_auth(TableReader table, api::AuthSettings& auth) {
    auth.session_idle = std::chrono::minutes(table.get<int>("session_idle_minutes", 30));
    auth.session_absolute = std::chrono::hours(table.get<int>("session_absolute_hours", 12));
    auth.password_hash.iterations = table.get<unsigned long long>("argon2_iterations", 2);
    auth.password_hash.memory_kib = table.get<std::size_t>("argon2_memory_kib", 19 * 1024);
    auth.free_failures = table.get<int>("free_failures", 5);
    auth.lockout_base = std::chrono::seconds(table.get<int>("lockout_base_seconds", 1));
    auth.lockout_max = std::chrono::seconds(table.get<int>("lockout_max_seconds", 300));
    auth.address_attempts_burst = table.get("address_attempts_burst", auth.address_attempts_burst);
    auth.address_attempts_per_minute =
        table.get("address_attempts_per_minute", auth.address_attempts_per_minute);
    auth.max_pending_per_address = std::max<std::size_t>(
        1, table.get("max_pending_per_address", auth.max_pending_per_address));
    auth.max_pending = std::max<std::size_t>(1, table.get("max_pending", auth.max_pending));
    auth.refusal_summary_interval =
        std::chrono::seconds(std::max(1, table.get<int>("refusal_summary_seconds", 60)));
    // OWASP's floor for Argon2id; anything cheaper makes stolen hashes easy to crack.
    const PasswordHashSettings floor;
    if (auth.password_hash.iterations < floor.iterations ||
        auth.password_hash.memory_kib < floor.memory_kib) {
        throw ConfigError(
            fmt::format("{}: auth: Argon2id needs at least {} iterations and {} KiB of memory",
                        table.file(), floor.iterations, floor.memory_kib));
    }
    if (auth.session_idle.count() <= 0 || auth.session_absolute.count() <= 0) {
        throw ConfigError(fmt::format("{}: auth: session limits must be positive", table.file()));
    }
    table.reject_unknown();
}

void read_database(TableReader table, const fs::path& base, storage::DatabaseSettings& db) {
    const auto path = table.get<std::string>("path", "../var/gongkai.db");
    // A PostgreSQL connection URI is not a file, and not relative to anything.
    db.path = storage::is_postgresql_location(path) ? path : resolve(base, path).string();
    db.read_connections =
        std::max<std::size_t>(1, table.get("read_connections", db.read_connections));
    db.busy_timeout = std::chrono::milliseconds(table.get<int>("busy_timeout_ms", 5000));
    db.max_batch = std::max<std::size_t>(1, table.get("max_batch", db.max_batch));
    table.reject_unknown();
}

void read_redis(TableReader table, api::AppSettings& app) {
    if (!table.raw().contains("address")) {
        table.reject_unknown();
        return;  // no Redis: notifications wait in the outbox
    }
    notifier::RedisSettings redis;
    auto where = address(table, "address", "127.0.0.1:6379");
    redis.host = where.host;
    redis.port = where.port;
    redis.stream = table.get<std::string>("stream", redis.stream);
    redis.group = table.get<std::string>("group", redis.group);
    redis.consumer = table.get<std::string>("consumer", "");
    redis.claim_idle = std::chrono::milliseconds(table.get<int>("claim_idle_ms", 30000));
    redis.redeliver_after = std::chrono::milliseconds(table.get<int>("redeliver_after_ms", 60000));
    redis.max_stream_length = table.get("max_stream_length", redis.max_stream_length);
    table.reject_unknown();
    app.redis = redis;
}

void read_reminders(TableReader table, api::AppSettings& app) {
    app.reminder_interval = std::chrono::seconds(table.get<int>("interval_seconds", 60));
    auto& deadlines = app.deadlines;
    auto days = table.get(std::string_view("deadline_days_before"), std::vector<int>{});
    deadlines.default_due = table.get<std::string>("annual_report_due", "01-31");
    deadlines.utc_offset_hours = table.get<int>("utc_offset_hours", 8);
    auto by_org = table.table("annual_report_due_by_org");
    for (const auto& [org, node] : by_org.raw()) {
        auto due = node.value<std::string>();
        if (!due || due->size() != 5 || (*due)[2] != '-') {
            by_org.fail(node, org.str(), "must be \"MM-DD\"");
        }
        deadlines.due_by_org[std::string(org.str())] = *due;
    }
    if (deadlines.default_due.size() != 5 || deadlines.default_due[2] != '-') {
        table.fail(*table.raw().get("annual_report_due"), "annual_report_due", "must be \"MM-DD\"");
    }
    if (!days.empty()) deadlines.days_before = days;
    table.reject_unknown();
}

void read_workflows(TableReader table, const fs::path& base, api::AppSettings& app) {
    auto directory = resolve(base, table.get<std::string>("directory", "workflows"));
    app.assignment.default_workflow = table.get<std::string>("default", "default");
    auto by_org = table.table("by_org");
    for (const auto& [org, node] : by_org.raw()) {
        auto id = node.value<std::string>();
        if (!id) by_org.fail(node, org.str(), "must be a workflow id (string)");
        app.assignment.by_org[std::string(org.str())] = *id;
    }
    app.workflows = load_workflows(directory);
    table.reject_unknown();
}

std::shared_ptr<const annual::AnnualReports> load_annual_templates(const fs::path& folder) {
    try {
        return std::make_shared<const annual::AnnualReports>(annual::AnnualReports::load(folder));
    } catch (const annual::TemplateError& e) {
        // The registry's message names the file (and the problem) already.
        throw ConfigError(std::string("annual-report templates: ") + e.what());
    }
}

std::shared_ptr<scanner::ScannerHolder> load_scanner(const fs::path& lexicons,
                                                     scanner::ScannerSettings settings) {
    try {
        return std::make_shared<scanner::ScannerHolder>(lexicons, std::move(settings));
    } catch (const std::exception& e) {
        throw ConfigError(std::string("secrecy-scan lexicons: ") + e.what());
    }
}

}  // namespace

ServerConfig load_server_config(const fs::path& file) {
    auto parsed = parse_toml_file(file);
    const fs::path base = fs::absolute(file).parent_path();
    TableReader root(parsed, file.string(), "");
    ServerConfig config;
    read_server(root.table("server"), config.app.server);
    read_web(root.table("web"), base, config.app.server);
    read_limits(root.table("limits"), config.app.server.limits);
    read_auth(root.table("auth"), config.app.server.auth);
    read_database(root.table("database"), base, config.app.database);
    fs::path templates;
    {
        auto reports = root.table("reports");
        config.app.report_limits.max_title_chars = reports.get("max_title_chars", std::size_t{200});
        config.app.report_limits.max_comment_chars =
            reports.get("max_comment_chars", std::size_t{2000});
        if (auto categories = reports.strings("notice_categories"); !categories.empty()) {
            config.app.report_limits.notice_categories = std::move(categories);
        }
        templates = resolve(base, reports.get<std::string>("templates", "templates"));
        reports.reject_unknown();
    }
    fs::path lexicons;
    scanner::ScannerSettings scanner_settings;
    {
        auto scan = root.table("scanner");
        lexicons = resolve(base, scan.get<std::string>("lexicons", "lexicons"));
        scanner_settings.finding_id_key = scan.get<std::string>("finding_id_key", "");
        scan.reject_unknown();
    }
    read_redis(root.table("redis"), config.app);
    read_reminders(root.table("reminders"), config.app);
    {
        auto log = root.table("log");
        config.log.level = log.get<std::string>("level", "info");
        auto format = log.get<std::string>("format", "text");
        static const std::vector<std::string> levels{"trace", "debug", "info",
                                                     "warn",  "error", "off"};
        if (std::find(levels.begin(), levels.end(), config.log.level) == levels.end()) {
            log.fail(*log.raw().get("level"), "level",
                     "must be one of trace, debug, info, warn, error, off");
        }
        if (format != "text" && format != "json") {
            log.fail(*log.raw().get("format"), "format", "must be \"text\" or \"json\"");
        }
        config.log.json = format == "json";
        log.reject_unknown();
    }
    // Last: they read further files, whose errors should not hide this file's own.
    read_workflows(root.table("workflows"), base, config.app);
    config.app.annual_reports = load_annual_templates(templates);
    config.app.scanner = load_scanner(lexicons, std::move(scanner_settings));
    root.reject_unknown();
    return config;
}

}  // namespace gongkai::config
