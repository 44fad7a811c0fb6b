#pragma once

#include <boost/json/object.hpp>

#include <memory>
#include <string>

namespace gongkai::annual {
class AnnualReports;
}

namespace gongkai::testing {

// The real templates of config/templates, loaded once per test program.
std::shared_ptr<const annual::AnnualReports> annual_reports();

// A complete, valid annual report (2021 template) about `year`; R6 has nothing to compare
// with unless the organisation published the year before.
boost::json::object valid_annual_report(int year);

// The text of the sample report (尧都区水塔街办事处 2020), as a word processor copies it out.
std::string sample_report_text();

}  // namespace gongkai::testing
