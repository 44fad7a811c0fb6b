#include "gongkai/testing/annual_fixtures.hpp"

#include "gongkai/testing/temp_dir.hpp"

#include <gongkai/annual/annual_reports.hpp>

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

namespace gongkai::testing {

namespace {

std::string read_test_data(const std::string& name) {
    std::ifstream in(source_dir() / "tests" / "annual" / "data" / name);
    if (!in) throw std::runtime_error("missing test data " + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::shared_ptr<const annual::AnnualReports> annual_reports() {
    static const auto loaded = std::make_shared<const annual::AnnualReports>(
        annual::AnnualReports::load(source_dir() / "config" / "templates"));
    return loaded;
}

boost::json::object valid_annual_report(int year) {
    auto content = boost::json::parse(read_test_data("valid-2021.json")).as_object();
    content["year"] = year;
    return content;
}

std::string sample_report_text() { return read_test_data("shuita-2020-annual-report.txt"); }

}  // namespace gongkai::testing
