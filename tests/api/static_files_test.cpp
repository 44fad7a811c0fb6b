// The web front-end served from memory: content types, cache and security headers, what
// cannot be reached, and the page that says the front-end is not built.
#include <gongkai/api/http_routes.hpp>
#include <gongkai/api/static_files.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace gongkai::api {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr const char* kImmutable = "public, max-age=31536000, immutable";

void write(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
}

HttpRequest get(std::string target, http::verb verb = http::verb::get) {
    HttpRequest request{verb, target, 11};
    request.set(http::field::host, "localhost");
    return request;
}

std::string header(const HttpResponse& response, std::string_view name) {
    return std::string(response[name]);
}

// A build as `npm run build` leaves it, plus what else a public/ folder may bring.
class StaticFilesTest : public ::testing::Test {
protected:
    TempDir dir_;
    fs::path root_ = dir_.path() / "dist";

    void SetUp() override {
        write(root_ / "index.html", "<!DOCTYPE html><title>公开</title>");
        write(root_ / "assets/index-3f9a.js", "console.log(1)");
        write(root_ / "assets/index-77c1.css", "body{}");
        write(root_ / "assets/font-1.woff2", std::string("wOF2\0\1", 6));
        write(root_ / "logo.svg", "<svg/>");
        write(root_ / "icon.png", "\x89PNG");
        write(root_ / "favicon.ico", "ico");
        write(root_ / "manifest.json", "{}");
        write(root_ / "empty.txt", "");
        write(root_ / ".vite/manifest.json", "{\"secret\":1}");
        write(dir_.path() / "secret.toml", "finding_id_key = \"x\"");
    }
};

