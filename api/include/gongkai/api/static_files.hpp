#pragma once

#include "gongkai/api/http_routes.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace gongkai::api {

// The built browser front-end (web/dist: index.html, assets/*.js, assets/*.css, …), read
// into memory once at start and served from there. Only the files read at start can be
// answered, each under exactly its own path, so no request target can reach anything
// else (no "..", no percent-decoding, no symbolic links followed at request time).
//
//   GET / and /index.html   index.html, Cache-Control: no-cache (it names the assets)
//   GET /assets/<file>      Cache-Control: public, max-age=31536000, immutable (the build
//                           puts a content hash into these names)
//   GET /<other file>       Cache-Control: no-cache
//   GET /favicon.ico        favicon.svg, when the build has no favicon.ico
//
// Every file carries nosniff, no-referrer and X-Frame-Options: DENY; HTML pages also the
// Content-Security-Policy. Without a built front-end, / answers 503 with a page saying how
// to build it. A new build is served after a restart.
class StaticFiles {
public:
    // Most files and bytes read: a web root set to a large folder by mistake stops the
    // load instead of filling the memory.
    static constexpr std::size_t kMaxFiles = 2000;
    static constexpr std::size_t kMaxBytes = 64 * 1024 * 1024;

    // Nothing loaded: / answers 503.
    StaticFiles() = default;
    // Reads every regular file under `root`, recursively, skipping names that start with
    // "." (editor and tool leftovers). A missing root, a root without index.html, an
    // unreadable file or too much data leave nothing loaded; problem() says which.
    static StaticFiles load(const std::filesystem::path& root);

    // index.html (and what came with it) is loaded.
    bool ready() const { return !files_.empty(); }
    // Why nothing is loaded, for the warning at start; empty when ready.
    const std::string& problem() const { return problem_; }
    std::size_t size() const { return files_.size(); }

    // The answer to a GET or HEAD no other route took: a loaded file, the "not built" page
    // for / while not ready, else 404.
    HttpResponse answer(const HttpRequest& request) const;

    // By the file's extension, e.g. "text/javascript; charset=utf-8" for app.js.
    static std::string_view content_type_of(const std::filesystem::path& file);

private:
    struct File {
        std::string body;
        std::string_view content_type;
        std::string_view cache_control;
    };

    void read_tree(const std::filesystem::path& root);
    void alias_favicon();
    void add_file(const std::filesystem::path& root, const std::filesystem::path& file,
                  std::size_t& total_bytes);
    HttpResponse file_answer(const HttpRequest& request, const File& file) const;

    std::map<std::string, File, std::less<>> files_;  // by request path: "/assets/app.js"
    std::string problem_ = "not loaded";
};

}  // namespace gongkai::api
