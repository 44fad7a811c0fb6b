#include "annual_test_data.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/annual/path_labels.hpp>

#include <gtest/gtest.h>

namespace gongkai::annual::testing {
namespace {

const ReportTemplate& shipped(std::string_view id) {
    return *shipped_templates().find(id);
}

TEST(PathLabelsTest, CellsAreNamedByTheirPrintedLabels) {
    const auto& t = shipped("gov-annual-2021");
    EXPECT_EQ(path_label(t, "applications.new_received.natural_person"),
              "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 自然人");
    EXPECT_EQ(path_label_within_section(t, "applications.new_received.natural_person"),
              "一、本年新收政府信息公开申请数量 / 自然人");
    EXPECT_EQ(path_label(t, "applications.refused_state_secret.commercial"),
              "三、收到和处理政府信息公开申请情况 （三）不予公开/1.属于国家秘密 / "
              "法人或其他组织/商业企业");
    EXPECT_EQ(path_label(t, "proactive.rules.issued"),
              "二、主动公开政府信息情况 第二十条第（一）项 规章 / 本年制发件数");
    EXPECT_EQ(path_label(t, "applications.carried_over"),
              "三、收到和处理政府信息公开申请情况 二、上年结转政府信息公开申请数量");
    EXPECT_EQ(path_label(t, "applications"), "三、收到和处理政府信息公开申请情况");
}

TEST(PathLabelsTest, FieldsAreNamedInChinese) {
    const auto& t = shipped("gov-annual-2019");
    EXPECT_EQ(path_label(t, "sections.overview"), "一、总体情况");
    EXPECT_EQ(path_label(t, "notes.applications"),
              "三、收到和处理政府信息公开申请情况（表格说明）");
    EXPECT_EQ(path_label(t, "year"), "报告年度");
    EXPECT_EQ(path_label(t, "template"), "报告模板");
    // What the template does not know is named by the part it does know, never as a path.
    EXPECT_EQ(path_label(t, "applications.robots.total"), "三、收到和处理政府信息公开申请情况");
    EXPECT_EQ(path_label(t, "sections.preface"), "文字部分");
    EXPECT_EQ(path_label(t, "surprise.x"), "报告内容");
    EXPECT_EQ(path_label(t, ""), "报告内容");
}

TEST(PathLabelsTest, EveryCellOfEveryTemplateHasALabelWithoutCodes) {
    for (const auto& id : shipped_templates().ids()) {
        const auto& t = shipped(id);
        for (const auto& section : t.sections) {
            for (const auto& row : section.data_rows) {
                for (const auto& column : section.columns_of(row)) {
                    auto path = section.key + "." + row.key + "." + column.key;
                    auto label = path_label(t, path);
                    EXPECT_TRUE(label.starts_with(section.heading)) << path;
                    EXPECT_NE(label.find(column.label), std::string::npos) << path;
                    EXPECT_EQ(codes_in(label), std::vector<std::string>{}) << path;
                }
            }
        }
    }
}

TEST(PathLabelsTest, TemplatesAreNamedByTheirTitles) {
    EXPECT_EQ(template_title(shipped("gov-annual-2021")),
              "《政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）");
    EXPECT_EQ(template_title(shipped("gov-annual-2019")),
              "《政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）");
}

TEST(PathLabelsTest, AnnualReportsNamesThePathsOfContent) {
    auto reports = AnnualReports::load(templates_dir());
    boost::json::object content{{"year", 2020}};
    EXPECT_EQ(reports.path_label(content, "sections.other"), "六、其他需要报告的事项");
    EXPECT_EQ(reports.path_label(boost::json::object{}, "sections.other"), "报告内容");
}

}  // namespace
}  // namespace gongkai::annual::testing
