#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

namespace gongkai::annual {
class AnnualReports;
}
namespace gongkai::scanner {
class ScannerHolder;
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
    ContentRules() = default;  // notices only, no secrecy scan
    explicit ContentRules(std::shared_ptr<const annual::AnnualReports> annual,
                          std::shared_ptr<scanner::ScannerHolder> scanner = nullptr);
    virtual ~ContentRules() = default;

    virtual bool knows_kind(std::string_view kind) const;
    // Throws Error(validation_failed) for content that cannot be stored as a draft.
    virtual void check_storable(std::string_view kind, const boost::json::object& content) const;
    // `previous_year`: for annual reports, the organisation's published report of the year
    // before (rule R6 compares the carried-over figures); without it R6 is a warning.
    virtual ContentCheck validate(std::string_view kind, const boost::json::object& content,
                                  const boost::json::object* previous_year = nullptr) const;

    // The secrecy pre-review scan of the content: {findings, counts}; nothing without a
    // scanner. `today` dates the birth dates of identity numbers.
    std::optional<boost::json::object> scan(const boost::json::object& content,
                                            std::chrono::year_month_day today) const;
    // Adds every `block` finding (classification markings: 涉密信息不上网) to the errors of
    // `check`, so that submission is refused while one remains.
    void add_blocking_findings(const boost::json::object& content,
                               std::chrono::year_month_day today, ContentCheck& check) const;

    // The annual-report templates, renderer and importer (nullptr when not loaded).
    const annual::AnnualReports* annual() const { return annual_.get(); }
    scanner::ScannerHolder* scanner() const { return scanner_.get(); }

private:
    std::shared_ptr<const annual::AnnualReports> annual_;
    std::shared_ptr<scanner::ScannerHolder> scanner_;
};

}  // namespace gongkai::workflow
