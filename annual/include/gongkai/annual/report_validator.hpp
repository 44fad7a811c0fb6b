#pragma once

#include <gongkai/annual/template_registry.hpp>
#include <gongkai/annual/validation_result.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace gongkai::annual {

// Checks annual-report content (the JSON of docs/annual-report.md) against its template:
// the shape (rule "schema") and the arithmetic rules R1–R7 the template lists. Never
// throws for bad content: every problem is returned, at once. Stateless after
// construction; one instance may be shared between threads.
class ReportValidator {
public:
    // `templates` must outlive the validator.
    explicit ReportValidator(const TemplateRegistry& templates);

    // The full check, required before submission. `previous_year` is the same
    // organisation's report of the year before, for R6; without it R6 is a warning.
    ValidationResult validate(const boost::json::value& report,
                              const boost::json::value* previous_year = nullptr) const;
    // The same for content already known to be an object (as the server stores it): no copy.
    ValidationResult validate(const boost::json::object& report,
                              const boost::json::object* previous_year = nullptr) const;

    // The lighter check for saving a draft: only what makes content unstorable (not an
    // object, an unknown or unresolvable template, unknown keys, wrong JSON types, amounts
    // written as binary floating-point numbers). Missing and blank cells, negative numbers
    // and broken sums are allowed: drafters save partial work.
    ValidationResult check_draft(const boost::json::value& report) const;
    ValidationResult check_draft(const boost::json::object& report) const;

private:
    const TemplateRegistry& templates_;
};

}  // namespace gongkai::annual
