// The real gongkai-server binary on a free port with a fresh database, driven over a real
// WebSocket from create to published, stopped with SIGTERM, then checked with
// `gongkai audit verify`.
#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/server_process.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace gongkai::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "demo-password";

CommandResult gongkai(std::vector<std::string> args) {
    args.insert(args.begin(), (bin_dir() / "gongkai").string());
    return run_command(args);
}

class ServerEndToEnd : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(gongkai({"init", "--db", db_}).exit_code, 0);
        ASSERT_EQ(gongkai({"seed-demo", "--db", db_, "--password", kPassword}).exit_code, 0);
    }

    TempDir dir_;
    std::string db_ = dir_.file("e2e.db");
};

TEST_F(ServerEndToEnd, ReportFromCreateToPublishedThenTheChainVerifies) {
    ServerProcess server(db_);
    auto drafter = server.login("drafter", kPassword);
    auto reviewer = server.login("reviewer", kPassword);
    auto leader = server.login("leader", kPassword);

    auto report = drafter->ok("report.create",
                              {{"org", "shuita"},
                               {"kind", "annual_report"},
                               {"title", "尧都区水塔街办事处2024年政府信息公开工作年度报告"},
                               {"content", valid_annual_report(2024)}})
                      .at("report")
                      .as_object();
    auto id = report.at("id").as_int64();
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    reviewer->ok("report.transition", {{"report_id", id},
                                       {"action", "pass_review"},
                                       {"revision", 1},
                                       {"checklist", kClearChecklist}});
    leader->ok("report.transition", {{"report_id", id}, {"action", "approve"}, {"revision", 1}});
    auto published = leader->ok("report.transition",
                                {{"report_id", id}, {"action", "publish"}, {"revision", 1}});
    EXPECT_EQ(published.at("report").at("state"), "published");

    drafter.reset();
    reviewer.reset();
    leader.reset();
    EXPECT_EQ(server.terminate(), 0);

    auto verify = gongkai({"audit", "verify", "--db", db_});
    EXPECT_EQ(verify.exit_code, 0);
    // 18 seed entries, 3 logins, create, 4 transitions.
    EXPECT_TRUE(verify.out.starts_with("ok 26 entries head ")) << verify.out;
}

TEST_F(ServerEndToEnd, SigtermAnswersWhatItTookAndLosesNothingAcknowledged) {
    ServerProcess server(db_);
    auto drafter = server.login("drafter", kPassword);
    constexpr int kRequests = 40;
    for (int i = 0; i < kRequests; ++i) {
        boost::json::object request{{"id", i},
                                    {"op", "report.create"},
                                    {"org", "shuita"},
                                    {"kind", "notice"},
                                    {"title", "通知 " + std::to_string(i)},
                                    {"content", {{"body", "正文"}}}};
        drafter->send_text(boost::json::serialize(request));
    }
    // Stop while the stream of requests is being worked through. Every request the server
    // took is answered before it says goodbye; requests it had not taken get no answer and
    // were not carried out.
    auto first = drafter->read_reply();
    ASSERT_TRUE(first.at("ok").as_bool());
    int acknowledged = 1;
    std::jthread stopper([&] { EXPECT_EQ(server.terminate(), 0); });
    for (;;) {
        boost::json::object reply;
        try {
            reply = drafter->read_reply();
        } catch (const std::exception&) {
            break;  // the close frame
        }
        EXPECT_TRUE(reply.at("ok").as_bool()) << boost::json::serialize(reply);
        acknowledged += reply.at("ok").as_bool();
    }
    stopper.join();

    ServerProcess again(db_);
    auto reader = again.login("drafter", kPassword);
    auto listed = reader->ok("report.list", {{"limit", 200}});
    EXPECT_EQ(listed.at("items").as_array().size(), static_cast<std::size_t>(acknowledged));
    reader.reset();
    EXPECT_EQ(again.terminate(), 0);
}

TEST_F(ServerEndToEnd, BadConfigurationExitsTwoWithOneLine) {
    std::ofstream(dir_.file("bad.toml")) << "[server]\nlisten = \"nowhere\"\n";
    auto bad = run_command({(bin_dir() / "gongkai-server").string(), "--config",
                            dir_.file("bad.toml")});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
    EXPECT_NE(bad.err.find("listen"), std::string::npos) << bad.err;

    std::ofstream(dir_.file("typo.toml")) << "[server]\nlisten_port = 8080\n";
    auto typo = run_command({(bin_dir() / "gongkai-server").string(), "--config",
                             dir_.file("typo.toml")});
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_NE(typo.err.find("listen_port"), std::string::npos) << typo.err;

    auto no_db = run_command({(bin_dir() / "gongkai-server").string(), "--config",
                              (source_dir() / "config/gongkai.toml").string(), "--listen",
                              "127.0.0.1:0", "--db", dir_.file("no/such/folder/x.db")});
    EXPECT_EQ(no_db.exit_code, 2);
    EXPECT_EQ(std::count(no_db.err.begin(), no_db.err.end(), '\n'), 1) << no_db.err;
    EXPECT_NE(no_db.err.find("no/such/folder/x.db"), std::string::npos) << no_db.err;

    auto missing = run_command({(bin_dir() / "gongkai-server").string(), "--config",
                                dir_.file("missing.toml")});
    EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace gongkai::testing
