#include "annual_test_data.hpp"

#include <gongkai/annual/import_error.hpp>
#include <gongkai/annual/report_importer.hpp>
#include <gongkai/annual/report_renderer.hpp>
#include <gongkai/annual/report_validator.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace gongkai::annual::testing {
namespace {

const char* const kSample2020 = "shuita-2020-annual-report.txt";  // real, 2019 template
const char* const kSample2021 = "sample-2021-annual-report.txt";  // written for the tests

class ReportImporterTest : public ::testing::Test {
protected:
    ReportImporter importer_{shipped_templates()};
    ReportValidator validator_{shipped_templates()};

    static bool has_assumption(const ImportResult& result, std::string_view kind) {
        return std::any_of(result.assumptions.begin(), result.assumptions.end(),
                           [kind](const ImportAssumption& a) { return a.kind == kind; });
    }

    // The failure an import ends with; fails the test if it does not fail.
    ImportFailure failure_of(std::string_view text, const ImportOptions& options = {}) {
        try {
            auto result = importer_.import_text(text, options);
            ADD_FAILURE() << "imported: " << boost::json::serialize(result.report).substr(0, 300);
        } catch (const ImportError& e) {
            EXPECT_FALSE(std::string(e.what()).empty());
            return e.failure();
        }
        return ImportFailure::empty;
    }
};

TEST_F(ReportImporterTest, RealSampleImportsToAValidReport) {
    auto result = importer_.import_text(read_file(data_dir() / kSample2020));
    const auto& report = result.report;
    auto check = validator_.validate(report);
    EXPECT_TRUE(check.ok()) << boost::json::serialize(check.to_json());

    EXPECT_EQ(report.at("template"), "gov-annual-2019");
    EXPECT_EQ(report.at("year"), 2020);
    EXPECT_EQ(result.org_name, "尧都区水塔街办事处");
    EXPECT_EQ(report.at("proactive").at("procurement"),
              (boost::json::object{{"projects", 15}, {"amount", "14.73"}}));
    for (const auto& [row, cells] : report.at("applications").as_object()) {
        EXPECT_EQ(cells.at("total"), 0) << row;
    }
    for (const auto& [group, cells] : report.at("review_litigation").as_object()) {
        for (const auto& [column, value] : cells.as_object()) {
            EXPECT_EQ(value, 0) << group << "." << column;
        }
    }
}

TEST_F(ReportImporterTest, RealSampleKeepsItsParagraphsAndSaysWhatItAssumed) {
    auto result = importer_.import_text(read_file(data_dir() / kSample2020));
    const auto& sections = result.report.at("sections").as_object();
    std::string overview(sections.at("overview").as_string());
    // The introduction above 一、总体情况, then the four numbered paragraphs.
    EXPECT_EQ(std::count(overview.begin(), overview.end(), '\n'), 4);
    EXPECT_TRUE(overview.starts_with("按照《临汾市尧都区人民政府办公室"));
    EXPECT_NE(overview.find("\n（四)加强审核、保障安全。"), std::string::npos);
    EXPECT_TRUE(std::string(sections.at("problems").as_string())
                    .starts_with("（一）存在的主要问题和困难。"));
    EXPECT_EQ(sections.at("other"), "无");

    for (const char* kind : {"organisation", "year", "template", "preamble", "blank_cells"}) {
        EXPECT_TRUE(has_assumption(result, kind)) << kind;
    }
    auto blank = std::find_if(result.assumptions.begin(), result.assumptions.end(),
                              [](const ImportAssumption& a) { return a.kind == "blank_cells"; });
    // The applicant columns of table 三 are blank in the sample; 总计 is filled.
    EXPECT_EQ(blank->paths.size(), 23u * 6u);
    EXPECT_EQ(blank->paths.front(), "applications.new_received.natural_person");
    EXPECT_FALSE(has_assumption(result, "ignored_text"));
}

// The notes say in the printed labels which cells were read as 0 and which template was
// chosen; the paths stay in `paths` for programs.
TEST_F(ReportImporterTest, NotesNameCellsAndTemplatesByTheirLabels) {
    for (const char* sample : {kSample2020, kSample2021}) {
        auto result = importer_.import_text(read_file(data_dir() / sample));
        for (const auto& assumption : result.assumptions) {
            EXPECT_EQ(codes_in(assumption.message), std::vector<std::string>{})
                << sample << ": " << assumption.message;
        }
    }
    auto result = importer_.import_text(read_file(data_dir() / kSample2020));
    auto blank = std::find_if(result.assumptions.begin(), result.assumptions.end(),
                              [](const ImportAssumption& a) { return a.kind == "blank_cells"; });
    ASSERT_NE(blank, result.assumptions.end());
    EXPECT_NE(blank->message.find("138 个空白单元格按 0 读取"), std::string::npos)
        << blank->message;
    EXPECT_NE(blank->message.find("“一、本年新收政府信息公开申请数量 / 自然人”"), std::string::npos)
        << blank->message;
    auto chosen = std::find_if(result.assumptions.begin(), result.assumptions.end(),
                               [](const ImportAssumption& a) { return a.kind == "template"; });
    ASSERT_NE(chosen, result.assumptions.end());
    EXPECT_NE(chosen->message.find("《政府信息公开工作年度报告格式（试行）》"), std::string::npos)
        << chosen->message;

    ImportOptions options;
    options.template_id = "gov-annual-2019";
    for (const auto& assumption :
         importer_.import_text(read_file(data_dir() / kSample2020), options).assumptions) {
        EXPECT_EQ(codes_in(assumption.message), std::vector<std::string>{}) << assumption.message;
    }
}

TEST_F(ReportImporterTest, Template2021ReportImportsToTheSameNumbers) {
    auto result = importer_.import_text(read_file(data_dir() / kSample2021));
    auto expected = load_report("valid-2021.json");
    const auto& report = result.report;
    EXPECT_TRUE(validator_.validate(report).ok());
    EXPECT_EQ(report.at("template"), "gov-annual-2021");
    EXPECT_EQ(report.at("year"), 2022);
    EXPECT_EQ(result.org_name, "某某市某某区人民政府办公室");
    for (const char* table : {"proactive", "applications", "review_litigation"}) {
        EXPECT_EQ(report.at(table), expected.at(table)) << table;
    }
    // 五 in its longer wording, and the paragraph below table 四 kept as its note.
    EXPECT_TRUE(std::string(report.at("sections").at("problems").as_string())
                    .starts_with("（一）存在的主要问题"));
    EXPECT_EQ(report.at("notes").at("review_litigation"),
              "注：2022年本机关未发生政府信息公开行政诉讼败诉案件。");
}

TEST_F(ReportImporterTest, OptionsOverrideYearAndTemplate) {
    ImportOptions options;
    options.year = 2020;
    options.template_id = "gov-annual-2019";
    auto result = importer_.import_text(read_file(data_dir() / kSample2020), options);
    EXPECT_EQ(result.report.at("year"), 2020);

    options.template_id = "gov-annual-2021";  // the wrong one: rows cannot be found
    EXPECT_EQ(failure_of(read_file(data_dir() / kSample2020), options), ImportFailure::bad_table);
    options.template_id = "gov-annual-1999";
    EXPECT_EQ(failure_of(read_file(data_dir() / kSample2020), options),
              ImportFailure::unknown_template);
    options.template_id.clear();
    options.year = 99999;
    EXPECT_EQ(failure_of(read_file(data_dir() / kSample2020), options),
              ImportFailure::unknown_year);
}

TEST_F(ReportImporterTest, EmptyTextIsRefused) {
    EXPECT_EQ(failure_of(""), ImportFailure::empty);
    EXPECT_EQ(failure_of(" \n\t\r\n\u3000\n"), ImportFailure::empty);
    EXPECT_EQ(failure_of("\xEF\xBB\xBF"), ImportFailure::empty);
}

TEST_F(ReportImporterTest, BinaryGarbageIsRefused) {
    std::mt19937 random(4);
    std::string garbage(64 * 1024, '\0');
    for (auto& byte : garbage) {
        byte = static_cast<char>(random() & 0xFF);
    }
    EXPECT_EQ(failure_of(garbage), ImportFailure::not_utf8);
    EXPECT_EQ(failure_of(std::string("\xB6\xFE\xA1\xA2\xD6\xF7\xB6\xAF", 8)),  // GBK text
              ImportFailure::not_utf8);
}

TEST_F(ReportImporterTest, FiveMegabytesOfNoiseIsRefused) {
    std::string noise;
    noise.reserve(5 * 1024 * 1024);
    std::mt19937 random(5);
    const std::string pieces[] = {"信息", "公开", "\t", "\n", "0", "12", "年", "报告", "、", " "};
    while (noise.size() < 5 * 1024 * 1024) {
        noise += pieces[random() % std::size(pieces)];
    }
    EXPECT_EQ(failure_of(noise), ImportFailure::too_large);
    // The same noise under the size limit is read to the end and found to be no report.
    ImportOptions unlimited;
    unlimited.max_bytes = noise.size();
    EXPECT_EQ(failure_of(noise, unlimited), ImportFailure::not_a_report);
}

TEST_F(ReportImporterTest, TextWithoutHeadingsIsNotAReport) {
    EXPECT_EQ(failure_of("关于停水的通知\n明日 8 时至 12 时停水。\n"), ImportFailure::not_a_report);
}

TEST_F(ReportImporterTest, MissingTableIsRefused) {
    auto text = read_file(data_dir() / kSample2020);
    auto start = text.find("三、收到和处理政府信息公开申请情况");
    auto end = text.find("四、政府信息公开行政复议");
    text.erase(start, end - start);
    EXPECT_EQ(failure_of(text), ImportFailure::missing_section);
}

TEST_F(ReportImporterTest, DamagedTablesAreRefusedNotGuessed) {
    auto sample = read_file(data_dir() / kSample2020);
    auto replace = [&sample](std::string_view from, std::string_view to) {
        std::string text = sample;
        auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        return text;
    };
    // A number that is none.
    EXPECT_EQ(failure_of(replace("\t   15\n", "\t十五\n")), ImportFailure::bad_table);
    // A row label gone: its numbers belong nowhere.
    EXPECT_EQ(failure_of(replace("\t（一）予以公开\n", "\t\n")), ImportFailure::bad_table);
    // A row with a value too few.
    EXPECT_EQ(failure_of(replace("\t政府集中采购\n\t   15\n", "\t政府集中采购\n")),
              ImportFailure::bad_table);
    // A row with a value too many.
    EXPECT_EQ(failure_of(replace("\t14.73万元\n", "\t14.73万元\n\t3\n")), ImportFailure::bad_table);
    // A row twice.
    EXPECT_EQ(failure_of(replace("\t规范性文件\n", "\t规章\n")), ImportFailure::bad_table);
}

// Deleting any single line of the sample either makes the import fail or leaves every
// number as it was: a damaged table never turns into different numbers.
TEST_F(ReportImporterTest, NoSingleDeletedLineChangesANumberSilently) {
    auto sample = read_file(data_dir() / kSample2020);
    auto original = importer_.import_text(sample).report;
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < sample.size(); ++i) {
        if (sample[i] == '\n') {
            starts.push_back(i + 1);
        }
    }
    std::size_t refused = 0;
    for (std::size_t line = 0; line + 1 < starts.size(); ++line) {
        std::string text = sample;
        text.erase(starts[line], starts[line + 1] - starts[line]);
        try {
            auto report = importer_.import_text(text).report;
            for (const char* table : {"proactive", "applications", "review_litigation"}) {
                EXPECT_EQ(report.at(table), original.at(table)) << "line " << line + 1;
            }
        } catch (const ImportError&) {
            ++refused;
        }
    }
    EXPECT_GT(refused, 100u);
}

