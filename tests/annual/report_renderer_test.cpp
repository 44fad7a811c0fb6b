// Golden files: tests/annual/golden/<report>.<org>.{html,txt}. After an intended change of
// the layout, regenerate them and review the diff:
//   GONGKAI_UPDATE_GOLDEN=1 build/bin/annual_tests --gtest_filter='ReportRendererTest.*Golden*'
#include "annual_test_data.hpp"

#include <gongkai/annual/report_renderer.hpp>
#include <gongkai/annual/text_width.hpp>
#include <gongkai/core/error.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

namespace gongkai::annual::testing {
namespace {

const std::string kOrg = "尧都区水塔街办事处";

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Every label of a template that the official form prints.
std::vector<std::string> official_labels(const ReportTemplate& report_template) {
    std::vector<std::string> labels;
    std::function<void(const std::vector<RowSpec>&)> add_rows =
        [&](const std::vector<RowSpec>& rows) {
            for (const auto& row : rows) {
                labels.push_back(row.label);
                if (!row.group.empty()) {
                    labels.push_back(row.group);
                }
                add_rows(row.children);
            }
        };
    for (const auto& section : report_template.sections) {
        labels.push_back(section.heading);
        for (const auto& text :
             {section.row_heading, section.column_heading, section.corner_note}) {
            if (!text.empty()) {
                labels.push_back(text);
            }
        }
        for (const auto& block : section.blocks) {
            if (!block.title.empty()) {
                labels.push_back(block.title);
            }
            for (const auto& column : block.columns) {
                labels.push_back(column.label);
                if (!column.group.empty()) {
                    labels.push_back(column.group);
                }
            }
            add_rows(block.rows);
        }
    }
    return labels;
}

class ReportRendererTest : public ::testing::Test {
protected:
    ReportRenderer renderer_{shipped_templates()};

