#include "gongkai/scanner/finding.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/string.hpp>

#include <limits>
#include <string_view>

namespace gongkai::scanner {

namespace {

[[noreturn]] void malformed(std::string_view what) {
    throw Error(ErrorCode::bad_request, "malformed finding: " + std::string(what));
}

std::string string_member(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || !value->is_string()) {
        malformed(std::string(key) + " must be a string");
    }
    return std::string(value->get_string());
}

std::size_t position_member(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value != nullptr) {
        if (value->is_uint64()) {
            return static_cast<std::size_t>(value->get_uint64());
        }
        if (value->is_int64() && value->get_int64() >= 0) {
            return static_cast<std::size_t>(value->get_int64());
        }
    }
    malformed(std::string(key) + " must be a non-negative integer");
}

}  // namespace

boost::json::object to_json(const Finding& finding) {
    boost::json::object json;
    json["id"] = finding.id;
    json["rule"] = to_string(finding.rule);
    json["severity"] = to_string(finding.severity);
    json["field"] = finding.field;
    json["start"] = finding.start;
    json["end"] = finding.end;
    json["excerpt"] = finding.excerpt;
    if (finding.suggestion) {
        json["suggestion"] = *finding.suggestion;
    }
    return json;
}

Finding finding_from_json(const boost::json::value& json) {
    const auto* object = json.if_object();
    if (object == nullptr) {
        malformed("not an object");
    }
    Finding finding;
    finding.id = string_member(*object, "id");
    auto rule = parse_rule(string_member(*object, "rule"));
    if (!rule) {
        malformed("unknown rule");
    }
    finding.rule = *rule;
    auto severity = parse_severity(string_member(*object, "severity"));
    if (!severity) {
        malformed("unknown severity");
    }
    finding.severity = *severity;
    finding.field = string_member(*object, "field");
    finding.start = position_member(*object, "start");
    finding.end = position_member(*object, "end");
    if (finding.end < finding.start) {
        malformed("end before start");
    }
    finding.excerpt = string_member(*object, "excerpt");
    if (object->contains("suggestion")) {
        finding.suggestion = string_member(*object, "suggestion");
    }
    return finding;
}

}  // namespace gongkai::scanner