// Truncated copies (the clipboard cut short) fail cleanly or import what is there.
TEST_F(ReportImporterTest, TruncatedTextNeverCrashes) {
    auto sample = read_file(data_dir() / kSample2021);
    for (std::size_t size = 0; size < sample.size(); size += 37) {
        try {
            (void)importer_.import_text(sample.substr(0, size));
        } catch (const ImportError&) {
        }
    }
}

// Random edits with the pieces a report is made of (tabs, line breaks, digits, headings,
// row labels): the import fails cleanly or gives a report that the validator and the
// renderer take without crashing (the point of running this under ASan/UBSan).
TEST_F(ReportImporterTest, RandomlyEditedTextNeverCrashes) {
    const auto sample = read_file(data_dir() / kSample2020);
    const std::string pieces[] = {"\t",
                                  "\n",
                                  "0",
                                  "17",
                                  "\u3000",
                                  "一、总体情况\n",
                                  "（一）予以公开",
                                  "万元",
                                  "四、结转下年度继续办理",
                                  "\t\t\n",
                                  "2021年",
                                  "-",
                                  "３"};
    ReportRenderer renderer(shipped_templates());
    std::mt19937 random(7);
    std::size_t imported = 0;
    for (int round = 0; round < 150; ++round) {
        std::string text = sample;
        for (int edit = 0; edit < 4; ++edit) {
            // Cut and insert only before ASCII bytes, so the text stays valid UTF-8.
            std::size_t at = random() % text.size();
            while (at > 0 && (static_cast<unsigned char>(text[at]) & 0x80) != 0) {
                --at;
            }
            std::size_t cut = std::min<std::size_t>(random() % 3, text.size() - at);
            while (at + cut < text.size() && (static_cast<unsigned char>(text[at + cut]) & 0x80)) {
                ++cut;
            }
            text.replace(at, cut, pieces[random() % std::size(pieces)]);
        }
        try {
            auto result = importer_.import_text(text);
            (void)validator_.validate(result.report);
            EXPECT_FALSE(renderer.render_html(result.report).empty());
            ++imported;
        } catch (const ImportError& e) {
            EXPECT_FALSE(std::string(e.what()).empty());
        }
    }
    EXPECT_GT(imported, 0u);
}

