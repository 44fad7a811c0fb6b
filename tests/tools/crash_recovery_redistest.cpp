// Durability under load (issue 6): the real gongkai-server, with a real Redis, driven by
// several clients through the notice lifecycle, killed with SIGKILL while requests are in
// flight, and restarted on the same database. Every acknowledged transition must be there,
// no report may be half written, the audit chain must verify, and the outbox must deliver
// the notifications of the acknowledged transitions exactly once.
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/redis_process.hpp>
#include <gongkai/testing/server_process.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <thread>
#include <tuple>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "crash-demo-password";
constexpr int kWorkers = 8;
// The load runs at least this long, and until this many transitions were acknowledged
// (a slow sanitizer build needs longer for the same amount of work).
constexpr auto kMinLoad = 2500ms;
constexpr std::size_t kMinAcknowledged = 100;
constexpr auto kMaxLoad = 20s;

CommandResult gongkai(std::vector<std::string> args) {
    args.insert(args.begin(), (bin_dir() / "gongkai").string());
    return run_command(args);
}

// One step a client saw acknowledged (ok: true): the report, what was done, and the
// report's state and revision according to the reply.
struct Step {
    std::int64_t report_id = 0;
    std::string action;  // "create", "update", or a workflow action
    std::string state;
    std::int64_t revision = 0;
};

class AckLog {
public:
    void add(Step step) {
        std::lock_guard lock(mutex_);
        steps_.push_back(std::move(step));
        count_.fetch_add(1);
    }
    void fail(std::string problem) {
        std::lock_guard lock(mutex_);
        failures_.push_back(std::move(problem));
    }
    std::size_t count() const { return count_.load(); }
    std::vector<Step> steps() const {
        std::lock_guard lock(mutex_);
        return steps_;
    }
    std::vector<std::string> failures() const {
        std::lock_guard lock(mutex_);
        return failures_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<Step> steps_;
    std::vector<std::string> failures_;
    std::atomic<std::size_t> count_{0};
};

// Read-only queries on the database file, beside the server (WAL allows readers).
class SqliteReader {
public:
    explicit SqliteReader(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            std::string message = sqlite3_errmsg(db_);
            sqlite3_close(db_);
            throw std::runtime_error("cannot open " + path + ": " + message);
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    ~SqliteReader() { sqlite3_close(db_); }
    SqliteReader(const SqliteReader&) = delete;
    SqliteReader& operator=(const SqliteReader&) = delete;

    // Every row as text; NULL becomes "NULL" (the queries below never store that string).
    std::vector<std::vector<std::string>> rows(const std::string& sql) const {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("bad query: ") + sqlite3_errmsg(db_) + ": " + sql);
        }
        std::vector<std::vector<std::string>> result;
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int c = 0; c < sqlite3_column_count(statement); ++c) {
                const auto* text = sqlite3_column_text(statement, c);
                row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
            }
            result.push_back(std::move(row));
        }
        std::string message = sqlite3_errmsg(db_);
        sqlite3_finalize(statement);
        if (rc != SQLITE_DONE) throw std::runtime_error("query failed: " + message + ": " + sql);
        return result;
    }

    std::int64_t number(const std::string& sql) const {
        auto result = rows(sql);
        if (result.size() != 1 || result[0].size() != 1) {
            throw std::runtime_error("expected one value: " + sql);
        }
        return std::stoll(result[0][0]);
    }

private:
    sqlite3* db_ = nullptr;
};

// The rows a query returned, for failure messages (at most the first ten).
std::string describe(const std::vector<std::vector<std::string>>& rows) {
    std::ostringstream out;
    out << rows.size() << " row(s)";
    for (std::size_t i = 0; i < rows.size() && i < 10; ++i) {
        out << "\n  ";
        for (const auto& value : rows[i])
            out << value << " | ";
    }
    return out.str();
}

template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return condition();
}

// What the lifecycle of one worker does, one report after another, until the server goes
// away: create → (every other report: update) → submit → pass_review → approve → publish.
class Worker {
public:
    Worker(int number, AckLog& log, const std::atomic<bool>& killed)
        : number_(number), log_(log), killed_(killed) {}

    void connect(const ServerProcess& server) {
        drafter_ = server.login("drafter", kPassword);
        reviewer_ = server.login("reviewer", kPassword);
        leader_ = server.login("leader", kPassword);
    }

