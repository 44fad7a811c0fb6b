#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gongkai::annual {

// One problem of a report: which rule, which cell, and a sentence a drafter understands.
struct Problem {
    std::string rule;     // "R1" … "R7", or "schema" for the shape of the JSON
    std::string path;     // the cell or field: "applications.results_total.total"
    std::string message;  // Chinese, starts with the section heading where there is one
    std::optional<boost::json::value> expected;  // the two numbers that disagree, if any
    std::optional<boost::json::value> actual;

    // {rule, path, message, expected?, actual?}
    boost::json::object to_json() const;
};

// Every problem found at once, in the order of the report.
struct ValidationResult {
    std::vector<Problem> errors;
    std::vector<Problem> warnings;

    bool ok() const { return errors.empty(); }
    boost::json::array errors_json() const;
    boost::json::array warnings_json() const;
    // {ok, errors: [...], warnings: [...]}: the object `report.validate` and
    // `gongkai report validate --json` return.
    boost::json::object to_json() const;
};

}  // namespace gongkai::annual
