#pragma once

// The findings of one scan and the {findings, counts} JSON object shared by the API and the
// CLI. Overview of the library: scanner.hpp.

#include <gongkai/scanner/finding.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace gongkai::scanner {

struct FindingCounts {
    std::size_t block = 0;
    std::size_t review = 0;
    std::size_t info = 0;

    bool operator==(const FindingCounts&) const = default;
};

// The findings of one scan, in document order (field by field, then by position).
struct ScanResult {
    std::vector<Finding> findings;

    FindingCounts counts() const;
    bool blocks() const { return counts().block > 0; }
    // The finding with this id, or nullptr.
    const Finding* find(std::string_view id) const;
    // Appends the findings of another scan (another field of the same content).
    void append(ScanResult&& other);

    bool operator==(const ScanResult&) const = default;
};

// {findings: [...], counts: {block, review, info}}: the same object for the CLI and the API.
boost::json::object to_json(const ScanResult& result);
// The inverse of to_json (counts are recomputed, not trusted). Throws gongkai::Error
// (bad_request) on a malformed object.
ScanResult scan_result_from_json(const boost::json::value& json);

}  // namespace gongkai::scanner
