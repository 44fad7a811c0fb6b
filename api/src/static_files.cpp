#include "gongkai/api/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace gongkai::api {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// The front-end talks only to this server (the WebSocket and its own files); the report
// previews are same-origin frames; nothing may frame the application itself.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'; object-src 'none'";

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kContentTypes{{
    {".html", kHtml},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
}};

constexpr std::string_view kNotBuiltPage =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<title>前端尚未构建</title></head><body>"
    "<h1>前端尚未构建</h1>"
    "<p>服务器没有找到已构建的浏览器前端（index.html）。请在源代码目录中执行：</p>"
    "<pre>cd web &amp;&amp; npm install &amp;&amp; npm run build</pre>"
    "<p>然后重新启动 gongkai-server（或用 --web-root 指定已构建的目录）。</p>"
    "</body></html>\n";

std::string read_whole_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        throw std::runtime_error("cannot read " + file.string());
    }
    return body;
}

// The request path without its query: "/" stands for the page itself.
std::string_view path_of(std::string_view target) {
    target = target.substr(0, target.find('?'));
    return target == "/" ? std::string_view("/index.html") : target;
}

void add_security_headers(HttpResponse& response, bool html) {
    // HttpRoutes::text has set X-Content-Type-Options: nosniff already.
    if (html) {
        response.set("Content-Security-Policy", kContentSecurityPolicy);
    }
    response.set("Referrer-Policy", "no-referrer");
    response.set(http::field::x_frame_options, "DENY");
}

}  // namespace

std::string_view StaticFiles::content_type_of(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [known, type] : kContentTypes) {
        if (extension == known) return type;
    }
    return "application/octet-stream";
}

StaticFiles StaticFiles::load(const fs::path& root) {
    StaticFiles loaded;
    try {
        loaded.read_tree(root);
    } catch (const std::exception& e) {
        loaded.files_.clear();
        loaded.problem_ = e.what();
        return loaded;
    }
    if (!loaded.files_.contains("/index.html")) {
        loaded.files_.clear();
        loaded.problem_ = root.string() + " has no index.html";
        return loaded;
    }
    loaded.alias_favicon();
    loaded.problem_.clear();
    return loaded;
}

// Browsers ask for /favicon.ico by themselves on pages that name no icon (the public
// report pages are self-contained documents and do not): answer it with the SVG icon rather
// than a 404 in every visitor's console.
void StaticFiles::alias_favicon() {
    auto svg = files_.find(std::string_view("/favicon.svg"));
    if (svg != files_.end() && !files_.contains(std::string_view("/favicon.ico"))) {
        files_.emplace("/favicon.ico", svg->second);
    }
}

void StaticFiles::read_tree(const fs::path& root) {
    if (root.empty() || !fs::is_directory(root)) {
        throw std::runtime_error("no folder " + root.string());
    }
    std::size_t total_bytes = 0;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        if (it->path().filename().string().starts_with('.')) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) {
            add_file(root, it->path(), total_bytes);
        }
    }
}

void StaticFiles::add_file(const fs::path& root, const fs::path& file, std::size_t& total_bytes) {
    // Checked before reading, so that one huge file is not read in vain.
    total_bytes += fs::file_size(file);
    if (files_.size() + 1 > kMaxFiles || total_bytes > kMaxBytes) {
        throw std::runtime_error(root.string() +
                                 " holds more than a built front-end should (is it the right "
                                 "folder?)");
    }
    // Lexically: the iterator's paths are root + names, and a symbolic link inside must keep
    // its own name rather than its target's.
    auto relative = file.lexically_relative(root).generic_string();
    auto cache = relative.starts_with("assets/") ? kImmutable : kRevalidate;
    files_.emplace("/" + relative, File{read_whole_file(file), content_type_of(file), cache});
}

HttpResponse StaticFiles::answer(const HttpRequest& request) const {
    auto path = path_of(request.target());
    if (auto found = files_.find(path); found != files_.end()) {
        return file_answer(request, found->second);
    }
    if (!ready() && path == "/index.html") {
        auto response = HttpRoutes::text(request, http::status::service_unavailable, kHtml,
                                         std::string(kNotBuiltPage));
        response.set(http::field::cache_control, "no-store");
        add_security_headers(response, true);
        return response;
    }
    return HttpRoutes::text(request, http::status::not_found, "text/plain; charset=utf-8",
                            "not found\n");
}

HttpResponse StaticFiles::file_answer(const HttpRequest& request, const File& file) const {
    auto response = HttpRoutes::text(request, http::status::ok, file.content_type, file.body);
    response.set(http::field::cache_control, file.cache_control);
    add_security_headers(response, file.content_type == kHtml);
    return response;
}

}  // namespace gongkai::api
