#include "annual_test_data.hpp"

#include <gongkai/annual/report_validator.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

namespace gongkai::annual::testing {
namespace {

using Mutation = std::function<void(boost::json::value&)>;

// One way of breaking a correct report, and the problems it must give: exactly these
// rules at exactly these paths, nothing else.
struct BrokenCase {
    std::string name;
    std::string file;  // valid-2019.json or valid-2021.json
    Mutation mutate;
    std::string rule;
    std::set<std::string> paths;
};

std::ostream& operator<<(std::ostream& out, const BrokenCase& c) {
    return out << c.name << " (" << c.file << ")";
}

const std::string k2019 = "valid-2019.json";
const std::string k2021 = "valid-2021.json";

std::vector<BrokenCase> broken_cases() {
    std::vector<BrokenCase> cases;
    for (const auto& file : {k2019, k2021}) {
        // R1: one more carried forward (row total kept right, so R2 holds): the column
        // and the total column no longer balance.
        cases.push_back(
            {"R1_carry_forward_off_by_one",
             file,
             [](boost::json::value& r) {
                 add_to(r, "applications.carried_forward.natural_person", 1);
                 add_to(r, "applications.carried_forward.total", 1);
             },
             "R1",
             {"applications.results_total.natural_person", "applications.results_total.total"}});
        // R2: a row's total moved between two rows (column sums unchanged for R1 and R3).
        cases.push_back({"R2_row_total_wrong",
                         file,
                         [](boost::json::value& r) {
                             add_to(r, "applications.new_received.total", 1);
                             add_to(r, "applications.carried_over.total", -1);
                         },
                         "R2",
                         {"applications.new_received.total", "applications.carried_over.total"}});
        // R3: a result row counted without the 总计 row following it.
        cases.push_back(
            {"R3_results_total_wrong",
             file,
             [](boost::json::value& r) {
                 add_to(r, "applications.granted.research", 2);
                 add_to(r, "applications.granted.total", 2);
             },
             "R3",
             {"applications.results_total.research", "applications.results_total.total"}});
        cases.push_back(
            {"R5_reconsideration_total",
             file,
             [](boost::json::value& r) { add_to(r, "review_litigation.reconsideration.total", 1); },
             "R5",
             {"review_litigation.reconsideration.total"}});
        cases.push_back({"R5_litigation_after_reconsideration",
                         file,
                         [](boost::json::value& r) {
                             add_to(r, "review_litigation.litigation_after_reconsideration.pending",
                                    3);
                         },
                         "R5",
                         {"review_litigation.litigation_after_reconsideration.total"}});
        cases.push_back(
            {"R7_blank_string",
             file,
             [](boost::json::value& r) { at_path(r, "proactive.penalty.decisions") = ""; },
             "R7",
             {"proactive.penalty.decisions"}});
        cases.push_back(
            {"R7_null_cell",
             file,
             [](boost::json::value& r) { at_path(r, "proactive.coercion.decisions") = nullptr; },
             "R7",
             {"proactive.coercion.decisions"}});
        cases.push_back(
            {"R7_missing_cell",
             file,
             [](boost::json::value& r) { erase_path(r, "proactive.licensing.decisions"); },
             "R7",
             {"proactive.licensing.decisions"}});
        cases.push_back(
            {"R7_not_an_integer",
             file,
             [](boost::json::value& r) { at_path(r, "proactive.penalty.decisions") = 1.5; },
             "R7",
             {"proactive.penalty.decisions"}});
        cases.push_back({"R7_huge_count",
                         file,
                         [](boost::json::value& r) {
                             at_path(r, "proactive.penalty.decisions") = std::uint64_t(1) << 63;
                         },
                         "R7",
                         {"proactive.penalty.decisions"}});
        cases.push_back({"schema_unknown_top_level_key",
                         file,
                         [](boost::json::value& r) { at_path(r, "org_name") = "x"; },
                         "schema",
                         {"org_name"}});
        cases.push_back({"schema_unknown_row",
                         file,
                         [](boost::json::value& r) {
                             at_path(r, "applications.granted_typo") = boost::json::object{};
                         },
                         "schema",
                         {"applications.granted_typo"}});
        cases.push_back(
            {"schema_unknown_column",
             file,
             [](boost::json::value& r) { at_path(r, "applications.granted.robots") = 0; },
             "schema",
             {"applications.granted.robots"}});
        cases.push_back({"schema_count_as_string",
                         file,
                         [](boost::json::value& r) {
                             at_path(r, "review_litigation.reconsideration.upheld") = "1";
                         },
                         "schema",
                         {"review_litigation.reconsideration.upheld"}});
        cases.push_back({"schema_missing_row",
                         file,
                         [](boost::json::value& r) { erase_path(r, "proactive.coercion"); },
                         "schema",
                         {"proactive.coercion"}});
        cases.push_back({"schema_missing_table",
                         file,
                         [](boost::json::value& r) { erase_path(r, "review_litigation"); },
                         "schema",
                         {"review_litigation"}});
        cases.push_back({"schema_blank_section",
                         file,
                         [](boost::json::value& r) { at_path(r, "sections.problems") = " \n "; },
                         "schema",
                         {"sections.problems"}});
        cases.push_back({"schema_missing_section",
                         file,
                         [](boost::json::value& r) { erase_path(r, "sections.other"); },
                         "schema",
                         {"sections.other"}});
        cases.push_back({"schema_unknown_section",
                         file,
                         [](boost::json::value& r) { at_path(r, "sections.preface") = "前言"; },
                         "schema",
                         {"sections.preface"}});
        cases.push_back({"schema_note_not_text",
                         file,
                         [](boost::json::value& r) { at_path(r, "notes.applications") = 3; },
                         "schema",
                         {"notes.applications"}});
        cases.push_back({"schema_unknown_template",
                         file,
                         [](boost::json::value& r) { at_path(r, "template") = "gov-annual-1999"; },
                         "schema",
                         {"template"}});
        cases.push_back({"schema_missing_template",
                         file,
                         [](boost::json::value& r) { erase_path(r, "template"); },
                         "schema",
                         {"template"}});
        cases.push_back({"schema_year_not_a_number",
                         file,
                         [](boost::json::value& r) { at_path(r, "year") = "2020"; },
                         "schema",
                         {"year"}});
        cases.push_back({"schema_missing_year",
                         file,
                         [](boost::json::value& r) { erase_path(r, "year"); },
                         "schema",
                         {"year"}});
    }
    // Template-specific cells.
    cases.push_back(
        {"R7_amount_five_decimals",
         k2019,
         [](boost::json::value& r) { at_path(r, "proactive.procurement.amount") = "14.73001"; },
         "R7",
         {"proactive.procurement.amount"}});
    cases.push_back({"R7_amount_negative",
                     k2021,
                     [](boost::json::value& r) { at_path(r, "proactive.fees.amount") = "-3"; },
                     "R7",
                     {"proactive.fees.amount"}});
    cases.push_back({"R7_amount_not_a_number",
                     k2021,
                     [](boost::json::value& r) { at_path(r, "proactive.fees.amount") = "12,5万"; },
                     "R7",
                     {"proactive.fees.amount"}});
    cases.push_back({"schema_amount_as_binary_float",
                     k2021,
                     [](boost::json::value& r) { at_path(r, "proactive.fees.amount") = 12.5; },
                     "schema",
                     {"proactive.fees.amount"}});
    cases.push_back({"R7_negative_count_2019",
                     k2019,
                     [](boost::json::value& r) { at_path(r, "proactive.rules.made") = -1; },
                     "R7",
                     {"proactive.rules.made"}});
    cases.push_back({"R7_negative_count_2021",
                     k2021,
                     [](boost::json::value& r) { at_path(r, "proactive.rules.issued") = -1; },
                     "R7",
                     {"proactive.rules.issued"}});
    cases.push_back({"R3_other_handling_2019",
                     k2019,
                     [](boost::json::value& r) {
                         add_to(r, "applications.other_handling.other_org", 1);
                         add_to(r, "applications.other_handling.total", 1);
                     },
                     "R3",
                     {"applications.results_total.other_org", "applications.results_total.total"}});
    cases.push_back(
        {"R3_other_fee_unpaid_2021",
         k2021,
         [](boost::json::value& r) {
             add_to(r, "applications.other_fee_unpaid.legal_service", 1);
             add_to(r, "applications.other_fee_unpaid.total", 1);
         },
         "R3",
         {"applications.results_total.legal_service", "applications.results_total.total"}});
    cases.push_back({"schema_2021_row_in_2019_report",
                     k2019,
                     [](boost::json::value& r) {
                         at_path(r, "applications.other_other") = boost::json::object{};
                     },
                     "schema",
                     {"applications.other_other"}});
    cases.push_back({"schema_2019_column_in_2021_report",
                     k2021,
                     [](boost::json::value& r) { at_path(r, "proactive.licensing.change") = 1; },
                     "schema",
                     {"proactive.licensing.change"}});
    return cases;
}

class ReportValidatorTest : public ::testing::Test {
protected:
    ReportValidator validator_{shipped_templates()};
};

TEST_F(ReportValidatorTest, CorrectReportsOfBothTemplatesPass) {
    for (const auto& file : {k2019, k2021}) {
        auto result = validator_.validate(load_report(file));
        EXPECT_TRUE(result.ok()) << file << ": " << boost::json::serialize(result.to_json());
        // Without last year's report, R6 cannot be checked: a warning, not an error.
        ASSERT_EQ(result.warnings.size(), 1u) << file;
        EXPECT_EQ(result.warnings[0].rule, "R6");
        EXPECT_EQ(result.warnings[0].path, "applications.carried_over");
    }
}

TEST_F(ReportValidatorTest, NegativeChangeIsAllowed) {
    auto report = load_report(k2019);
    at_path(report, "proactive.licensing.change") = -12;
    EXPECT_TRUE(validator_.validate(report).ok());
}

TEST_F(ReportValidatorTest, AmountsAsIntegersAndShortDecimalsAreAllowed) {
    auto report = load_report(k2019);
    for (boost::json::value amount :
         {boost::json::value(15), boost::json::value("0.0001"), boost::json::value("1234567.5")}) {
        at_path(report, "proactive.procurement.amount") = amount;
        EXPECT_TRUE(validator_.validate(report).ok()) << boost::json::serialize(amount);
    }
}

class BrokenReportTest : public ReportValidatorTest,
                         public ::testing::WithParamInterface<BrokenCase> {};

TEST_P(BrokenReportTest, ReportsTheRuleAtTheCell) {
    const auto& broken = GetParam();
    auto report = load_report(broken.file);
    broken.mutate(report);
    auto result = validator_.validate(report);
    ASSERT_FALSE(result.ok());
    std::set<std::string> paths;
    for (const auto& problem : result.errors) {
        EXPECT_EQ(problem.rule, broken.rule) << problem.path << ": " << problem.message;
        EXPECT_FALSE(problem.message.empty());
        paths.insert(problem.path);
    }
    if (broken.paths.empty()) {
        EXPECT_EQ(result.errors.size(), 1u);
    } else {
        EXPECT_EQ(paths, broken.paths);
    }
}

// The rule and the path stay fields for programs; the message people read names the cell
// by its printed labels and shows no rule id, path or template id.
TEST_P(BrokenReportTest, MessagesShowNoCodes) {
    const auto& broken = GetParam();
    auto report = load_report(broken.file);
    broken.mutate(report);
    for (const auto& result : {validator_.validate(report), validator_.check_draft(report)}) {
        for (const auto* problems : {&result.errors, &result.warnings}) {
            for (const auto& problem : *problems) {
                EXPECT_EQ(codes_in(problem.message), std::vector<std::string>{})
                    << problem.rule << " " << problem.path << ": " << problem.message;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(EveryRule, BrokenReportTest, ::testing::ValuesIn(broken_cases()),
                         [](const ::testing::TestParamInfo<BrokenCase>& test) {
                             return test.param.name + "_" +
                                    (test.param.file == k2019 ? "2019" : "2021");
                         });

TEST_F(ReportValidatorTest, EquationErrorsCarryTheTwoNumbersAndAChineseSentence) {
    auto report = load_report(k2021);
    // The example: 总计列 first + second = 5, third + fourth = 4.
    at_path(report, "applications.new_received.total") = 3;
    at_path(report, "applications.carried_over.total") = 2;
    at_path(report, "applications.results_total.total") = 2;
    at_path(report, "applications.carried_forward.total") = 2;
    auto result = validator_.validate(report);
    auto r1 = std::find_if(result.errors.begin(), result.errors.end(),
                           [](const Problem& p) { return p.rule == "R1"; });
    ASSERT_NE(r1, result.errors.end());
    EXPECT_EQ(r1->path, "applications.results_total.total");
    EXPECT_EQ(r1->message,
              "三、收到和处理政府信息公开申请情况：总计列 第一项加第二项之和(5)不等于第三项加第四项"
              "之和(4)");
    EXPECT_EQ(r1->expected, boost::json::value(5));
    EXPECT_EQ(r1->actual, boost::json::value(4));
}

TEST_F(ReportValidatorTest, EveryProblemIsReportedAtOnce) {
    auto report = load_report(k2021);
    add_to(report, "review_litigation.reconsideration.total", 1);      // R5
    at_path(report, "proactive.rules.issued") = -1;                    // R7
    at_path(report, "unknown") = true;                                 // schema
    add_to(report, "applications.carried_forward.natural_person", 1);  // R1 and R2
    auto result = validator_.validate(report);
    std::set<std::string> rules;
    for (const auto& problem : result.errors) {
        rules.insert(problem.rule);
    }
    EXPECT_EQ(rules, (std::set<std::string>{"R1", "R2", "R5", "R7", "schema"}));
}

TEST_F(ReportValidatorTest, ToJsonHasTheDocumentedShape) {
    auto report = load_report(k2021);
    add_to(report, "review_litigation.reconsideration.total", 1);
    auto json = validator_.validate(report).to_json();
    EXPECT_EQ(json.at("ok"), false);
    ASSERT_EQ(json.at("errors").as_array().size(), 1u);
    const auto& error = json.at("errors").at(0).as_object();
    EXPECT_EQ(error.at("rule"), "R5");
    EXPECT_EQ(error.at("path"), "review_litigation.reconsideration.total");
    EXPECT_TRUE(error.at("message").is_string());
    EXPECT_EQ(error.at("expected"), 2);
    EXPECT_EQ(error.at("actual"), 3);
    EXPECT_EQ(json.at("warnings").as_array().size(), 1u);
    // A problem without numbers has no expected/actual members at all.
    const auto& warning = json.at("warnings").at(0).as_object();
    EXPECT_FALSE(warning.contains("expected"));
    EXPECT_FALSE(warning.contains("actual"));
}

boost::json::value previous_year_of(const boost::json::value& report) {
    boost::json::value previous = report;
    previous.as_object()["year"] = report.at("year").as_int64() - 1;
    // Last year's carried-forward row is this year's carried-over row (R6).
    at_path(previous, "applications.carried_forward") =
        report.at("applications").at("carried_over");
    return previous;
}

TEST_F(ReportValidatorTest, R6PassesWithAMatchingPreviousReport) {
    for (const auto& file : {k2019, k2021}) {
        auto report = load_report(file);
        auto previous = previous_year_of(report);
        auto result = validator_.validate(report, &previous);
        EXPECT_TRUE(result.ok()) << file;
        EXPECT_TRUE(result.warnings.empty()) << file;
    }
}

TEST_F(ReportValidatorTest, R6ReportsEachColumnThatDoesNotCarryOver) {
    for (const auto& file : {k2019, k2021}) {
        auto report = load_report(file);
        auto previous = previous_year_of(report);
        add_to(previous, "applications.carried_forward.commercial", 2);
        add_to(previous, "applications.carried_forward.total", 2);
        auto result = validator_.validate(report, &previous);
        ASSERT_EQ(result.errors.size(), 2u) << file;
        EXPECT_EQ(result.errors[0].rule, "R6");
        EXPECT_EQ(result.errors[0].path, "applications.carried_over.commercial");
        EXPECT_EQ(result.errors[0].expected, boost::json::value(2));
        EXPECT_EQ(result.errors[0].actual, boost::json::value(0));
        EXPECT_EQ(result.errors[1].path, "applications.carried_over.total");
    }
}

TEST_F(ReportValidatorTest, R6WarnsWhenThePreviousReportIsNotLastYears) {
    auto report = load_report(k2021);
    auto previous = previous_year_of(report);
    at_path(previous, "year") = 2019;
    add_to(previous, "applications.carried_forward.commercial", 2);
    auto result = validator_.validate(report, &previous);
    EXPECT_TRUE(result.ok());
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_EQ(result.warnings[0].rule, "R6");
}

TEST_F(ReportValidatorTest, MessagesNameTheCellByItsLabel) {
    auto report = load_report(k2021);
    add_to(report, "applications.new_received.natural_person", 1);  // R1 and R2
    auto result = validator_.validate(report);
    auto r2 = std::find_if(result.errors.begin(), result.errors.end(),
                           [](const Problem& p) { return p.rule == "R2"; });
    ASSERT_NE(r2, result.errors.end());
    EXPECT_EQ(r2->path, "applications.new_received.total");
    EXPECT_NE(r2->message.find("一、本年新收政府信息公开申请数量"), std::string::npos)
        << r2->message;
    EXPECT_EQ(codes_in(r2->message), std::vector<std::string>{}) << r2->message;

    // R6 without last year's report: the rule is a field, the message has no（R6）.
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_EQ(result.warnings[0].rule, "R6");
    EXPECT_EQ(result.warnings[0].message.find("R6"), std::string::npos)
        << result.warnings[0].message;

    // The template named by its title, never by its id.
    at_path(report, "year") = 2020;
    auto wrong_year = validator_.validate(report);
    auto warning = std::find_if(wrong_year.warnings.begin(), wrong_year.warnings.end(),
                                [](const Problem& p) { return p.path == "template"; });
    ASSERT_NE(warning, wrong_year.warnings.end());
    EXPECT_NE(warning->message.find("政府信息公开工作年度报告格式（试行）"), std::string::npos)
        << warning->message;
    EXPECT_EQ(codes_in(warning->message), std::vector<std::string>{}) << warning->message;
}

TEST_F(ReportValidatorTest, TemplateOfTheWrongYearIsAWarning) {
    auto report = load_report(k2019);
    at_path(report, "year") = 2023;
    auto result = validator_.validate(report);
    EXPECT_TRUE(result.ok());
    EXPECT_TRUE(std::any_of(result.warnings.begin(), result.warnings.end(),
                            [](const Problem& p) { return p.path == "template"; }));
}

TEST_F(ReportValidatorTest, NotAnObjectIsOneSchemaError) {
    for (auto value : {boost::json::value(nullptr), boost::json::value(boost::json::array{}),
                       boost::json::value("report")}) {
        auto result = validator_.validate(value);
        ASSERT_EQ(result.errors.size(), 1u);
        EXPECT_EQ(result.errors[0].rule, "schema");
    }
}

TEST_F(ReportValidatorTest, DraftCheckAllowsPartialWork) {
    EXPECT_TRUE(validator_.check_draft(boost::json::object{}).ok());
    auto report = load_report(k2021);
    erase_path(report, "applications.granted");
    erase_path(report, "sections");
    at_path(report, "proactive.rules.issued") = nullptr;
    at_path(report, "proactive.rules.repealed") = "";
    at_path(report, "proactive.penalty.decisions") = -4;
    add_to(report, "review_litigation.reconsideration.total", 1);
    auto result = validator_.check_draft(report);
    EXPECT_TRUE(result.ok()) << boost::json::serialize(result.to_json());
    EXPECT_FALSE(validator_.validate(report).ok());
    // The year alone selects the template.
    EXPECT_TRUE(
        validator_
            .check_draft(boost::json::object{{"year", 2024}, {"proactive", boost::json::object{}}})
            .ok());
}

TEST_F(ReportValidatorTest, DraftCheckRefusesWhatCannotBeStored) {
    std::vector<std::pair<Mutation, std::string>> unstorable = {
        {[](boost::json::value& r) { at_path(r, "template") = "gov-annual-1999"; }, "template"},
        {[](boost::json::value& r) { at_path(r, "surprise") = 1; }, "surprise"},
        {[](boost::json::value& r) { at_path(r, "applications.granted.robots") = 1; },
         "applications.granted.robots"},
        {[](boost::json::value& r) { at_path(r, "applications.granted.total") = "7"; },
         "applications.granted.total"},
        {[](boost::json::value& r) { at_path(r, "applications.granted") = 7; },
         "applications.granted"},
        {[](boost::json::value& r) { at_path(r, "proactive.fees.amount") = 12.5; },
         "proactive.fees.amount"},
        {[](boost::json::value& r) { at_path(r, "sections.overview") = 1; }, "sections.overview"},
        {[](boost::json::value& r) { at_path(r, "year") = "2022"; }, "year"},
    };
    for (const auto& [mutate, path] : unstorable) {
        auto report = load_report(k2021);
        mutate(report);
        auto result = validator_.check_draft(report);
        ASSERT_EQ(result.errors.size(), 1u) << path;
        EXPECT_EQ(result.errors[0].rule, "schema") << path;
        EXPECT_EQ(result.errors[0].path, path);
    }
    // Content without template or year cannot be checked, so it cannot be stored.
    auto orphan = validator_.check_draft(
        boost::json::object{{"sections", boost::json::object{{"overview", "x"}}}});
    ASSERT_EQ(orphan.errors.size(), 1u);
    EXPECT_EQ(orphan.errors[0].path, "template");
}

}  // namespace
}  // namespace gongkai::annual::testing
