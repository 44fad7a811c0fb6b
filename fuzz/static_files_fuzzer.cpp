// The web front-end's file server (api::StaticFiles, every GET that no other route takes):
// the input is a request target, answered by a front-end read from a scratch folder that
// also holds what must never be served (dot-files inside it, a file beside it), directly
// and through HttpRoutes as GET and HEAD.
//
// Bugs: crashes, sanitizer reports, any exception; and any answer other than the one its
// contract gives: exactly the file whose path is the target (query removed, / for
// /index.html, /favicon.ico for favicon.svg), with its content type, else 404.
#include "support/fuzz_support.hpp"

#include <gongkai/api/http_routes.hpp>
#include <gongkai/api/static_files.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace gongkai::fuzz {
namespace {

namespace fs = std::filesystem;
using api::HttpRequest;
using api::HttpResponse;
namespace http = api::http;

constexpr std::string_view kSecret = "GONGKAI-FUZZ-NOT-SERVED";

struct Site {
    ScratchDir dir;
    std::map<std::string, std::string, std::less<>> served;  // request path → body
    api::StaticFiles files;
    api::StaticFiles not_built;  // nothing loaded: / answers 503
    api::HttpRoutes routes;

    Site() {
        const auto root = dir.path() / "dist";
        const std::pair<const char*, const char*> public_files[] = {
            {"index.html", "<!DOCTYPE html><title>公开</title>"},
            {"assets/index-3f9a.js", "console.log(1)"},
            {"assets/index-77c1.css", "body{}"},
            {"favicon.svg", "<svg/>"},
            {"docs/指南.txt", "指南"},
            {"a b.json", "{}"},
            {"%2e%2e.txt", "percent"},
            {"empty.txt", ""},
        };
        for (const auto& [name, body] : public_files) {
            write_at(root / fs::path(name), body);
            served.emplace("/" + std::string(name), body);
        }
        served.emplace("/favicon.ico", "<svg/>");
        for (const char* name : {".env", ".vite/manifest.json", "assets/.cache/x.js"}) {
            write_at(root / name, kSecret);
        }
        write_at(dir.path() / "secret.toml", kSecret);
        files = api::StaticFiles::load(root);
        if (files.size() != served.size()) {
            report_bug("the front-end folder did not load as expected", files.problem());
        }
        routes.add("/healthz", [](const HttpRequest& request) {
            return api::HttpRoutes::text(request, http::status::ok, "text/plain", "ok\n");
        });
        routes.set_fallback([this](const HttpRequest& request) { return files.answer(request); });
    }

    static void write_at(const fs::path& file, std::string_view body) {
        fs::create_directories(file.parent_path());
        write_file(file, body);
    }
};

Site& site() {
    static Site shared;
    return shared;
}

HttpRequest request_for(std::string_view target, http::verb verb) {
    HttpRequest request{verb, target, 11};
    request.set(http::field::host, "localhost");
    return request;
}

void expect_answer(std::string_view target, const HttpResponse& response, http::status status,
                   std::string_view body, std::string_view what) {
    if (response.result() != status || response.body() != body) {
        report_bug(std::string("wrong answer: ") + std::string(what),
                   "status " + std::to_string(response.result_int()) + " for target " +
                       std::string(target));
    }
}

void answer(std::string_view target) {
    auto& shared = site();
    std::string_view path = target.substr(0, target.find('?'));
    if (path == "/") path = "/index.html";
    const auto found = shared.served.find(path);
    const bool known = found != shared.served.end();

    expect_only<>("StaticFiles::answer", [&] {
        const auto get = request_for(target, http::verb::get);
        auto response = shared.files.answer(get);
        if (response.body().find(kSecret) != std::string::npos) {
            report_bug("a file that must not be served was served", target);
        }
        if (known) {
            expect_answer(target, response, http::status::ok, found->second, "a loaded file");
            auto file = found->first == "/favicon.ico" ? std::string("/favicon.svg") : found->first;
            if (response[http::field::content_type] !=
                api::StaticFiles::content_type_of(fs::path(file))) {
                report_bug("a file served with another content type", target);
            }
        } else {
            expect_answer(target, response, http::status::not_found, "not found\n", "no such file");
        }

        auto unbuilt = shared.not_built.answer(get);
        if (path == "/index.html") {
            if (unbuilt.result() != http::status::service_unavailable) {
                report_bug("the page of a missing front-end is not 503", target);
            }
        } else {
            expect_answer(target, unbuilt, http::status::not_found, "not found\n",
                          "nothing is loaded");
        }

        if (!target.starts_with("/healthz")) {
            auto routed = shared.routes.handle(get);
            if (routed.result() != response.result() || routed.body() != response.body()) {
                report_bug("the routes answer a GET otherwise than the files", target);
            }
            auto head = shared.routes.handle(request_for(target, http::verb::head));
            if (head.result() != response.result() || !head.body().empty()) {
                report_bug("a HEAD is answered otherwise than its GET, or with a body", target);
            }
        }
    });
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    gongkai::fuzz::site();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::answer(gongkai::fuzz::as_text(data, size));
    return 0;
}
