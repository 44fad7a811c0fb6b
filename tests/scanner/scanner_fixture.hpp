#pragma once

#include <gongkai/scanner/scanner.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::scanner::testing {

// A fixed "today", so that the birth-date check never depends on the real date.
inline constexpr std::chrono::year_month_day kToday{std::chrono::year(2024), std::chrono::month(6),
                                                    std::chrono::day(30)};

// Code points before the first occurrence of `needle` in `text` (for readable positions).
inline std::size_t code_point_offset(std::string_view text, std::string_view needle) {
    auto at = text.find(needle);
    EXPECT_NE(at, std::string_view::npos) << "needle not in text";
    std::size_t count = 0;
    for (std::size_t i = 0; i < at; ++i) {
        count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

inline std::vector<Finding> with_rule(const ScanResult& result, Rule rule) {
    std::vector<Finding> found;
    std::copy_if(result.findings.begin(), result.findings.end(), std::back_inserter(found),
                 [&](const Finding& finding) { return finding.rule == rule; });
    return found;
}

// Scanners built once per test binary: no lexicon, and a small one.
inline std::shared_ptr<const Scanner> bare_scanner() {
    static auto scanner = Scanner::create(Lexicon{});
    return scanner;
}

inline ScanResult scan(std::string_view text) {
    return bare_scanner()->scan_text(text, "body", kToday);
}

// Expects exactly one finding of `rule` in `text`, at [start, end).
inline void expect_one(std::string_view text, Rule rule, std::size_t start, std::size_t end) {
    auto found = with_rule(scan(text), rule);
    ASSERT_EQ(found.size(), 1u) << "in: " << text;
    EXPECT_EQ(found[0].start, start) << "in: " << text;
    EXPECT_EQ(found[0].end, end) << "in: " << text;
    EXPECT_EQ(found[0].severity, severity_of(rule));
}

inline void expect_none(std::string_view text, Rule rule) {
    EXPECT_TRUE(with_rule(scan(text), rule).empty()) << "in: " << text;
}

}  // namespace gongkai::scanner::testing
