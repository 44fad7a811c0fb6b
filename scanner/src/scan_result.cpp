#include "gongkai/scanner/scan_result.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/array.hpp>

#include <iterator>

namespace gongkai::scanner {

FindingCounts ScanResult::counts() const {
    FindingCounts counts;
    for (const Finding& finding : findings) {
        switch (finding.severity) {
            case Severity::block:
                ++counts.block;
                break;
            case Severity::review:
                ++counts.review;
                break;
            case Severity::info:
                ++counts.info;
                break;
        }
    }
    return counts;
}

const Finding* ScanResult::find(std::string_view id) const {
    for (const Finding& finding : findings) {
        if (finding.id == id) {
            return &finding;
        }
    }
    return nullptr;
}

void ScanResult::append(ScanResult&& other) {
    findings.insert(findings.end(), std::make_move_iterator(other.findings.begin()),
                    std::make_move_iterator(other.findings.end()));
}

boost::json::object to_json(const ScanResult& result) {
    boost::json::array findings;
    findings.reserve(result.findings.size());
    for (const Finding& finding : result.findings) {
        findings.push_back(to_json(finding));
    }
    FindingCounts counts = result.counts();
    boost::json::object json;
    json["findings"] = std::move(findings);
    json["counts"] = {{"block", counts.block}, {"review", counts.review}, {"info", counts.info}};
    return json;
}

ScanResult scan_result_from_json(const boost::json::value& json) {
    const auto* object = json.if_object();
    const boost::json::value* findings = object ? object->if_contains("findings") : nullptr;
    if (findings == nullptr || !findings->is_array()) {
        throw Error(ErrorCode::bad_request, "malformed scan result: findings must be an array");
    }
    ScanResult result;
    result.findings.reserve(findings->get_array().size());
    for (const auto& finding : findings->get_array()) {
        result.findings.push_back(finding_from_json(finding));
    }
    return result;
}

}  // namespace gongkai::scanner