    void run() {
        try {
            for (int n = 0;; ++n)
                drive_one(n);
        } catch (const Refused&) {
            // logged already
        } catch (const std::exception& e) {
            // The server being killed ends the run; a failure before that is a fault.
            if (!killed_.load()) {
                log_.fail("worker " + std::to_string(number_) + " before the kill: " + e.what());
            }
        }
    }

    std::int64_t last_report() const { return last_report_; }
    // Whether the run ended waiting for a reply (the request in flight at the kill).
    bool awaiting_reply() const { return awaiting_reply_; }

private:
    struct Refused {};

    void drive_one(int n) {
        auto created = step(*drafter_, "report.create",
                            {{"org", "shuita"},
                             {"kind", "notice"},
                             {"title", "关于第" + std::to_string(n) + "批道路维修的通知 " +
                                           std::to_string(number_)},
                             {"content", {{"body", "道路维修期间请绕行。"}}}},
                            "create");
        const auto id = created.at("id").as_int64();
        last_report_ = id;
        std::int64_t revision = 1;
        if (n % 2 == 1) {
            auto updated = step(*drafter_, "report.update",
                                {{"report_id", id},
                                 {"base_revision", revision},
                                 {"content", {{"body", "道路维修期间请绕行，注意安全。"}}}},
                                "update");
            revision = updated.at("revision").as_int64();
        }
        transition(*drafter_, id, "submit", revision);
        transition(*reviewer_, id, "pass_review", revision, kClearChecklist);
        transition(*leader_, id, "approve", revision);
        transition(*leader_, id, "publish", revision);
    }

    void transition(WsClient& client, std::int64_t id, const std::string& action,
                    std::int64_t revision, const boost::json::object& checklist = {}) {
        boost::json::object fields{{"report_id", id}, {"action", action}, {"revision", revision}};
        if (!checklist.empty()) fields["checklist"] = checklist;
        step(client, "report.transition", std::move(fields), action);
    }

    // Sends one request; an ok reply goes into the log, an error reply ends the run (this
    // workload never provokes one, so it is a fault), a dropped connection throws.
    boost::json::object step(WsClient& client, std::string_view op, boost::json::object fields,
                             const std::string& action) {
        fields["id"] = ++request_id_;
        fields["op"] = op;
        client.send_text(boost::json::serialize(fields));
        awaiting_reply_ = true;  // the request is with the server from here on
        auto reply = client.read_reply();
        awaiting_reply_ = false;
        if (reply.at("id") != boost::json::value(request_id_)) {
            throw std::runtime_error("reply to another request: " + boost::json::serialize(reply));
        }
        if (!reply.at("ok").as_bool()) {
            // A reply, so it came before the kill: a fault whenever it is read.
            std::string problem = "worker " + std::to_string(number_) + ": " + std::string(op) +
                                  " " + action + " refused: " + boost::json::serialize(reply);
            log_.fail(std::move(problem));
            throw Refused{};
        }
        auto report = reply.at("result").at("report").as_object();
        log_.add({report.at("id").as_int64(), action, std::string(report.at("state").as_string()),
                  report.at("revision").as_int64()});
        return report;
    }

    int number_;
    AckLog& log_;
    const std::atomic<bool>& killed_;
    std::unique_ptr<WsClient> drafter_, reviewer_, leader_;
    std::int64_t last_report_ = 0;
    std::int64_t request_id_ = 0;
    bool awaiting_reply_ = false;
};

// The state that follows each state in this lifecycle.
const std::map<std::string, std::string> kSuccessor{{"draft", "secrecy_review"},
                                                    {"secrecy_review", "leader_approval"},
                                                    {"leader_approval", "approved"},
                                                    {"approved", "published"}};

// Who is told of each transition (config/workflows/default.toml; the actor never is):
// submit → the reviewer; pass_review → the leader; approve → the submitter; publish by
// the leader → the submitter and the reviewer who passed it.
const std::map<std::string, std::pair<std::string, std::vector<std::string>>> kNotified{
    {"submit", {"submitted", {"reviewer"}}},
    {"pass_review", {"passed_review", {"leader"}}},
    {"approve", {"approved", {"drafter"}}},
    {"publish", {"published", {"drafter", "reviewer"}}}};

class CrashRecovery : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(gongkai({"init", "--db", db_}).exit_code, 0);
        ASSERT_EQ(gongkai({"seed-demo", "--db", db_, "--password", kPassword}).exit_code, 0);
        SqliteReader reader(db_);
        reports_before_ = reader.number("SELECT IFNULL(MAX(id), 0) FROM reports");
    }

    TempDir dir_;
    std::string db_ = dir_.file("crash.db");
    RedisProcess redis_;
    std::int64_t reports_before_ = 0;
};

