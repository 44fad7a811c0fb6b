#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <string_view>

namespace gongkai::annual {
class AnnualReports;
}

namespace gongkai::workflow {

// Problems found in a report's content: each {rule, path, message, ...}; `message` is a
// Chinese sentence a drafter understands.
struct ContentCheck {
    boost::json::array errors;
    boost::json::array warnings;
    bool ok() const { return errors.empty(); }
};

// What a report's content must look like, per kind. Drafts may be incomplete, but they
// must have the right shape to be stored at all (check_storable); submission needs the
// full check (validate) to pass.
//
// Kinds: "notice" (an ordinary disclosure item: body and catalogue fields) and, when the
// annual-report templates are loaded, "annual_report" (the national format, checked by
// gongkai::annual: schema and the arithmetic rules R1–R7).
class ContentRules {
public:
    ContentRules() = default;  // notices only
    explicit ContentRules(std::shared_ptr<const annual::AnnualReports> annual);
    virtual ~ContentRules() = default;

    virtual bool knows_kind(std::string_view kind) const;
    // Throws Error(validation_failed) for content that cannot be stored as a draft.
    virtual void check_storable(std::string_view kind, const boost::json::object& content) const;
    // `previous_year`: for annual reports, the organisation's published report of the year
    // before (rule R6 compares the carried-over figures); without it R6 is a warning.
    virtual ContentCheck validate(std::string_view kind, const boost::json::object& content,
                                  const boost::json::object* previous_year = nullptr) const;

    // The annual-report templates, renderer and importer (nullptr when not loaded).
    const annual::AnnualReports* annual() const { return annual_.get(); }

private:
    std::shared_ptr<const annual::AnnualReports> annual_;
};

}  // namespace gongkai::workflow
