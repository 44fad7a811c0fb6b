#include "annual_test_data.hpp"

#include <gongkai/annual/template_registry.hpp>

#include <gtest/gtest.h>

namespace gongkai::annual::testing {
namespace {

// A small but complete template; tests break one thing at a time.
const std::string kMinimal = R"toml(
id = "test-template"
name = "测试模板"
first_year = 2030
title = "{org}{year}年报告"

[[sections]]
key = "overview"
heading = "一、总体情况"

[[sections]]
key = "numbers"
heading = "二、数字"
layout = "matrix"

[[sections.blocks]]
columns = [{ key = "a", label = "甲" }, { key = "total", label = "合计" }]
rows = [{ key = "first", label = "第一" }, { key = "second", label = "第二" }]

[[rules]]
id = "R2"
check = "row_equation"
section = "numbers"
left = ["total"]
right = ["a"]
report_at = "total"
expected = "right"
message = "{row} 合计({left})不等于甲({right})"
)toml";

std::string with(std::string_view from, std::string_view to) {
    std::string text = kMinimal;
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return text;
}

TEST(TemplateRegistryTest, ShippedTemplatesLoad) {
    const auto& registry = shipped_templates();
    EXPECT_EQ(registry.ids(), (std::vector<std::string>{"gov-annual-2019", "gov-annual-2021"}));
    for (const auto& id : registry.ids()) {
        const auto& report_template = *registry.find(id);
        ASSERT_EQ(report_template.sections.size(), 6u) << id;
        const char* keys[] = {"overview",          "proactive", "applications",
                              "review_litigation", "problems",  "other"};
        for (std::size_t i = 0; i < 6; ++i) {
            EXPECT_EQ(report_template.sections[i].key, keys[i]);
        }
        for (const char* rule : {"R1", "R2", "R3", "R4", "R5", "R6", "R7"}) {
            EXPECT_TRUE(std::any_of(report_template.rules.begin(), report_template.rules.end(),
                                    [rule](const RuleSpec& r) { return r.id == rule; }))
                << id << " " << rule;
        }
    }
}

TEST(TemplateRegistryTest, YearSelectsTheDefaultTemplate) {
    const auto& registry = shipped_templates();
    EXPECT_EQ(registry.default_for_year(2018), nullptr);
    EXPECT_EQ(registry.default_for_year(2019)->id, "gov-annual-2019");
    EXPECT_EQ(registry.default_for_year(2020)->id, "gov-annual-2019");
    EXPECT_EQ(registry.default_for_year(2021)->id, "gov-annual-2021");
    EXPECT_EQ(registry.default_for_year(2035)->id, "gov-annual-2021");
}

TEST(TemplateRegistryTest, ContentNamesItsTemplateOrFallsBackToItsYear) {
    const auto& registry = shipped_templates();
    EXPECT_EQ(registry.resolve({{"template", "gov-annual-2019"}, {"year", 2024}})->id,
              "gov-annual-2019");
    EXPECT_EQ(registry.resolve({{"year", 2024}})->id, "gov-annual-2021");
    EXPECT_EQ(registry.resolve({{"template", "nope"}, {"year", 2024}}), nullptr);
    EXPECT_EQ(registry.resolve({}), nullptr);
}

TEST(TemplateRegistryTest, TableTwoMatchesTheFormatDocument) {
    const auto& t2019 = *shipped_templates().find("gov-annual-2019");
    const auto& proactive = *t2019.find_section("proactive");
    std::vector<std::string> rows;
    for (const auto& row : proactive.data_rows) {
        rows.push_back(row.key);
    }
    EXPECT_EQ(rows, (std::vector<std::string>{"rules", "normative_documents", "licensing",
                                              "other_services", "penalty", "coercion", "fees",
                                              "procurement"}));
    const auto& change = proactive.columns_of(*proactive.find_row("fees"))[1];
    EXPECT_EQ(change.key, "change");
    EXPECT_EQ(change.type, CellType::signed_count);
    const auto& t2021 = *shipped_templates().find("gov-annual-2021");
    const auto& fees = *t2021.find_section("proactive")->find_row("fees");
    EXPECT_EQ(t2021.find_section("proactive")->columns_of(fees)[0].type, CellType::amount);
    EXPECT_EQ(t2021.find_section("applications")->find_row("refused_state_secret")->qualified_label,
              "（三）不予公开/1.属于国家秘密");
}

TEST(TemplateRegistryTest, AddingATemplateIsAddingAFile) {
    gongkai::testing::TempDir folder;
    write_file(folder.path() / "a.toml", kMinimal);
    write_file(folder.path() / "README.txt", "not a template");
    auto registry = TemplateRegistry::load_directory(folder.path());
    EXPECT_EQ(registry.ids(), std::vector<std::string>{"test-template"});
    EXPECT_EQ(registry.default_for_year(2031)->title("某局", 2031), "某局2031年报告");
}

TEST(TemplateRegistryTest, BrokenTemplatesAreRefusedWithTheirPlace) {
    const std::vector<std::string> broken = {
        "id = ",                                                               // not TOML
        with("name = \"测试模板\"", "name = \"测试模板\"\ncolour = \"red\""),  // unknown key
        with("label = \"甲\"", "lable = \"甲\""),                              // typo in a column
        with("layout = \"matrix\"", "layout = \"pie\""),
        with("right = [\"a\"]", "right = [\"b\"]"),  // no such column
        with("{row} 合计", "{rows} 合计"),           // bad message pattern
        with("first_year = 2030", "first_year = 30"),
        with("title = \"{org}{year}年报告\"", "title = \"{organisation}\""),
        with("{ key = \"second\", label = \"第二\" }", "{ key = \"first\", label = \"第二\" }"),
        with("key = \"numbers\"", "key = \"year\""),           // reserved JSON key
        with("heading = \"二、数字\"", "heading = \"数字\""),  // no number
    };
    for (const auto& text : broken) {
        TemplateRegistry registry;
        EXPECT_THROW(registry.add_toml(text, "broken.toml"), TemplateError) << text;
    }
    try {
        TemplateRegistry registry;
        registry.add_toml(with("label = \"甲\"", "lable = \"甲\""), "broken.toml");
    } catch (const TemplateError& e) {
        EXPECT_NE(std::string(e.what()).find("broken.toml:"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("lable"), std::string::npos) << e.what();
    }
}

TEST(TemplateRegistryTest, TwoTemplatesMayNotClaimOneYear) {
    TemplateRegistry registry;
    registry.add_toml(kMinimal, "a.toml");
    EXPECT_THROW(registry.add_toml(kMinimal, "again.toml"), TemplateError);
    EXPECT_THROW(registry.add_toml(with("id = \"test-template\"", "id = \"other\""), "b.toml"),
                 TemplateError);
    std::string older = with("first_year = 2030", "first_year = 2020\nlast_year = 2029");
    older.replace(older.find("test-template"), std::string_view("test-template").size(), "older");
    EXPECT_NO_THROW(registry.add_toml(older, "c.toml"));
    EXPECT_EQ(registry.default_for_year(2025)->id, "older");
}

TEST(TemplateRegistryTest, FolderWithoutTemplatesIsAnError) {
    gongkai::testing::TempDir folder;
    EXPECT_THROW(TemplateRegistry::load_directory(folder.path()), TemplateError);
    EXPECT_THROW(TemplateRegistry::load_directory(folder.path() / "missing"), TemplateError);
}

}  // namespace
}  // namespace gongkai::annual::testing
