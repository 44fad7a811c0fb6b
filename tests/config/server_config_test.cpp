#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/config/server_config.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace gongkai::config {
namespace {

using testing::TempDir;

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
    std::ofstream(dir.file(name)) << text;
    return dir.file(name);
}

std::string error_of(const std::string& file) {
    try {
        load_server_config(file);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(ServerConfig, TheShippedDefaultsLoad) {
    auto config = load_server_config(testing::source_dir() / "config" / "gongkai.toml");
    EXPECT_EQ(config.app.server.listen.host, "127.0.0.1");
    EXPECT_EQ(config.app.server.listen.port, 8080);
    EXPECT_EQ(config.app.server.limits.max_message_bytes, 1024u * 1024u);
    EXPECT_EQ(config.app.server.auth.password_hash.memory_kib, 19456u);
    EXPECT_TRUE(config.app.database.path.ends_with("var/gongkai.db"));
    EXPECT_EQ(config.app.assignment.default_workflow, "default");
    EXPECT_GE(config.app.workflows.size(), 2u);
    ASSERT_TRUE(config.app.redis.has_value());
    EXPECT_EQ(config.app.redis->port, 6379);
    EXPECT_EQ(config.app.deadlines.default_due, "01-31");
    EXPECT_EQ(config.app.deadlines.days_before, (std::vector<int>{14, 7, 3, 1}));
    EXPECT_EQ(config.app.report_limits.notice_categories.front(), "通知");
    // The front-end the web/ folder builds, next to config/.
    EXPECT_EQ(config.app.server.web_root,
              (std::filesystem::absolute(testing::source_dir()) / "web/dist").lexically_normal());
}

TEST(ServerConfig, RelativePathsFollowTheFile) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "workflows");
    std::filesystem::copy(testing::source_dir() / "config/workflows/default.toml",
                          dir.path() / "workflows/default.toml");
    std::filesystem::copy(testing::source_dir() / "config/templates", dir.path() / "forms");
    std::filesystem::copy(testing::source_dir() / "config/lexicons", dir.path() / "words");
    auto file = write(dir, "g.toml",
                      "[database]\npath = \"data/x.db\"\n[reports]\ntemplates = \"forms\"\n"
                      "notice_categories = [\"公示\", \"通知\"]\n"
                      "[scanner]\nlexicons = \"words\"\n[web]\nroot = \"../site/dist\"\n");
    auto config = load_server_config(file);
    EXPECT_EQ(config.app.database.path, (dir.path() / "data/x.db").string());
    EXPECT_EQ(config.app.report_limits.notice_categories,
              (std::vector<std::string>{"公示", "通知"}));
    EXPECT_EQ(config.app.server.web_root, (dir.path().parent_path() / "site/dist"));
    ASSERT_NE(config.app.annual_reports, nullptr);
    EXPECT_TRUE(config.app.annual_reports->default_template_id(2024).has_value());
    ASSERT_NE(config.app.scanner, nullptr);
    EXPECT_EQ(config.app.scanner->lexicon_dir(), dir.path() / "words");
}

TEST(ServerConfig, APostgresqlDatabaseIsAConnectionUriNotAFile) {
    TempDir dir;
    std::filesystem::copy(testing::source_dir() / "config", dir.path() / "config",
                          std::filesystem::copy_options::recursive);
    const std::string uri = "postgresql://gongkai@db.example:5432/gongkai?sslmode=require";
    auto file = write(dir, "config/g.toml", "[database]\npath = \"" + uri + "\"\n");
    EXPECT_EQ(load_server_config(file).app.database.path, uri);
}

TEST(ServerConfig, MistakesAreNamedWithFileAndLine) {
    TempDir dir;
    EXPECT_NE(error_of(write(dir, "a.toml", "[server]\nlisen = \"127.0.0.1:1\"\n")).find("a.toml:2"),
              std::string::npos);
    EXPECT_NE(error_of(write(dir, "b.toml", "[server]\nlisten = \"localhost\"\n"))
                  .find("server.listen"),
              std::string::npos);
    EXPECT_NE(error_of(write(dir, "c.toml", "[limits]\nmax_in_flight = \"lots\"\n"))
                  .find("limits.max_in_flight"),
              std::string::npos);
    EXPECT_NE(error_of(write(dir, "d.toml", "[auth]\nargon2_memory_kib = 1024\n")).find("Argon2id"),
              std::string::npos);
    EXPECT_NE(error_of(write(dir, "e.toml", "this is = = not toml")).find("e.toml:1"),
              std::string::npos);
    EXPECT_NE(error_of(dir.file("missing.toml")).find("no such configuration file"),
              std::string::npos);
    EXPECT_NE(error_of(write(dir, "f.toml", "[log]\nlevel = \"loud\"\n")).find("log.level"),
              std::string::npos);
    EXPECT_NE(error_of(write(dir, "h.toml", "[web]\nroot_dir = \"dist\"\n")).find("web.root_dir"),
              std::string::npos);
    // Templates are read after this file: their absence names the folder.
    std::filesystem::create_directories(dir.path() / "workflows");
    std::filesystem::copy(testing::source_dir() / "config/workflows/default.toml",
                          dir.path() / "workflows/default.toml");
    EXPECT_NE(error_of(write(dir, "g.toml", "[reports]\ntemplates = \"no-such\"\n")).find("no-such"),
              std::string::npos);
}

TEST(ServerConfig, HostPortParsing) {
    EXPECT_EQ(parse_host_port("127.0.0.1:0")->port, 0);
    EXPECT_EQ(parse_host_port("[::1]:8080")->host, "::1");
    EXPECT_EQ(parse_host_port("example.org:65535")->port, 65535);
    for (auto bad : {"", "8080", ":8080", "host:", "host:65536", "host:80x", "[::1]8080"}) {
        EXPECT_FALSE(parse_host_port(bad).has_value()) << bad;
    }
}

TEST(WorkflowFiles, ShippedWorkflowsLoad) {
    auto specs = load_workflows(testing::source_dir() / "config" / "workflows");
    ASSERT_EQ(specs.size(), 2u);
    EXPECT_EQ(specs[0].id, "default");
    EXPECT_EQ(specs[1].id, "three-stage");
    EXPECT_EQ(specs[0].initial, "draft");
}

TEST(WorkflowFiles, UnknownKeysAreRefused) {
    TempDir dir;
    auto file = write(dir, "w.toml",
                      "id = \"w\"\ninitial = \"a\"\n[[states]]\nid = \"a\"\ncolour = \"red\"\n");
    try {
        load_workflow(file);
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("states[0].colour"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace gongkai::config
