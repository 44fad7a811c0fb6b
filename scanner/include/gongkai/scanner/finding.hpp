#pragma once

// One finding and its JSON form {id, rule, severity, field, start, end, excerpt, suggestion?}.
// Overview of the library: scanner.hpp.

#include <gongkai/scanner/rule.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace gongkai::scanner {

// One thing the reviewer should see. Positions are Unicode code points in the original text
// of `field`; `excerpt` never contains the raw identifier (it shows the masked form).
struct Finding {
    // 16 lower-case hex digits, a keyed hash of rule, field, start, end and the matched text:
    // the same finding in the same text always gets the same id, so a reviewer's disposition
    // can refer to it, and the id cannot be turned back into the identifier without the key.
    std::string id;
    Rule rule = Rule::sensitive_term;
    Severity severity = Severity::review;
    std::string field;  // content path: "body", "title", "sections.overview", "items[2].text"
    std::size_t start = 0;
    std::size_t end = 0;
    std::string excerpt;
    std::optional<std::string> suggestion;  // the replacement for [start, end) (typos)

    bool operator==(const Finding&) const = default;
};

// {id, rule, severity, field, start, end, excerpt, suggestion?}
boost::json::object to_json(const Finding& finding);
// The inverse of to_json, for scans stored as JSON. Throws gongkai::Error(bad_request) when
// a member is missing or has the wrong type, or the rule is unknown.
Finding finding_from_json(const boost::json::value& json);

}  // namespace gongkai::scanner