    void expect_golden(const std::string& name, const std::string& actual) {
        auto path = golden_dir() / name;
        if (std::getenv("GONGKAI_UPDATE_GOLDEN") != nullptr) {
            write_file(path, actual);
            return;
        }
        std::string expected;
        ASSERT_NO_THROW(expected = read_file(path)) << "regenerate with GONGKAI_UPDATE_GOLDEN=1";
        EXPECT_EQ(actual, expected) << name
                                    << " differs from its golden file; if the change is "
                                       "intended, regenerate with GONGKAI_UPDATE_GOLDEN=1";
    }
};

TEST_F(ReportRendererTest, HtmlMatchesGoldenFiles) {
    for (const std::string name : {"valid-2019", "valid-2021"}) {
        auto report = load_report(name + ".json").as_object();
        expect_golden(name + ".html", renderer_.render_html(report, {kOrg, std::nullopt}));
    }
}

TEST_F(ReportRendererTest, TextMatchesGoldenFiles) {
    for (const std::string name : {"valid-2019", "valid-2021"}) {
        auto report = load_report(name + ".json").as_object();
        expect_golden(name + ".txt", renderer_.render_text(report, {kOrg, std::nullopt}));
    }
}

TEST_F(ReportRendererTest, HtmlContainsEveryOfficialLabelOfItsTemplate) {
    for (const std::string name : {"valid-2019", "valid-2021"}) {
        auto report = load_report(name + ".json").as_object();
        const auto& report_template = *shipped_templates().resolve(report);
        auto html = renderer_.render_html(report, {kOrg, std::nullopt});
        for (const auto& label : official_labels(report_template)) {
            EXPECT_NE(html.find(escaped(label)), std::string::npos) << name << ": " << label;
        }
        EXPECT_NE(html.find("<h1>" + kOrg + std::to_string(report.at("year").as_int64()) +
                            "年政府信息公开工作年度报告</h1>"),
                  std::string::npos);
    }
}

TEST_F(ReportRendererTest, HtmlHasTheOfficialMergedHeaders) {
    for (const std::string name : {"valid-2019", "valid-2021"}) {
        auto report = load_report(name + ".json").as_object();
        const auto& table = *shipped_templates().resolve(report)->find_section("applications");
        auto html = renderer_.render_html(report);
        EXPECT_NE(html.find("<th colspan=\"7\">申请人情况</th>"), std::string::npos);
        EXPECT_NE(html.find("<th colspan=\"5\">法人或其他组织</th>"), std::string::npos);
        // 三、本年度办理结果 spans every result row: all data rows but 一、二 and 四.
        auto result_rows = table.data_rows.size() - 3;
        EXPECT_NE(html.find("rowspan=\"" + std::to_string(result_rows) + "\">三、本年度办理结果"),
                  std::string::npos)
            << name;
        EXPECT_NE(html.find("<th colspan=\"5\" rowspan=\"2\">行政复议</th>"), std::string::npos);
        EXPECT_NE(html.find("<th colspan=\"10\">行政诉讼</th>"), std::string::npos);
        EXPECT_NE(html.find("<th colspan=\"5\">未经复议直接起诉</th>"), std::string::npos);
        EXPECT_NE(html.find("<th colspan=\"5\">复议后起诉</th>"), std::string::npos);
    }
}

TEST_F(ReportRendererTest, HtmlIsSelfContainedAndPrintsOnA4) {
    auto html = renderer_.render_html(load_report("valid-2021.json").as_object());
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_NE(html.find("@media print"), std::string::npos);
    EXPECT_NE(html.find("size: A4"), std::string::npos);
    for (const char* external :
         {"http:", "https:", "src=", "<link", "@import", "url(", "<script"}) {
        EXPECT_EQ(html.find(external), std::string::npos) << external;
    }
}

TEST_F(ReportRendererTest, EveryCellOfAValidReportIsFilled) {
    for (const std::string name : {"valid-2019", "valid-2021"}) {
        auto html = renderer_.render_html(load_report(name + ".json").as_object());
        EXPECT_EQ(html.find("class=\"missing\""), std::string::npos);
        EXPECT_EQ(html.find("<td></td>"), std::string::npos);
    }
}

TEST_F(ReportRendererTest, MissingCellsOfADraftAreMarkedNotInvented) {
    auto report = load_report("valid-2021.json");
    erase_path(report, "applications.granted");
    at_path(report, "proactive.fees.amount") = "not money";
    auto html = renderer_.render_html(report.as_object());
    std::size_t missing = 0;
    for (auto at = html.find("<td class=\"missing\"></td>"); at != std::string::npos;
         at = html.find("<td class=\"missing\"></td>", at + 1)) {
        ++missing;
    }
    EXPECT_EQ(missing, 7u + 1u);
}

TEST_F(ReportRendererTest, TextIsEscapedInHtml) {
    auto report = load_report("valid-2021.json");
    at_path(report, "sections.overview") = "<script>alert('x')</script>\n第二段 & <b>粗</b>";
    at_path(report, "notes.applications") = "<img src=x onerror=alert(1)>";
    auto html = renderer_.render_html(report.as_object(),
                                      {"<iframe>\"机关\"", StatusBanner{"<b>撤回</b>", "", false}});
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<iframe"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>"),
              std::string::npos);
    EXPECT_NE(html.find("<p>第二段 &amp; &lt;b&gt;粗&lt;/b&gt;</p>"), std::string::npos);
    EXPECT_NE(html.find("&lt;iframe&gt;&quot;机关&quot;"), std::string::npos);
}

TEST_F(ReportRendererTest, BannerCanReplaceTheContent) {
    auto report = load_report("valid-2019.json").as_object();
    StatusBanner retracted{"本报告已于2021年3月1日撤回。原因：数据有误。", "", true};
    for (bool as_html : {true, false}) {
        RenderOptions options{kOrg, retracted};
        auto page = as_html ? renderer_.render_html(report, options)
                            : renderer_.render_text(report, options);
        EXPECT_NE(page.find(retracted.text), std::string::npos);
        EXPECT_NE(page.find(kOrg + "2020年政府信息公开工作年度报告"), std::string::npos);
        EXPECT_EQ(page.find("一、总体情况"), std::string::npos);
        EXPECT_EQ(page.find("申请人情况"), std::string::npos);
    }
}