TEST_F(StaticFilesTest, ServesEveryFileWithItsContentType) {
    auto files = StaticFiles::load(root_);
    ASSERT_TRUE(files.ready()) << files.problem();
    EXPECT_EQ(files.size(), 9u);  // not .vite/
    const std::pair<const char*, const char*> expected[] = {
        {"/index.html", "text/html; charset=utf-8"},
        {"/assets/index-3f9a.js", "text/javascript; charset=utf-8"},
        {"/assets/index-77c1.css", "text/css; charset=utf-8"},
        {"/assets/font-1.woff2", "font/woff2"},
        {"/logo.svg", "image/svg+xml"},
        {"/icon.png", "image/png"},
        {"/favicon.ico", "image/x-icon"},
        {"/manifest.json", "application/json"},
        {"/empty.txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [target, type] : expected) {
        auto response = files.answer(get(target));
        EXPECT_EQ(response.result(), http::status::ok) << target;
        EXPECT_EQ(header(response, "Content-Type"), type) << target;
        EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(header(response, "Referrer-Policy"), "no-referrer") << target;
        EXPECT_EQ(header(response, "X-Frame-Options"), "DENY") << target;
    }
    EXPECT_EQ(files.answer(get("/assets/index-3f9a.js")).body(), "console.log(1)");
    EXPECT_EQ(files.answer(get("/assets/font-1.woff2")).body().size(), 6u);
    // --web-root dist/ names the same files.
    auto slashed = StaticFiles::load(root_.string() + "/");
    EXPECT_EQ(slashed.answer(get("/assets/index-77c1.css")).body(), "body{}");
    EXPECT_EQ(StaticFiles::content_type_of("x.JS"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticFiles::content_type_of("x.bin"), "application/octet-stream");
}

TEST_F(StaticFilesTest, TheIndexIsRevalidatedAndAssetsAreImmutable) {
    auto files = StaticFiles::load(root_);
    for (const char* target : {"/", "/index.html", "/?next=/reports/3"}) {
        auto page = files.answer(get(target));
        EXPECT_EQ(page.result(), http::status::ok) << target;
        EXPECT_EQ(page.body(), "<!DOCTYPE html><title>公开</title>") << target;
        EXPECT_EQ(header(page, "Cache-Control"), "no-cache") << target;
        EXPECT_EQ(header(page, "Content-Security-Policy"),
                  "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                  "style-src 'self' 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'; "
                  "base-uri 'none'; form-action 'self'; object-src 'none'")
            << target;
    }
    EXPECT_EQ(header(files.answer(get("/assets/index-77c1.css")), "Cache-Control"), kImmutable);
    EXPECT_EQ(header(files.answer(get("/assets/index-3f9a.js?v=2")), "Cache-Control"), kImmutable);
    EXPECT_EQ(header(files.answer(get("/logo.svg")), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, OnlyTheLoadedFilesCanBeReached) {
    auto files = StaticFiles::load(root_);
    // The files were read at start: a change afterwards is not served, nor a new file.
    write(root_ / "later.js", "new");
    for (const char* target :
         {"/later.js", "/../secret.toml", "/assets/../../secret.toml", "/%2e%2e/secret.toml",
          "/%2E%2E%2Fsecret.toml", "/assets/..%2f..%2fsecret.toml", "//etc/passwd",
          "/.vite/manifest.json", "/assets/", "/assets", "/index.html/", "/INDEX.HTML",
          "/assets/index-3f9a.js%00", "index.html", ""}) {
        auto response = files.answer(get(target));
        EXPECT_EQ(response.result(), http::status::not_found) << target;
        EXPECT_EQ(response.body().find("finding_id_key"), std::string::npos) << target;
    }
}

TEST_F(StaticFilesTest, WithoutABuildTheIndexSaysHowToMakeOne) {
    TempDir empty;
    fs::create_directories(empty.path() / "dist/assets");
    write(empty.path() / "dist/assets/orphan.js", "1");
    for (const auto& root : {dir_.path() / "nowhere", empty.path() / "dist", fs::path()}) {
        auto files = StaticFiles::load(root);
        EXPECT_FALSE(files.ready()) << root;
        EXPECT_FALSE(files.problem().empty()) << root;
        for (const char* target : {"/", "/index.html"}) {
            auto page = files.answer(get(target));
            EXPECT_EQ(page.result(), http::status::service_unavailable) << root << target;
            EXPECT_EQ(header(page, "Content-Type"), "text/html; charset=utf-8");
            EXPECT_EQ(header(page, "Cache-Control"), "no-store");
            EXPECT_NE(page.body().find("前端尚未构建"), std::string::npos);
            EXPECT_NE(page.body().find("cd web &amp;&amp; npm install &amp;&amp; npm run build"),
                      std::string::npos);
            EXPECT_FALSE(header(page, "Content-Security-Policy").empty());
        }
        // Nothing of a partial build is served.
        EXPECT_EQ(files.answer(get("/assets/orphan.js")).result(), http::status::not_found);
    }
}

TEST_F(StaticFilesTest, AFolderFarTooLargeIsNotServed) {
    TempDir big;
    write(big.path() / "index.html", "x");
    std::ofstream(big.path() / "huge.bin", std::ios::binary)
        .seekp(StaticFiles::kMaxBytes)
        .put('\0');  // sparse: no real disk space
    auto files = StaticFiles::load(big.path());
    EXPECT_FALSE(files.ready());
    EXPECT_NE(files.problem().find("right folder"), std::string::npos) << files.problem();
}

// In the router the files are the fallback: routes keep priority, HEAD has no body.
TEST_F(StaticFilesTest, RoutesComeFirstAndHeadWorks) {
    auto files = StaticFiles::load(root_);
    HttpRoutes routes;
    routes.add("/healthz", [](const HttpRequest& request) {
        return HttpRoutes::text(request, http::status::ok, "application/json", "{}");
    });
    routes.add("/public/", [](const HttpRequest& request) {
        return HttpRoutes::text(request, http::status::not_found, "text/plain", "public\n");
    });
    routes.set_fallback([&files](const HttpRequest& request) { return files.answer(request); });
    EXPECT_EQ(routes.handle(get("/healthz")).body(), "{}");
    EXPECT_EQ(routes.handle(get("/public/logo.svg")).body(), "public\n");
    EXPECT_EQ(routes.handle(get("/logo.svg")).body(), "<svg/>");
    auto head = routes.handle(get("/assets/index-3f9a.js", http::verb::head));
    EXPECT_EQ(head.result(), http::status::ok);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(header(head, "Content-Length"), "14");
    EXPECT_EQ(header(head, "Cache-Control"), kImmutable);
    EXPECT_EQ(routes.handle(get("/", http::verb::post)).result(), http::status::method_not_allowed);
}

// Pages that name no icon make the browser ask for /favicon.ico: the SVG icon answers.
TEST_F(StaticFilesTest, TheSvgIconAnswersForFaviconIcoWhenTheBuildHasNone) {
    fs::remove(root_ / "favicon.ico");
    write(root_ / "favicon.svg", "<svg>icon</svg>");
    auto files = StaticFiles::load(root_);
    auto icon = files.answer(get("/favicon.ico"));
    EXPECT_EQ(icon.result(), http::status::ok);
    EXPECT_EQ(icon.body(), "<svg>icon</svg>");
    EXPECT_EQ(header(icon, "Content-Type"), "image/svg+xml");

    // A real favicon.ico in the build is served as it is.
    write(root_ / "favicon.ico", "ico");
    EXPECT_EQ(StaticFiles::load(root_).answer(get("/favicon.ico")).body(), "ico");
}

}  // namespace
}  // namespace gongkai::api
