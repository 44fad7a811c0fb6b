// AnnualReports: the entry point the server calls (validate, render, import, default
// template). The machinery behind it has its own tests; these check the contract.
#include "annual_test_data.hpp"

#include <gongkai/annual/annual_reports.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace gongkai::annual::testing {
namespace {

class AnnualReportsTest : public ::testing::Test {
protected:
    AnnualReports reports_ = AnnualReports::load(templates_dir());

    static boost::json::object report(const std::string& file) {
        return load_report(file).as_object();
    }
};

TEST_F(AnnualReportsTest, DefaultTemplateFollowsTheYear) {
    EXPECT_EQ(reports_.default_template_id(2019), "gov-annual-2019");
    EXPECT_EQ(reports_.default_template_id(2020), "gov-annual-2019");
    EXPECT_EQ(reports_.default_template_id(2021), "gov-annual-2021");
    EXPECT_EQ(reports_.default_template_id(2035), "gov-annual-2021");
    EXPECT_EQ(reports_.default_template_id(2018), std::nullopt);
}

TEST_F(AnnualReportsTest, ValidateAnswersTheDocumentedObject) {
    auto result = reports_.validate(report("valid-2021.json"));
    EXPECT_EQ(result.at("ok"), true) << boost::json::serialize(result);
    EXPECT_TRUE(result.at("errors").as_array().empty());
    ASSERT_EQ(result.at("warnings").as_array().size(), 1u);  // R6 without last year
    EXPECT_EQ(result.at("warnings").at(0).at("rule"), "R6");

    auto broken = report("valid-2021.json");
    at_path(broken.at("applications"), "new_received.total") = 99;  // R1 and R2
    result = reports_.validate(broken);
    EXPECT_EQ(result.at("ok"), false);
    EXPECT_FALSE(reports_.check(broken).ok());
}

TEST_F(AnnualReportsTest, PreviousYearSettlesR6) {
    auto current = report("valid-2019.json");
    auto previous = current;
    previous["year"] = current.at("year").as_int64() - 1;
    previous["applications"].as_object()["carried_forward"] =
        current.at("applications").at("carried_over");
    auto result = reports_.validate(current, &previous);
    EXPECT_EQ(result.at("ok"), true);
    EXPECT_TRUE(result.at("warnings").as_array().empty()) << boost::json::serialize(result);

    at_path(previous["applications"], "carried_forward.total") = 1000;
    result = reports_.validate(current, &previous);
    ASSERT_EQ(result.at("errors").as_array().size(), 1u);
    EXPECT_EQ(result.at("errors").at(0).at("rule"), "R6");
    EXPECT_EQ(result.at("errors").at(0).at("path"), "applications.carried_over.total");
}

TEST_F(AnnualReportsTest, DraftCheckAllowsPartialContent) {
    EXPECT_EQ(reports_.check_draft({{"template", "gov-annual-2021"}}).at("ok"), true);
    EXPECT_EQ(reports_.check_draft({{"template", "gov-annual-2021"}, {"x", 1}}).at("ok"), false);
}

TEST_F(AnnualReportsTest, RenderInBothFormats) {
    auto content = report("valid-2021.json");
    auto html = reports_.render(content, RenderFormat::html, {.org_name = "某某区<人民政府>"});
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(html.find("某某区&lt;人民政府&gt;2022年政府信息公开工作年度报告"), std::string::npos);
    auto text = reports_.render(content, RenderFormat::text, {.org_name = "某某区人民政府"});
    EXPECT_TRUE(text.starts_with("某某区人民政府2022年政府信息公开工作年度报告"));
    EXPECT_THROW(reports_.render({{"year", 1800}}, RenderFormat::html), Error);
}

TEST_F(AnnualReportsTest, ParseRenderFormat) {
    EXPECT_EQ(parse_render_format("html"), RenderFormat::html);
    EXPECT_EQ(parse_render_format("text"), RenderFormat::text);
    EXPECT_EQ(parse_render_format("pdf"), std::nullopt);
    EXPECT_EQ(parse_render_format(""), std::nullopt);
}

TEST_F(AnnualReportsTest, ImportGivesReportAssumptionsAndOrganisation) {
    auto imported = reports_.import_text(read_file(data_dir() / "shuita-2020-annual-report.txt"));
    auto json = imported.to_json();
    EXPECT_EQ(json.at("org_name"), "尧都区水塔街办事处");
    EXPECT_EQ(json.at("report").at("template"), "gov-annual-2019");
    EXPECT_FALSE(json.at("assumptions").as_array().empty());
    EXPECT_EQ(reports_.validate(imported.report).at("ok"), true);

    try {
        (void)reports_.import_text("no report here", {.year = 2020});
        FAIL() << "imported garbage";
    } catch (const ImportError& e) {
        EXPECT_EQ(e.code(), ErrorCode::validation_failed);
        EXPECT_EQ(e.failure(), ImportFailure::not_a_report);
    }
}

TEST_F(AnnualReportsTest, SurvivesBeingMoved) {
    AnnualReports moved(std::move(reports_));
    EXPECT_EQ(moved.validate(report("valid-2019.json")).at("ok"), true);
    EXPECT_EQ(moved.templates().ids().size(), 2u);
}

TEST(AnnualReportsConstruction, RefusesAnEmptyRegistry) {
    EXPECT_THROW(AnnualReports(TemplateRegistry{}), TemplateError);
    EXPECT_THROW(AnnualReports::load(templates_dir() / "no-such-folder"), TemplateError);
}

}  // namespace
}  // namespace gongkai::annual::testing
