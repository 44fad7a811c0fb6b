#include "annual_test_data.hpp"

#include <gongkai/annual/report_validator.hpp>
#include <gongkai/annual/template_json.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace gongkai::annual::testing {
namespace {

boost::json::object shipped(std::string_view id) {
    return template_json(*shipped_templates().find(id));
}

const boost::json::object& section_of(const boost::json::object& json, std::string_view key) {
    for (const auto& section : json.at("sections").as_array()) {
        if (section.at("key").as_string() == key) return section.as_object();
    }
    throw std::runtime_error("no section " + std::string(key));
}

// Every "section.row.column" a table of the JSON describes (rows with a key, at any depth).
void collect_cells(const boost::json::string& section, const boost::json::array& rows,
                   const boost::json::array& columns, std::set<std::string>& cells) {
    for (const auto& row : rows) {
        if (!row.at("key").is_null()) {
            for (const auto& column : columns) {
                cells.insert(std::string(section) + "." + std::string(row.at("key").as_string()) +
                             "." + std::string(column.at("key").as_string()));
            }
        }
        collect_cells(section, row.at("children").as_array(), columns, cells);
    }
}

std::set<std::string> cells_of(const boost::json::object& json) {
    std::set<std::string> cells;
    for (const auto& section : json.at("sections").as_array()) {
        for (const auto& block : section.at("blocks").as_array()) {
            collect_cells(section.at("key").as_string(), block.at("rows").as_array(),
                          block.at("columns").as_array(), cells);
        }
    }
    return cells;
}

// The cells a report's content holds in its table sections.
std::set<std::string> cells_of_report(const boost::json::value& report,
                                      const boost::json::object& json) {
    std::set<std::string> cells;
    for (const auto& section : json.at("sections").as_array()) {
        if (section.at("layout").is_null()) continue;
        std::string key(section.at("key").as_string());
        for (const auto& row : report.at(key).as_object()) {
            for (const auto& cell : row.value().as_object()) {
                cells.insert(key + "." + std::string(row.key()) + "." + std::string(cell.key()));
            }
        }
    }
    return cells;
}

TEST(TemplateJson, TemplatesComeOldestFirstWithTheirYears) {
    auto all = templates_json(shipped_templates());
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].at("id"), "gov-annual-2019");
    EXPECT_EQ(all[0].at("first_year"), 2019);
    EXPECT_EQ(all[0].at("last_year"), 2020);
    EXPECT_EQ(all[1].at("id"), "gov-annual-2021");
    EXPECT_TRUE(all[1].at("last_year").is_null());
    EXPECT_EQ(all[1].at("title"), "{org}{year}年政府信息公开工作年度报告");
    EXPECT_EQ(all[1].at("issued_by"), "国办公开办函〔2021〕30号");
}

TEST(TemplateJson, ApplicationsIsAMatrixWithGroupedColumns) {
    auto json = shipped("gov-annual-2021");
    const auto& applications = section_of(json, "applications");
    EXPECT_EQ(applications.at("number"), "三");
    EXPECT_EQ(applications.at("layout"), "matrix");
    EXPECT_EQ(applications.at("column_heading"), "申请人情况");
    EXPECT_EQ(applications.at("row_heading"), "");  // present, empty
    EXPECT_NE(applications.at("corner_note").as_string().find("勾稽关系"), std::string::npos);
    ASSERT_EQ(applications.at("blocks").as_array().size(), 1u);
    const auto& block = applications.at("blocks").at(0);
    EXPECT_EQ(block.at("title"), "");
    const auto& columns = block.at("columns").as_array();
    ASSERT_EQ(columns.size(), 7u);
    EXPECT_EQ(columns[0], (boost::json::value{{"key", "natural_person"},
                                              {"label", "自然人"},
                                              {"group", ""},
                                              {"type", "count"},
                                              {"value_suffix", ""}}));
    EXPECT_EQ(columns[1].at("key"), "commercial");
    EXPECT_EQ(columns[1].at("group"), "法人或其他组织");
    EXPECT_EQ(columns[6].at("key"), "total");
}

