// The gongkai command-line tool, run as a real program.
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/raw_sql.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <regex>

namespace gongkai::testing {
namespace {

CommandResult gongkai(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), (bin_dir() / "gongkai").string());
    return run_command(args, input);
}

class Cli : public ::testing::Test {
protected:
    TempDir dir_;
    std::string db_ = dir_.file("cli.db");

    void seed() {
        ASSERT_EQ(gongkai({"init", "--db", db_}).exit_code, 0);
        ASSERT_EQ(gongkai({"seed-demo", "--db", db_, "--password", "demo-password"}).exit_code, 0);
    }
};

TEST_F(Cli, EverySubcommandHasHelp) {
    for (auto args : std::vector<std::vector<std::string>>{{"--help"},
                                                          {"init", "--help"},
                                                          {"seed-demo", "--help"},
                                                          {"user", "add", "--help"},
                                                          {"role", "grant", "--help"},
                                                          {"org", "add", "--help"},
                                                          {"audit", "verify", "--help"}}) {
        auto result = gongkai(args);
        EXPECT_EQ(result.exit_code, 0) << args[0];
        EXPECT_NE(result.out.find("--"), std::string::npos) << args[0];
    }
}

TEST_F(Cli, UsageErrorsExitTwoWithAMessage) {
    auto result = gongkai({"init"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("--db"), std::string::npos);
    EXPECT_EQ(gongkai({"no-such-command"}).exit_code, 2);
    EXPECT_EQ(gongkai({"audit", "verify", "--db", dir_.file("missing.db")}).exit_code, 2);
    EXPECT_EQ(gongkai({"init", "--db", dir_.file("no/such/dir/x.db")}).exit_code, 2);
}

TEST_F(Cli, InitAndSeedAreIdempotent) {
    seed();
    auto first = gongkai({"audit", "verify", "--db", db_});
    EXPECT_EQ(first.exit_code, 0);
    EXPECT_EQ(gongkai({"init", "--db", db_}).exit_code, 0);
    auto again = gongkai({"seed-demo", "--db", db_, "--password", "demo-password"});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_NE(again.out.find("0 items created"), std::string::npos) << again.out;
    EXPECT_EQ(gongkai({"audit", "verify", "--db", db_}).out, first.out);
}

TEST_F(Cli, AuditVerifyPrintsCountAndHead) {
    seed();
    auto result = gongkai({"audit", "verify", "--db", db_});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_TRUE(std::regex_match(result.out, std::regex("ok 18 entries head [0-9a-f]{64}\n")))
        << result.out;
}

TEST_F(Cli, AuditVerifyFindsTheTamperedRow) {
    seed();
    exec_raw(db_, "UPDATE audit_log SET details = '{}' WHERE seq = 7");
    auto result = gongkai({"audit", "verify", "--db", db_});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(result.out.starts_with("bad seq 7")) << result.out;
}

TEST_F(Cli, UsersRolesAndOrgs) {
    seed();
    auto added = gongkai({"user", "add", "--db", db_, "--username", "wang.fang", "--display-name",
                          "王芳", "--password-stdin"},
                         "a-good-password\n");
    EXPECT_EQ(added.exit_code, 0) << added.err;
    EXPECT_EQ(gongkai({"user", "add", "--db", db_, "--username", "wang.fang", "--display-name",
                       "王芳", "--password-stdin"},
                      "a-good-password\n")
                  .exit_code,
              1);
    EXPECT_EQ(gongkai({"user", "add", "--db", db_, "--username", "Bad Name!", "--display-name",
                       "x", "--password-stdin"},
                      "a-good-password\n")
                  .exit_code,
              1);
    EXPECT_EQ(gongkai({"user", "add", "--db", db_, "--username", "short", "--display-name", "x",
                       "--password-stdin"},
                      "short\n")
                  .exit_code,
              1);
    EXPECT_EQ(gongkai({"org", "add", "--db", db_, "--id", "duandian", "--name", "段店乡",
                       "--parent", "yaodu"})
                  .exit_code,
              0);
    EXPECT_EQ(gongkai({"org", "add", "--db", db_, "--id", "x", "--name", "X", "--parent",
                       "nowhere"})
                  .exit_code,
              1);
    EXPECT_EQ(gongkai({"role", "grant", "--db", db_, "--username", "wang.fang", "--org",
                       "duandian", "--role", "reviewer"})
                  .exit_code,
              0);
    EXPECT_EQ(gongkai({"role", "grant", "--db", db_, "--username", "wang.fang", "--org",
                       "duandian", "--role", "emperor"})
                  .exit_code,
              2);
    EXPECT_EQ(gongkai({"role", "grant", "--db", db_, "--username", "nobody", "--org", "duandian",
                       "--role", "reviewer"})
                  .exit_code,
              1);
    auto verify = gongkai({"audit", "verify", "--db", db_});
    EXPECT_TRUE(verify.out.starts_with("ok 21 entries")) << verify.out;  // 18 + user, org, role
}

TEST_F(Cli, WorkflowFilesPrintAsDiagrams) {
    auto result = gongkai({"workflow", "dot", (source_dir() / "config/workflows/default.toml")});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("secrecy_review -> leader_approval"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::testing
