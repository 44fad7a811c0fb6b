// The secrecy pre-review scanner (report.scan, every new revision, `gongkai scan`): the
// input as one plain-text field, and, when it is JSON, as the content the server scans
// (an object: every string in it; a string: one text). The shipped lexicons.
//
// Bugs: crashes, sanitizer reports, exceptions other than gongkai::Error; and what the
// library promises about its answers: positions inside the field, the rule's severity, the
// JSON form read back equal, excerpts that do not show their identifier unmasked, redaction
// of the identifier findings accepted and giving valid UTF-8, redaction of any other finding
// refused with gongkai::Error.
#include "support/fuzz_support.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/utf8.hpp>
#include <gongkai/scanner/lexicon.hpp>
#include <gongkai/scanner/scanner.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace gongkai::fuzz {
namespace {

using namespace std::chrono;
using scanner::Finding;
using scanner::ScanResult;

// A fixed "today" (birth dates in identifiers are checked against it).
constexpr year_month_day kToday{year(2024), month(6), day(30)};

const scanner::Scanner& shipped() {
    static const auto compiled =
        scanner::Scanner::create(scanner::Lexicon::load(source_dir() / "config" / "lexicons"));
    return *compiled;
}

// The bytes of code points [start, end) of valid UTF-8 `text`.
std::string_view code_points(std::string_view text, std::size_t start, std::size_t end) {
    std::size_t index = 0;
    std::size_t from = text.size();
    std::size_t to = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (index == start) from = i;
        if (index == end) {
            to = i;
            break;
        }
        ++index;
    }
    return text.substr(from, to - from);
}

void check_result(const ScanResult& result, std::string_view context) {
    for (const auto& finding : result.findings) {
        if (finding.severity != scanner::severity_of(finding.rule) || finding.end < finding.start) {
            report_bug("a finding with a wrong severity or an inverted span",
                       boost::json::serialize(to_json(finding)));
        }
    }
    auto json = to_json(result);
    ScanResult read_back;
    expect_only<>("scan_result_from_json",
                  [&] { read_back = scanner::scan_result_from_json(json); });
    if (!(read_back == result)) {
        report_bug("a scan result read back from its JSON differs", context);
    }
}

void check_text_scan(std::string_view text, const ScanResult& result) {
    const auto length = count_code_points(text);
    std::vector<std::string> maskable;
    std::vector<std::string> words;
    for (const auto& finding : result.findings) {
        if (finding.field != scanner::Scanner::kTextField || finding.end > length) {
            report_bug("a finding outside the text", boost::json::serialize(to_json(finding)));
        }
        if (!scanner::is_maskable(finding.rule)) {
            words.push_back(finding.id);
            continue;
        }
        maskable.push_back(finding.id);
        // Only where the identifier occurs once: another occurrence the rules do not take
        // for an identifier (run into a letter, say) stays as written in the context.
        const auto raw = code_points(text, finding.start, finding.end);
        const bool once = !raw.empty() && text.find(raw) == text.rfind(raw);
        if (once && finding.excerpt.find(raw) != std::string::npos) {
            report_bug("an excerpt shows an identifier unmasked",
                       std::string(scanner::to_string(finding.rule)));
        }
    }
    const auto& scanner = shipped();
    if (!maskable.empty()) {
        std::string redacted;
        expect_only<>("redact_text (identifiers)", [&] {
            redacted = scanner.redact_text(text, scanner::Scanner::kTextField, maskable, kToday);
        });
        if (!is_valid_utf8(redacted)) report_bug("redaction gave invalid UTF-8");
    }
    if (!words.empty()) {
        const bool accepted = expect_only<Error>("redact_text (not identifiers)", [&] {
            scanner.redact_text(text, scanner::Scanner::kTextField,
                                std::vector<std::string>{words.front()}, kToday);
        });
        if (accepted) report_bug("redacting a finding that is not an identifier was accepted");
    }
}

void scan(std::string_view input) {
    const auto& scanner = shipped();
    ScanResult result;
    if (expect_only<Error>("scan_text", [&] {
            result = scanner.scan_text(input, scanner::Scanner::kTextField, kToday);
        })) {
        check_result(result, input);
        check_text_scan(input, result);
    }
    boost::system::error_code ec;
    auto content = boost::json::parse(input, ec);
    if (ec) return;
    if (expect_only<Error>("scan (content)", [&] { result = scanner.scan(content, kToday); })) {
        check_result(result, input);
    }
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    gongkai::fuzz::shipped();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::scan(gongkai::fuzz::as_text(data, size));
    return 0;
}
