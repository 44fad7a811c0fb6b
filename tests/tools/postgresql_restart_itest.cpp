// The real server (in this process) on a PostgreSQL cluster of the test's own, restarted
// while a few clients write: every request is answered in time, those during the outage
// with an error; nothing acknowledged is lost and the audit chain holds; afterwards writes
// work again without restarting the server.
//
// The cluster is the test's own (initdb --no-sync, ~1.5 s; the whole test ~5-7 s) rather than the
// one ./dev test starts, whose data folder a test does not know and whose restart would disturb the
// tests running beside it. It listens on a Unix socket in the test's folder only: no port to pick.
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <pwd.h>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl; empty when none.
fs::path postgresql_bin_dir() {
    fs::path best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto bin = entry.path() / "bin";
        if (!fs::exists(bin / "initdb") || !fs::exists(bin / "pg_ctl")) continue;
        int version = 0;
        try {
            version = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
        }
        if (version > best_version) {
            best_version = version;
            best = bin;
        }
    }
    return best;
}

// Runs `argv` to its end with its output in the file `output` and none of this process's
// other descriptors: the PostgreSQL server that pg_ctl starts lives on, and would keep open
// whatever it inherited (run_command's pipes, which it reads to their end).
int run_alone(const std::vector<std::string>& argv, const std::string& output) {
    std::vector<char*> args;
    for (const auto& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) {
            ::_exit(127);
        }
        ::close_range(3, ~0U, 0);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

constexpr std::array<const char*, 3> kRunuser{"/usr/sbin/runuser", "/sbin/runuser",
                                              "/usr/bin/runuser"};

class PostgresqlRestart : public ::testing::Test {
protected:
    void SetUp() override {
        bin_ = postgresql_bin_dir();
        if (bin_.empty()) {
            GTEST_SKIP() << "no PostgreSQL server programs in /usr/lib/postgresql/*/bin";
        }
        // The server refuses to run as root; then it runs as the postgres user.
        if (::geteuid() == 0) {
            const passwd* user = ::getpwnam("postgres");
            if (user == nullptr) GTEST_SKIP() << "running as root and there is no postgres user";
            ASSERT_EQ(::chown(dir_.path().c_str(), user->pw_uid, user->pw_gid), 0);
            const auto runuser = std::find_if(kRunuser.begin(), kRunuser.end(),
                                              [](const char* path) { return fs::exists(path); });
            if (runuser == kRunuser.end()) GTEST_SKIP() << "running as root and runuser is missing";
            as_ = {*runuser, "-u", "postgres", "--"};
        }
        auto initdb = as_postgres({(bin_ / "initdb").string(), "-D", data_, "-U", "gongkai",
                                   "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"});
        ASSERT_EQ(initdb.exit_code, 0) << initdb.out << initdb.err;
        ASSERT_EQ(pg_ctl({"start"}), 0) << pg_ctl_output();
        running_ = true;
    }

    void TearDown() override {
        if (running_) pg_ctl({"stop", "-m", "immediate"});
    }

    CommandResult as_postgres(std::vector<std::string> argv) {
        argv.insert(argv.begin(), as_.begin(), as_.end());
        return run_command(argv);
    }

    // pg_ctl COMMAND for this cluster, waiting until it is done: its exit code, and its
    // output in pg_ctl.out.
    int pg_ctl(const std::vector<std::string>& command) {
        std::vector<std::string> argv{
            (bin_ / "pg_ctl").string(),
            "-D",
            data_,
            "-l",
            dir_.file("server.log"),
            "-w",
            "-o",
            "-c listen_addresses='' -k " + dir_.path().string() + " -c autovacuum=off"};
        argv.insert(argv.end(), command.begin(), command.end());
        argv.insert(argv.begin(), as_.begin(), as_.end());
        return run_alone(argv, dir_.file("pg_ctl.out"));
    }

    std::string pg_ctl_output() const { return read_file("pg_ctl.out") + read_file("server.log"); }
    std::string read_file(const std::string& name) const {
        std::ifstream in(dir_.file(name));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    std::string location() const {
        return "postgresql://gongkai@/postgres?host=" + dir_.path().string();
    }

    TempDir dir_;
    std::string data_ = dir_.file("data");
    fs::path bin_;
    std::vector<std::string> as_;
    bool running_ = false;
};

// What one writing client saw.
struct Writer {
    std::set<std::string> acknowledged;  // titles
    std::set<std::string> refused;
    std::set<std::string> codes;      // of the refusals
    std::vector<std::string> broken;  // replies that did not come, or made no sense
    int ok_after_restart = 0;
    int refused_after_restart = 0;  // sent after pg_ctl restart had returned
};

TEST_F(PostgresqlRestart, RequestsDuringTheOutageFailCleanlyAndWritesResumeWithoutARestart) {
    SystemClock clock;
    TestServer server(clock, [&](api::AppSettings& s) { s.database.path = location(); });

    constexpr int kClients = 3;
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<WsClient>(server.host(), server.port()));
        clients.back()->login("drafter", kDemoPassword);
    }
    std::vector<Writer> writers(kClients);
    std::mutex mutex;  // guards writers
    std::atomic<bool> restarted{false}, stop{false};
    std::atomic<int> acknowledged{0};

    std::vector<std::jthread> threads;
    for (int i = 0; i < kClients; ++i) {
        threads.emplace_back([&, i] {
            for (int n = 0; !stop; ++n) {
                const auto title = "负载 " + std::to_string(i) + "-" + std::to_string(n);
                const bool after = restarted;
                boost::json::object reply;
                try {
                    reply = clients[i]->call("report.create", {{"org", "shuita"},
                                                               {"kind", "notice"},
                                                               {"title", title},
                                                               {"content", {{"body", "正文"}}}});
                } catch (const std::exception& e) {
                    std::lock_guard lock(mutex);
                    writers[i].broken.push_back(title + ": " + e.what());
                    return;  // no reply within the read timeout: the connection is unusable
                }
                std::lock_guard lock(mutex);
                auto& writer = writers[i];
                if (reply.at("ok").as_bool()) {
                    writer.acknowledged.insert(title);
                    writer.ok_after_restart += after;
                    ++acknowledged;
                } else if (const auto* error = reply.at("error").if_object()) {
                    writer.refused.insert(title);
                    writer.codes.insert(error->at("code").as_string().c_str());
                    writer.refused_after_restart += after;
                    if (writer.refused.size() == 1) {
                        std::cout << "refused: " << boost::json::serialize(*error) << "\n";
                    }
                } else {
                    writer.broken.push_back(boost::json::serialize(reply));
                }
            }
        });
    }

    auto wait_for = [&](const std::function<bool()>& done) {
        for (int tries = 0; tries < 600 && !done(); ++tries)
            std::this_thread::sleep_for(50ms);  // polls the clients' progress
        return done();
    };
    ASSERT_TRUE(wait_for([&] { return acknowledged >= 30; }));
    ASSERT_EQ(pg_ctl({"restart", "-m", "fast"}), 0) << pg_ctl_output();
    restarted = true;
    const bool resumed = wait_for([&] {
        std::lock_guard lock(mutex);
        return std::all_of(writers.begin(), writers.end(), [](const Writer& w) {
            return w.ok_after_restart >= 5 || !w.broken.empty();
        });
    });
    stop = true;
    threads.clear();
    EXPECT_TRUE(resumed) << "writes did not work again after the restart";

    std::set<std::string> acknowledged_titles, refused_titles;
    std::size_t refusals = 0;
    for (const auto& writer : writers) {
        EXPECT_TRUE(writer.broken.empty()) << writer.broken.front();
        EXPECT_TRUE(writer.codes.empty() || writer.codes == std::set<std::string>{"internal"});
        acknowledged_titles.insert(writer.acknowledged.begin(), writer.acknowledged.end());
        refused_titles.insert(writer.refused.begin(), writer.refused.end());
        refusals += writer.refused.size();
        // Sent once pg_ctl said the server was back: served, even on connections the restart
        // cut (the transaction begins again on a connection opened anew).
        EXPECT_EQ(writer.refused_after_restart, 0);
    }
    std::cout << acknowledged_titles.size() << " acknowledged, " << refusals << " refused\n";

    // Every acknowledged report is stored. A refused one may be too: a commit whose answer
    // the restart cut off has an outcome the server could not know.
    std::set<std::string> stored;
    auto reader = clients[0].get();
    boost::json::value cursor = nullptr;
    do {
        boost::json::object request{{"limit", 200}};
        if (!cursor.is_null()) request["cursor"] = cursor;
        const auto page = reader->ok("report.list", request);
        for (const auto& item : page.at("items").as_array())
            stored.insert(item.at("title").as_string().c_str());
        cursor = page.at("next_cursor");
    } while (!cursor.is_null());
    for (const auto& title : acknowledged_titles)
        EXPECT_TRUE(stored.contains(title)) << title << " was acknowledged and is lost";
    for (const auto& title : stored)
        EXPECT_TRUE(acknowledged_titles.contains(title) || refused_titles.contains(title)) << title;
    const auto verification = server.database().verify_audit_log();
    EXPECT_TRUE(verification.ok) << verification.problem;

    // A restart while nobody writes: the server's connections are lost without its knowing,
    // yet the first requests after it are served, reads and writes alike.
    ASSERT_EQ(pg_ctl({"restart", "-m", "fast"}), 0) << pg_ctl_output();
    for (int i = 0; i < kClients; ++i) {
        clients[i]->ok("report.list", {{"limit", 1}});
        clients[i]->ok("report.create", {{"org", "shuita"},
                                         {"kind", "notice"},
                                         {"title", "重启后 " + std::to_string(i)},
                                         {"content", {{"body", "正文"}}}});
    }
    EXPECT_TRUE(server.database().verify_audit_log().ok);
}

}  // namespace
}  // namespace gongkai::testing
