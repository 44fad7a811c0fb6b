// gongkai scan FILE [--json] [--lexicons DIR]: the secrecy pre-review scan (issue #5) of a text
// file or of a report content JSON file. Exit codes: 0 nothing blocks, 1 something blocks
// (a classification marking), 2 (kExitUsage, never a scan result) bad arguments, a file that
// cannot be read or scanned (missing, a folder, invalid UTF-8, a field too large) or unusable
// lexicons, with the reason on stderr. See docs/scanner.md.
#include "commands.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/scanner/scanner.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string_view>

namespace gongkai::cli {

namespace {

namespace fs = std::filesystem;

struct ScanOptions {
    std::string file;
    std::string lexicons;
    bool json = false;
};

// config/lexicons of the source tree the binary was built in (build/bin/gongkai →
// ../../config/lexicons), else of the current folder.
fs::path default_lexicon_dir() {
    std::error_code ec;
    fs::path executable = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path beside = executable.parent_path() / ".." / ".." / "config" / "lexicons";
        if (fs::exists(beside / scanner::Lexicon::kSensitiveFile, ec)) {
            return beside.lexically_normal();
        }
    }
    return fs::path("config") / "lexicons";
}

// The whole file, or nullopt with `why` saying what went wrong (for the error message).
std::optional<std::string> read_file(const std::string& path, std::string& why) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        why = "it is a folder";
        return std::nullopt;
    }
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = errno != 0 ? std::strerror(errno) : "cannot open it";
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        why = "read error";
        return std::nullopt;
    }
    return std::move(content).str();
}

// A file is report content when it is a JSON object; anything else is scanned as text.
std::optional<boost::json::object> as_content(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);  // a byte order mark, as some editors write
    }
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || text[first] != '{') {
        return std::nullopt;
    }
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(text, ec);
    if (ec || !value.is_object()) {
        return std::nullopt;
    }
    return std::move(value.as_object());
}

void print_readable(const std::string& file, bool content, const scanner::ScanResult& result) {
    for (const scanner::Finding& finding : result.findings) {
        std::cout << fmt::format("{:<6}  {:<22}  {}:{}-{}  [{}]\n", to_string(finding.severity),
                                 to_string(finding.rule), finding.field, finding.start, finding.end,
                                 finding.id);
        std::cout << "        " << finding.excerpt << "\n";
        if (finding.suggestion) {
            std::cout << "        suggestion: " << *finding.suggestion << "\n";
        }
    }
    auto counts = result.counts();
    std::cout << fmt::format("{} ({}): {} findings: {} block, {} review, {} info\n", file,
                             content ? "report content" : "text", result.findings.size(),
                             counts.block, counts.review, counts.info);
    if (counts.block > 0) {
        std::cout << "blocked: a classification marking cannot be submitted "
                     "(涉密信息不上网)\n";
    }
}

int run_scan(const ScanOptions& options, const Clock& clock) {
    std::string why;
    auto text = read_file(options.file, why);
    if (!text) {
        std::cerr << "gongkai scan: cannot read " << options.file << ": " << why << "\n";
        return kExitUsage;
    }
    fs::path lexicon_dir =
        options.lexicons.empty() ? default_lexicon_dir() : fs::path(options.lexicons);
    std::shared_ptr<const scanner::Scanner> scanner;
    try {
        scanner = scanner::Scanner::create(scanner::Lexicon::load(lexicon_dir));
    } catch (const Error& e) {
        std::cerr << "gongkai scan: lexicons in " << lexicon_dir.string() << ": " << e.what()
                  << "\n";
        return kExitUsage;
    }
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(clock.now())};
    auto content = as_content(*text);
    scanner::ScanResult result;
    try {
        result = content ? scanner->scan_content(*content, today)
                         : scanner->scan_text(*text, scanner::Scanner::kTextField, today);
    } catch (const Error& e) {
        // Invalid UTF-8 or a field too large: the file cannot be scanned as it is.
        std::cerr << "gongkai scan: " << options.file << ": " << e.what() << "\n";
        return kExitUsage;
    }
    if (options.json) {
        std::cout << boost::json::serialize(to_json(result)) << "\n";
    } else {
        print_readable(options.file, content.has_value(), result);
    }
    return result.blocks() ? kExitFailed : kExitOk;
}

}  // namespace

void add_scan_commands(CLI::App& app, Context& context) {
    auto options = std::make_shared<ScanOptions>();
    auto* scan = app.add_subcommand(
        "scan",
        "Secrecy pre-review scan of a text file or a report content JSON file; exit 0 "
        "when nothing blocks, 1 when something does");
    scan->add_option("FILE", options->file, "Text file, or report content JSON (an object)")
        ->required();
    scan->add_flag("--json", options->json, "Print {findings, counts} as JSON (as the API does)");
    scan->add_option("--lexicons", options->lexicons,
                     "Folder with sensitive.txt and typos.txt (default: config/lexicons next "
                     "to the build, then ./config/lexicons)");
    scan->callback([&context, options] {
        context.action = [&context, options] { return run_scan(*options, context.clock); };
    });
}

}  // namespace gongkai::cli