TEST(TemplateJson, HeadingRowsHaveNoKeyButChildren) {
    auto json = shipped("gov-annual-2021");
    const auto& rows = section_of(json, "applications").at("blocks").at(0).at("rows").as_array();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].at("key"), "new_received");
    EXPECT_TRUE(rows[0].at("children").as_array().empty());
    const auto& results = rows[2];
    EXPECT_TRUE(results.at("key").is_null());
    EXPECT_EQ(results.at("label"), "三、本年度办理结果");
    const auto& refused = results.at("children").at(2);
    EXPECT_TRUE(refused.at("key").is_null());
    EXPECT_EQ(refused.at("label"), "（三）不予公开");
    EXPECT_EQ(refused.at("children").at(0).at("key"), "refused_state_secret");
    // Only what a grid needs: the importer's alternative wordings stay out.
    EXPECT_FALSE(results.at("children").at(1).as_object().contains("aliases"));
    EXPECT_EQ(results.at("children").at(1).as_object().size(), 4u);
}

TEST(TemplateJson, OtherLayoutsAndCellTypes) {
    auto json = shipped("gov-annual-2019");
    EXPECT_TRUE(section_of(json, "overview").at("layout").is_null());
    EXPECT_TRUE(section_of(json, "overview").at("blocks").as_array().empty());
    EXPECT_FALSE(section_of(json, "overview").contains("heading_keywords"));
    const auto& proactive = section_of(json, "proactive");
    EXPECT_EQ(proactive.at("layout"), "blocks");
    EXPECT_EQ(proactive.at("row_heading"), "信息内容");
    EXPECT_EQ(proactive.at("blocks").at(0).at("title"), "第二十条第（一）项");
    const auto& change = proactive.at("blocks").at(1).at("columns").at(1);
    EXPECT_EQ(change.at("key"), "change");
    EXPECT_EQ(change.at("type"), "signed_count");
    const auto& amount = proactive.at("blocks").at(4).at("columns").at(1);
    EXPECT_EQ(amount.at("type"), "amount");
    EXPECT_EQ(amount.at("value_suffix"), "万元");
    const auto& litigation = section_of(json, "review_litigation");
    EXPECT_EQ(litigation.at("layout"), "grouped_row");
    EXPECT_EQ(litigation.at("blocks").at(0).at("rows").at(1).at("group"), "行政诉讼");
}

TEST(TemplateJson, RulesSayWhatTheyCheck) {
    auto json = shipped("gov-annual-2021");
    const auto& rules = json.at("rules").as_array();
    ASSERT_EQ(rules.size(), 7u);
    EXPECT_EQ(rules[0], (boost::json::value{{"id", "R1"},
                                            {"check", "column_equation"},
                                            {"section", "applications"},
                                            {"description",
                                             "每一列：本年新收 + 上年结转 = 办理结果总计 + "
                                             "结转下年度继续办理"}}));
    EXPECT_EQ(rules[3].at("check"), "not_checkable");
    EXPECT_EQ(rules[3].at("section"), "");
    EXPECT_EQ(rules[5].at("check"), "carry_over");
    EXPECT_EQ(rules[6].at("check"), "cell_values");
}

// The grid a client draws from the JSON has exactly the cells of the content, and the
// validator names them by the same keys.
TEST(TemplateJson, RowAndColumnKeysAreTheContentsAndTheValidatorsPaths) {
    for (const auto* name : {"valid-2019.json", "valid-2021.json"}) {
        auto report = load_report(name);
        auto json = shipped(report.at("template").as_string());
        auto cells = cells_of(json);
        EXPECT_GT(cells.size(), 150u) << name;  // 表三 alone has 7 columns × 20+ rows
        EXPECT_EQ(cells, cells_of_report(report, json)) << name;
    }
    auto report = load_report("valid-2021.json");
    add_to(report, "applications.new_received.commercial", 1);
    auto result = ReportValidator(shipped_templates()).validate(report);
    auto cells = cells_of(shipped("gov-annual-2021"));
    ASSERT_FALSE(result.errors.empty());
    for (const auto& problem : result.errors) {
        EXPECT_TRUE(cells.contains(problem.path)) << problem.path;
    }
    EXPECT_TRUE(cells.contains("applications.results_total.commercial"));
}

}  // namespace
}  // namespace gongkai::annual::testing
