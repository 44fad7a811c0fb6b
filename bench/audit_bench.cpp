// gongkai-audit-bench: the audit log at size (issue 6). Fills a fresh database with N audit
// entries spread over many reports and people (unless it already has them), then measures
//   - chain verification (what `gongkai audit verify` runs): entries per second;
//   - audit.query's two common questions, one report's and one person's newest 100 entries:
//     milliseconds per query (the store-level call the operation makes, on a read connection).
//
//   gongkai-audit-bench --db FILE [--entries 1000000] [--queries 200] [--json FILE]
#include "targets.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/storage/audit_log.hpp>
#include <gongkai/storage/database.hpp>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <vector>

namespace {

using namespace gongkai;
using bench::format_checks;
using bench::met_if;
using bench::TargetCheck;
using bench::to_json;
using SteadyClock = std::chrono::steady_clock;

constexpr int kReports = 20000;
constexpr int kPeople = 500;

double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

void fill(storage::Database& database, std::int64_t target) {
    std::int64_t have = 0;
    database.read([&](storage::Stores& stores) { have = stores.audit.recorded_head().first; });
    if (have >= target) return;
    fmt::print("filling the audit log: {} → {} entries\n", have, target);
    std::mt19937 random(42);
    const char* kActions[] = {"report.create",      "report.update",  "report.submit",
                              "report.pass_review", "report.approve", "report.publish"};
    auto start = SteadyClock::now();
    constexpr std::int64_t kPerTransaction = 20000;
    while (have < target) {
        auto batch = std::min(kPerTransaction, target - have);
        database.write([&](storage::Stores& stores) {
            for (std::int64_t i = 0; i < batch; ++i) {
                auto report = static_cast<std::int64_t>(random() % kReports) + 1;
                stores.audit.append({fmt::format("user{}", random() % kPeople),
                                     kActions[random() % 6],
                                     report,
                                     "draft",
                                     "secrecy_review",
                                     static_cast<std::int64_t>(random() % 5) + 1,
                                     std::string(64, 'a'),
                                     {{"comment", "同意。"}}});
            }
        });
        have += batch;
    }
    fmt::print("filled in {:.1f} s\n", seconds_since(start));
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    auto rank = static_cast<std::size_t>(p / 100.0 * (values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + rank, values.end());
    return values[rank];
}

// Milliseconds per query for `count` random filters made by `make`.
template <class Make>
std::vector<double> time_queries(storage::Database& database, int count, Make make) {
    std::vector<double> ms;
    std::mt19937 random(7);
    for (int i = 0; i < count; ++i) {
        storage::AuditFilter filter = make(random);
        auto start = SteadyClock::now();
        std::size_t rows = 0;
        database.read([&](storage::Stores& stores) { rows = stores.audit.query(filter).size(); });
        ms.push_back(seconds_since(start) * 1000);
        if (rows == 0) throw std::runtime_error("a query found nothing: the fill is wrong");
    }
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Gongkai audit log benchmark: verification and queries at size"};
    std::string db, json_file;
    std::int64_t entries = 1000000;
    int queries = 200;
    app.add_option("--db", db, "SQLite database (created and filled if it has fewer entries)")
        ->required();
    app.add_option("--entries", entries, "Audit entries to have")->capture_default_str();
    app.add_option("--queries", queries, "Queries of each kind to time")->capture_default_str();
    app.add_option("--json", json_file, "Write the results as JSON to this file");
    CLI11_PARSE(app, argc, argv);

    SystemClock clock;
    storage::DatabaseSettings settings;
    settings.path = db;
    auto database = storage::Database::open(settings, clock);
    database->migrate();
    fill(*database, entries);

    auto start = SteadyClock::now();
    const auto verification = database->verify_audit_log();
    const double verify_seconds = seconds_since(start);
    const double per_second = verification.entries / verify_seconds;
    fmt::print("verify          {} entries in {:.2f} s: {:.0f} entries/s ({}, {} stretch{})\n",
               verification.entries, verify_seconds, per_second, verification.ok ? "ok" : "BROKEN",
               verification.stretches, verification.stretches == 1 ? "" : "es");

    auto by_report = time_queries(*database, queries, [](std::mt19937& random) {
        storage::AuditFilter filter;
        filter.report_id = static_cast<std::int64_t>(random() % kReports) + 1;
        return filter;
    });
    auto by_person = time_queries(*database, queries, [](std::mt19937& random) {
        storage::AuditFilter filter;
        filter.actor = fmt::format("user{}", random() % kPeople);
        return filter;
    });
    const double report_p50 = percentile(by_report, 50), report_p99 = percentile(by_report, 99);
    const double person_p50 = percentile(by_person, 50), person_p99 = percentile(by_person, 99);
    fmt::print("query report    p50 {:.2f} ms  p99 {:.2f} ms  (newest 100 of one report)\n",
               report_p50, report_p99);
    fmt::print("query person    p50 {:.2f} ms  p99 {:.2f} ms  (newest 100 of one person)\n",
               person_p50, person_p99);
    const std::vector<TargetCheck> checks{{"audit verify >= 1000000 entries/s",
                                           fmt::format("{:.0f}/s", per_second),
                                           met_if(verification.ok && per_second >= 1e6),
                                           {}},
                                          {"audit.query one report's newest 100 <= 5 ms",
                                           fmt::format("p99 {:.2f} ms", report_p99),
                                           met_if(report_p99 <= 5),
                                           {}},
                                          {"audit.query one person's newest 100 <= 5 ms",
                                           fmt::format("p99 {:.2f} ms", person_p99),
                                           met_if(person_p99 <= 5),
                                           {}}};
    fmt::print("{}", format_checks(checks));
    if (!json_file.empty()) {
        boost::json::object out{
            {"entries", verification.entries},   {"verify_stretches", verification.stretches},
            {"verify_seconds", verify_seconds},  {"verify_entries_per_s", per_second},
            {"verify_ok", verification.ok},      {"query_report_p50_ms", report_p50},
            {"query_report_p99_ms", report_p99}, {"query_person_p50_ms", person_p50},
            {"query_person_p99_ms", person_p99}, {"targets", to_json(checks)}};
        std::ofstream(json_file) << boost::json::serialize(out) << "\n";
    }
    return verification.ok ? 0 : 1;
}
