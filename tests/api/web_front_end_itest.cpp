// The browser front-end served by the real server: real HTTP against TestServer (and the
// real gongkai-server binary for --web-root), with a temporary web root.
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>

namespace gongkai::testing {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using namespace std::chrono_literals;
using Response = http::response<http::string_body>;

constexpr const char* kPage = "<!DOCTYPE html><html><body><div id=\"app\"></div></body></html>";
constexpr const char* kScript = "export const answer = 42;";

void write(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
}

// One request, the target sent exactly as given (no normalisation on the way).
Response fetch(const std::string& host, std::uint16_t port, const std::string& target,
               http::verb verb = http::verb::get) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address(host), port});
    http::request<http::empty_body> request{verb, target, 11};
    request.set(http::field::host, host);
    request.keep_alive(false);
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.skip(verb == http::verb::head);  // a HEAD answer announces a body it does not send
    http::read(socket, buffer, parser);
    return parser.release();
}

std::string header(const Response& response, std::string_view name) {
    return std::string(response[name]);
}

// A web root next to a file that must never be served, as config/ is next to web/dist.
class WebFrontEnd : public ::testing::Test {
protected:
    TempDir site_;
    fs::path root_ = [this] {
        write(site_.path() / "dist/index.html", kPage);
        write(site_.path() / "dist/assets/x.js", kScript);
        write(site_.path() / "config/gongkai.toml", "finding_id_key = \"do-not-serve\"");
        return site_.path() / "dist";
    }();
    SystemClock clock_;
    TestServer server_{clock_, [this](api::AppSettings& s) { s.server.web_root = root_; }};

    Response get(const std::string& target, http::verb verb = http::verb::get) {
        return fetch(server_.host(), server_.port(), target, verb);
    }
};

TEST_F(WebFrontEnd, ServesTheIndexAndItsAssets) {
    for (const char* target : {"/", "/index.html"}) {
        auto page = get(target);
        EXPECT_EQ(page.result_int(), 200) << target;
        EXPECT_EQ(page.body(), kPage);
        EXPECT_EQ(header(page, "Content-Type"), "text/html; charset=utf-8");
        EXPECT_EQ(header(page, "Cache-Control"), "no-cache");
        EXPECT_NE(header(page, "Content-Security-Policy").find("frame-ancestors 'none'"),
                  std::string::npos);
        EXPECT_EQ(header(page, "X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(header(page, "Referrer-Policy"), "no-referrer");
        EXPECT_EQ(header(page, "X-Frame-Options"), "DENY");
    }
    auto script = get("/assets/x.js");
    EXPECT_EQ(script.result_int(), 200);
    EXPECT_EQ(script.body(), kScript);
    EXPECT_EQ(header(script, "Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(header(script, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(header(script, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header(script, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(header(script, "X-Frame-Options"), "DENY");

    auto head = get("/assets/x.js", http::verb::head);
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(header(head, "Content-Length"), std::to_string(std::string(kScript).size()));
}

TEST_F(WebFrontEnd, NothingOutsideTheLoadedFilesIsReachable) {
    for (const char* target :
         {"/../config/gongkai.toml", "/%2e%2e/config/gongkai.toml",
          "/%2E%2E%2Fconfig%2Fgongkai.toml", "/assets/../../config/gongkai.toml",
          "/assets/%2e%2e/%2e%2e/config/gongkai.toml", "/..%2fconfig%2fgongkai.toml",
          "/config/gongkai.toml", "/assets/", "/nothing-here"}) {
        auto response = get(target);
        EXPECT_EQ(response.result_int(), 404) << target;
        EXPECT_EQ(response.body().find("do-not-serve"), std::string::npos) << target;
    }
}

TEST_F(WebFrontEnd, TheOtherRoutesKeepPriority) {
    auto health = get("/healthz");
    EXPECT_EQ(health.result_int(), 200);
    EXPECT_EQ(header(health, "Content-Type"), "application/json");
    EXPECT_EQ(get("/metrics").result_int(), 200);
    EXPECT_EQ(get("/public/reports/abc").result_int(), 404);
    auto orgs = get("/public/orgs/shuita/reports");
    EXPECT_EQ(orgs.result_int(), 200);
    EXPECT_TRUE(header(orgs, "Cache-Control").empty());  // not treated as a front-end file
    // The API is still where it was.
    WsClient client(server_.host(), server_.port());
    EXPECT_EQ(client.login("drafter", kDemoPassword).at("user").at("username"), "drafter");
}

TEST(WebFrontEndMissing, TheIndexSaysTheFrontEndIsNotBuilt) {
    SystemClock clock;
    TestServer server(clock);  // its web root does not exist
    auto page = fetch(server.host(), server.port(), "/");
    EXPECT_EQ(page.result_int(), 503);
    EXPECT_EQ(header(page, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body().find("前端尚未构建"), std::string::npos);
    EXPECT_NE(page.body().find("npm run build"), std::string::npos);
    EXPECT_EQ(fetch(server.host(), server.port(), "/", http::verb::head).result_int(), 503);
    EXPECT_EQ(fetch(server.host(), server.port(), "/assets/x.js").result_int(), 404);
    EXPECT_EQ(fetch(server.host(), server.port(), "/healthz").result_int(), 200);
}

// gongkai-server --web-root overrides [web] root of the configuration file.
TEST(WebFrontEndBinary, WebRootFromTheCommandLine) {
    TempDir dir;
    write(dir.path() / "dist/index.html", kPage);
    ChildProcess server({(bin_dir() / "gongkai-server").string(), "--config",
                         (source_dir() / "config/gongkai.toml").string(), "--listen", "127.0.0.1:0",
                         "--db", dir.file("g.db"), "--web-root", (dir.path() / "dist").string()});
    auto line = server.read_line(30s);
    ASSERT_TRUE(line.has_value()) << "gongkai-server printed nothing";
    std::smatch match;
    ASSERT_TRUE(std::regex_match(*line, match, std::regex(R"(listening on ([0-9.]+):(\d+))")))
        << *line;
    auto port = static_cast<std::uint16_t>(std::stoi(match[2]));
    auto page = fetch(match[1], port, "/");
    EXPECT_EQ(page.result_int(), 200);
    EXPECT_EQ(page.body(), kPage);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(), 0);
}

}  // namespace
}  // namespace gongkai::testing