TEST_F(CrashRecovery, KillNineUnderLoadLosesNothingAcknowledgedAndLeavesNothingHalfDone) {
    const auto started = std::chrono::steady_clock::now();
    AckLog log;
    std::atomic<bool> killed{false};
    std::vector<std::int64_t> last_reports;
    int in_flight = 0;
    {
        ServerProcess server(db_, redis_args(redis_.port()));
        std::vector<std::unique_ptr<Worker>> workers;
        for (int i = 0; i < kWorkers; ++i) {
            workers.push_back(std::make_unique<Worker>(i, log, killed));
            workers.back()->connect(server);  // logins are slow (Argon2id): before the clock
        }
        std::vector<std::thread> threads;
        for (auto& worker : workers)
            threads.emplace_back([&worker] { worker->run(); });

        const auto load_start = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - load_start < kMaxLoad &&
               (std::chrono::steady_clock::now() - load_start < kMinLoad ||
                log.count() < kMinAcknowledged) &&
               log.failures().empty()) {
            std::this_thread::sleep_for(20ms);
        }
        killed = true;
        EXPECT_EQ(server.kill(), 128 + SIGKILL);
        for (auto& thread : threads)
            thread.join();
        for (const auto& worker : workers) {
            last_reports.push_back(worker->last_report());
            in_flight += worker->awaiting_reply();
        }
    }
    for (const auto& failure : log.failures())
        ADD_FAILURE() << failure;
    const auto acked = log.steps();
    ASSERT_GE(acked.size(), kMinAcknowledged) << "too little load before the kill";
    EXPECT_GT(in_flight, 0) << "the kill found no request in flight";

    // Per report, the steps acknowledged, in order (one worker drives each report).
    std::map<std::int64_t, std::vector<Step>> acked_by_report;
    for (const auto& step : acked)
        acked_by_report[step.report_id].push_back(step);

    // The restarted server: the outbox drains, and the reports read back as acknowledged.
    {
        ServerProcess server(db_, redis_args(redis_.port()));
        {
            SqliteReader reader(db_);
            const auto undelivered = [&] {
                return reader.number(
                    "SELECT COUNT(*) FROM notification_outbox WHERE delivered_at IS NULL");
            };
            EXPECT_TRUE(eventually([&] { return undelivered() == 0; }, 20s))
                << undelivered() << " notification(s) still undelivered 20 s after the restart";
        }

        auto drafter = server.login("drafter", kPassword);
        for (auto id : last_reports) {
            auto it = acked_by_report.find(id);
            if (id == 0 || it == acked_by_report.end()) continue;  // create not acknowledged
            auto report = drafter->ok("report.get", {{"report_id", id}}).at("report").as_object();
            const auto& last = it->second.back();
            // The step in flight at the kill may have been committed without its reply.
            const std::string state(report.at("state").as_string());
            auto successor = kSuccessor.find(last.state);
            EXPECT_TRUE(state == last.state ||
                        (successor != kSuccessor.end() && state == successor->second))
                << "report " << id << " is " << state << " after acknowledged " << last.action
                << " to " << last.state;
            const auto revision = report.at("current_revision").as_int64();
            EXPECT_TRUE(revision == last.revision || revision == last.revision + 1)
                << "report " << id << " at revision " << revision << " after acknowledged "
                << last.action << " at " << last.revision;
        }
        drafter.reset();
        EXPECT_EQ(server.terminate(), 0);
    }

    SqliteReader reader(db_);
    const std::string mine = " > " + std::to_string(reports_before_);

    // 1. Every acknowledged step is in the database.
    std::set<std::int64_t> acked_reports;
    std::int64_t committed_unanswered = 0;  // steps in flight at the kill that were committed
    for (const auto& [id, steps] : acked_by_report) {
        acked_reports.insert(id);
        const auto report =
            reader.rows("SELECT state, revision FROM reports WHERE id = " + std::to_string(id));
        if (report.size() != 1u) {
            ADD_FAILURE() << "acknowledged report " << id << " is missing";
            continue;
        }
        const auto revisions =
            reader.number("SELECT COUNT(*) FROM revisions WHERE report_id = " + std::to_string(id));
        // The decisions as "action>to_state@revision", acknowledged and stored, in order.
        std::vector<std::string> stored;
        for (const auto& row :
             reader.rows("SELECT action || '>' || to_state || '@' || revision FROM decisions "
                         "WHERE report_id = " +
                         std::to_string(id) + " ORDER BY id")) {
            stored.push_back(row[0]);
        }
        std::vector<std::string> acknowledged;
        std::int64_t acked_revision = 0;
        for (const auto& step : steps) {
            if (step.action == "create" || step.action == "update") {
                acked_revision = std::max(acked_revision, step.revision);
            } else {
                acknowledged.push_back(step.action + ">" + step.state + "@" +
                                       std::to_string(step.revision));
            }
        }
        const auto list = [](const std::vector<std::string>& items) {
            std::string out;
            for (const auto& item : items)
                out += item + " ";
            return out;
        };
        EXPECT_GE(revisions, acked_revision)
            << "report " << id << ": acknowledged revision " << acked_revision << " lost";
        const bool kept = stored.size() >= acknowledged.size() &&
                          std::equal(acknowledged.begin(), acknowledged.end(), stored.begin());
        EXPECT_TRUE(kept) << "report " << id << ": acknowledged decisions " << list(acknowledged)
                          << "but the database has " << list(stored);
        // At most the one step in flight at the kill was committed without its reply.
        const auto unacknowledged = static_cast<std::int64_t>(stored.size()) -
                                    static_cast<std::int64_t>(acknowledged.size()) +
                                    (revisions - acked_revision);
        committed_unanswered += std::max<std::int64_t>(unacknowledged, 0);
        EXPECT_LE(unacknowledged, 1)
            << "report " << id << " has steps nobody asked for: " << list(stored) << "and "
            << revisions << " revision(s)";
    }
    // Reports whose creation was in flight: at most one per worker, untouched drafts.
    const auto unacked_reports = reader.rows(
        "SELECT id, state, revision, (SELECT COUNT(*) FROM decisions d WHERE d.report_id = r.id) "
        "FROM reports r WHERE id" +
        mine);
    std::size_t orphans = 0;
    for (const auto& row : unacked_reports) {
        if (acked_reports.count(std::stoll(row[0]))) continue;
        ++orphans;
        EXPECT_EQ(row[1], "draft") << "unacknowledged report " << row[0];
        EXPECT_EQ(row[2], "1") << "unacknowledged report " << row[0];
        EXPECT_EQ(row[3], "0") << "unacknowledged report " << row[0];
    }
    EXPECT_LE(orphans, static_cast<std::size_t>(kWorkers));

    // 2. No report is half written.
    EXPECT_TRUE(reader
                    .rows("SELECT r.id, r.revision FROM reports r WHERE r.revision < 1 OR "
                          "(SELECT COUNT(*) FROM revisions v WHERE v.report_id = r.id AND "
                          "v.revision BETWEEN 1 AND r.revision) != r.revision OR EXISTS "
                          "(SELECT 1 FROM revisions v WHERE v.report_id = r.id AND v.revision > "
                          "r.revision)")
                    .empty())
        << "reports whose revisions are not exactly 1..revision";
    {
        auto wrong = reader.rows(
            "SELECT r.id, r.content_sha256, v.content_sha256 FROM reports r JOIN revisions v ON "
            "v.report_id = r.id AND v.revision = r.revision WHERE r.content_sha256 != "
            "v.content_sha256");
        EXPECT_TRUE(wrong.empty())
            << "report hash differs from its current revision: " << describe(wrong);
    }
    {
        auto orphans_rows = reader.rows(
            "SELECT 'decision', d.id FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM reports r "
            "WHERE r.id = d.report_id) UNION ALL SELECT 'revision', v.report_id FROM revisions v "
            "WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = v.report_id)");
        EXPECT_TRUE(orphans_rows.empty()) << "rows of no report: " << describe(orphans_rows);
    }
    {
        // Each report's decisions form one chain from "draft" to its current state.
        std::map<std::int64_t, std::vector<std::vector<std::string>>> chains;
        for (auto& row :
             reader.rows("SELECT report_id, from_state, to_state FROM decisions ORDER BY id")) {
            chains[std::stoll(row[0])].push_back(row);
        }
        for (const auto& row : reader.rows("SELECT id, state FROM reports")) {
            const auto& chain = chains[std::stoll(row[0])];
            std::string state = "draft";
            for (const auto& decision : chain) {
                EXPECT_EQ(decision[1], state) << "report " << row[0] << ": decision chain broken";
                state = decision[2];
            }
            EXPECT_EQ(row[1], state)
                << "report " << row[0] << ": state is not where its decisions lead";
        }
    }
    {
        auto unaudited = reader.rows(
            "SELECT 'revision', v.report_id, v.revision, v.audit_seq FROM revisions v WHERE NOT "
            "EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = v.audit_seq AND a.report_id = "
            "v.report_id AND a.revision = v.revision AND a.content_sha256 = v.content_sha256 AND "
            "a.action IN ('report.create', 'report.update')) "
            "UNION ALL SELECT 'decision', d.report_id, d.action, d.audit_seq FROM decisions d "
            "WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = d.audit_seq AND "
            "a.report_id = d.report_id AND a.action = 'report.' || d.action AND a.from_state = "
            "d.from_state AND a.to_state = d.to_state AND a.revision = d.revision)");
        EXPECT_TRUE(unaudited.empty())
            << "changes without their audit entry: " << describe(unaudited);
        // And the other way round: no audit entry for a change that is not there.
        auto phantom = reader.rows(
            "SELECT a.seq, a.action, a.report_id FROM audit_log a WHERE (a.action IN "
            "('report.create', 'report.update') AND NOT EXISTS (SELECT 1 FROM revisions v WHERE "
            "v.audit_seq = a.seq)) OR (a.action IN ('report.submit', 'report.pass_review', "
            "'report.approve', 'report.publish') AND NOT EXISTS (SELECT 1 FROM decisions d WHERE "
            "d.audit_seq = a.seq))");
        EXPECT_TRUE(phantom.empty())
            << "audit entries of changes that are missing: " << describe(phantom);
    }

    // 3. The hash chain verifies.
    auto verify = gongkai({"audit", "verify", "--db", db_});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    EXPECT_TRUE(verify.out.starts_with("ok ")) << verify.out << verify.err;

    // 4. Every notification was delivered exactly once, and the acknowledged transitions
    // told whom they must.
    EXPECT_EQ(reader.number("SELECT COUNT(*) FROM notification_outbox WHERE delivered_at IS NULL"),
              0);
    {
        auto undelivered = reader.rows(
            "SELECT o.id, o.kind, o.report_id FROM notification_outbox o WHERE NOT EXISTS "
            "(SELECT 1 FROM inbox i WHERE i.notification_id = o.id)");
        EXPECT_TRUE(undelivered.empty()) << "outbox rows in no inbox: " << describe(undelivered);
        auto strays = reader.rows(
            "SELECT i.notification_id, i.user_id, i.kind FROM inbox i WHERE NOT EXISTS (SELECT 1 "
            "FROM notification_outbox o WHERE o.id = i.notification_id AND o.recipient_id = "
            "i.user_id AND o.kind = i.kind AND o.report_id IS i.report_id)");
        EXPECT_TRUE(strays.empty()) << "inbox rows matching no outbox row: " << describe(strays);
        auto duplicates = reader.rows(
            "SELECT report_id, kind, recipient_id, COUNT(*) FROM notification_outbox GROUP BY "
            "report_id, kind, recipient_id HAVING COUNT(*) > 1");
        EXPECT_TRUE(duplicates.empty()) << "notifications written twice: " << describe(duplicates);
    }
    std::map<std::tuple<std::int64_t, std::string, std::string>, std::int64_t> inbox;
    for (const auto& row :
         reader.rows("SELECT i.report_id, i.kind, u.username FROM inbox i JOIN "
                     "users u ON u.id = i.user_id WHERE i.report_id IS NOT NULL")) {
        ++inbox[{std::stoll(row[0]), row[1], row[2]}];
    }
    std::size_t expected_notifications = 0;
    for (const auto& step : acked) {
        auto notified = kNotified.find(step.action);
        if (notified == kNotified.end()) continue;
        const auto& [kind, recipients] = notified->second;
        for (const auto& recipient : recipients) {
            ++expected_notifications;
            EXPECT_EQ((inbox[{step.report_id, kind, recipient}]), 1)
                << "report " << step.report_id << ": " << kind << " for " << recipient;
        }
    }

    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    std::cout << in_flight << " request(s) in flight at the kill, " << acked.size()
              << " steps acknowledged on " << acked_by_report.size() << " reports, "
              << committed_unanswered << " later step(s) and " << orphans
              << " creation(s) committed but unanswered, " << expected_notifications
              << " notifications checked, " << took.count() << " ms\n";
}

}  // namespace
}  // namespace gongkai::testing