TEST_F(ReportImporterTest, HeadingVariantsAndWordProcessorQuirksAreTolerated) {
    auto text = read_file(data_dir() / kSample2020);
    auto replace = [&text](std::string_view from, std::string_view to) {
        auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
    };
    replace("四、政府信息公开行政复议、行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况");
    replace("五、存在的主要问题及改进措施", "五．存在的主要问题及改进情况");
    replace("\t1.属于国家秘密", "\t1、属于国家秘密");
    replace("\t规章", "\t规\u3000章");
    replace("\t   15", "\t１５个");
    auto result = importer_.import_text(text);
    EXPECT_TRUE(validator_.validate(result.report).ok());
    EXPECT_EQ(result.report.at("proactive").at("procurement").at("projects"), 15);
    EXPECT_NE(
        std::string(result.report.at("sections").at("problems").as_string()).find("（二）具体的"),
        std::string::npos);
}

// In a copy with one row per line, a line break inside a label cell splits it in two.
TEST_F(ReportImporterTest, LabelBrokenOverTwoCellsIsJoined) {
    auto text = read_file(data_dir() / kSample2021);
    auto at = text.find("（二）部分公开\t");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::string_view("（二）部分公开\t").size(),
                 "（二）部分公开（区分处理的，只计这一\t情形，不计其他情形）\t");
    auto result = importer_.import_text(text);
    EXPECT_EQ(result.report.at("applications"), load_report("valid-2021.json").at("applications"));
}

TEST_F(ReportImporterTest, YearIsRequiredWhenTheTitleHasNone) {
    auto text = read_file(data_dir() / kSample2020);
    text.replace(text.find("2020年政务信息公开"), 4, "本");
    EXPECT_EQ(failure_of(text), ImportFailure::unknown_year);
    ImportOptions options;
    options.year = 2020;
    EXPECT_EQ(importer_.import_text(text, options).report.at("year"), 2020);
}

TEST_F(ReportImporterTest, ImportErrorIsAnApiError) {
    try {
        importer_.import_text("");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::validation_failed);
        EXPECT_EQ(e.details().at("import_failure"), "empty");
    }
}

}  // namespace
}  // namespace gongkai::annual::testing