TEST_F(ReportRendererTest, DraftWatermarkIsPrintedAcrossThePage) {
    auto report = load_report("valid-2019.json").as_object();
    auto html =
        renderer_.render_html(report, {kOrg, StatusBanner{"草稿，未经审核", "草稿", false}});
    EXPECT_NE(html.find("<div class=\"watermark\" aria-hidden=\"true\">草稿</div>"),
              std::string::npos);
    EXPECT_NE(html.find("<div class=\"banner\" role=\"note\">草稿，未经审核</div>"),
              std::string::npos);
    EXPECT_NE(html.find("一、总体情况"), std::string::npos);
}

// The preview says what is true of the report in each state of its review.
TEST_F(ReportRendererTest, StampFitsTheStateOfTheReview) {
    struct Expected {
        std::string_view state;
        std::string_view watermark;
        std::string_view says;  // a part of the banner
    };
    for (const auto& expected :
         {Expected{"draft", "草稿", "未经审核"}, Expected{"secrecy_review", "送审稿", "正在审查"},
          Expected{"first_review", "送审稿", "正在审查"},
          Expected{"leader_approval", "待签发", "待领导签发"},
          Expected{"approved", "待发布", "领导已签发"}, Expected{"retracted", "已撤回", "撤回"}}) {
        auto banner = status_banner(expected.state);
        ASSERT_TRUE(banner) << expected.state;
        EXPECT_EQ(banner->watermark, expected.watermark) << expected.state;
        EXPECT_NE(banner->text.find(expected.says), std::string::npos) << expected.state;
        if (expected.state != "draft") {
            EXPECT_EQ(banner->text.find("草稿"), std::string::npos) << expected.state;
        }
    }
    EXPECT_FALSE(status_banner("published"));

    auto report = load_report("valid-2019.json").as_object();
    auto signing = renderer_.render_html(report, {kOrg, status_banner("leader_approval")});
    EXPECT_NE(signing.find(">待签发</div>"), std::string::npos);
    EXPECT_EQ(signing.find("草稿"), std::string::npos);
    auto published = renderer_.render_html(report, {kOrg, status_banner("published")});
    EXPECT_EQ(published.find("class=\"watermark\""), std::string::npos);
    EXPECT_EQ(published.find("class=\"banner\""), std::string::npos);
}

// Every line of a text table that ends in a number ends in the same column: the columns
// are aligned with CJK characters counted two wide.
TEST_F(ReportRendererTest, TextTablesAreAlignedCountingCjkTwoWide) {
    for (const std::string name : {"valid-2019", "valid-2021"}) {
        auto text = renderer_.render_text(load_report(name + ".json").as_object(), {kOrg, {}});
        std::istringstream lines(text);
        std::string line;
        std::vector<std::size_t> widths;
        bool in_table_three = false;
        while (std::getline(lines, line)) {
            if (line.starts_with("三、")) {
                in_table_three = true;
            } else if (line.starts_with("四、政府信息公开")) {
                in_table_three = false;
            }
            if (in_table_three && !line.empty() && line.back() >= '0' && line.back() <= '9') {
                widths.push_back(display_width(line));
            }
        }
        ASSERT_EQ(widths.size(), shipped_templates()
                                     .resolve(load_report(name + ".json").as_object())
                                     ->find_section("applications")
                                     ->data_rows.size())
            << name;
        EXPECT_TRUE(std::all_of(widths.begin(), widths.end(), [&widths](std::size_t w) {
            return w == widths.front();
        })) << name;
    }
}

TEST_F(ReportRendererTest, UnknownTemplateIsAnError) {
    boost::json::object report{{"template", "gov-annual-1999"}, {"year", 1999}};
    EXPECT_THROW(renderer_.render_html(report), Error);
    EXPECT_THROW(renderer_.render_text(boost::json::object{}), Error);
}

TEST_F(ReportRendererTest, RendersForTheYearWhenNoTemplateIsNamed) {
    auto html = renderer_.render_html(boost::json::object{{"year", 2024}});
    EXPECT_NE(html.find("行政规范性文件"), std::string::npos);  // gov-annual-2021
}

}  // namespace
}  // namespace gongkai::annual::testing
