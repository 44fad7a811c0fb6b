#include "gongkai/annual/template_json.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace gongkai::annual {

namespace {

std::string_view type_name(CellType type) {
    switch (type) {
        case CellType::count:
            return "count";
        case CellType::signed_count:
            return "signed_count";
        case CellType::amount:
            return "amount";
    }
    return "count";
}

// The same words as the `layout` and `check` keys of the template files.
boost::json::value layout_name(const std::optional<TableLayout>& layout) {
    if (!layout) return nullptr;
    switch (*layout) {
        case TableLayout::blocks:
            return "blocks";
        case TableLayout::matrix:
            return "matrix";
        case TableLayout::grouped_row:
            return "grouped_row";
    }
    return nullptr;
}

std::string_view check_name(RuleCheck check) {
    switch (check) {
        case RuleCheck::column_equation:
            return "column_equation";
        case RuleCheck::row_equation:
            return "row_equation";
        case RuleCheck::carry_over:
            return "carry_over";
        case RuleCheck::cell_values:
            return "cell_values";
        case RuleCheck::not_checkable:
            return "not_checkable";
    }
    return "not_checkable";
}

boost::json::object column_json(const ColumnSpec& column) {
    return {{"key", column.key},
            {"label", column.label},
            {"group", column.group},
            {"type", type_name(column.type)},
            {"value_suffix", column.value_suffix}};
}

boost::json::object row_json(const RowSpec& row) {
    boost::json::array children;
    for (const auto& child : row.children) {
        children.push_back(row_json(child));
    }
    boost::json::value key = nullptr;
    if (row.holds_data()) key = row.key;
    return {{"key", std::move(key)},
            {"label", row.label},
            {"group", row.group},
            {"children", std::move(children)}};
}

boost::json::object block_json(const BlockSpec& block) {
    boost::json::array columns;
    for (const auto& column : block.columns) {
        columns.push_back(column_json(column));
    }
    boost::json::array rows;
    for (const auto& row : block.rows) {
        rows.push_back(row_json(row));
    }
    return {{"title", block.title}, {"columns", std::move(columns)}, {"rows", std::move(rows)}};
}

boost::json::object section_json(const SectionSpec& section) {
    boost::json::array blocks;
    for (const auto& block : section.blocks) {
        blocks.push_back(block_json(block));
    }
    return {{"key", section.key},
            {"number", section.number()},
            {"heading", section.heading},
            {"layout", layout_name(section.layout)},
            {"row_heading", section.row_heading},
            {"column_heading", section.column_heading},
            {"corner_note", section.corner_note},
            {"blocks", std::move(blocks)}};
}

boost::json::object rule_json(const RuleSpec& rule) {
    return {{"id", rule.id},
            {"check", check_name(rule.check)},
            {"section", rule.section},
            {"description", rule.description}};
}

}  // namespace

boost::json::object template_json(const ReportTemplate& report_template) {
    boost::json::array sections;
    for (const auto& section : report_template.sections) {
        sections.push_back(section_json(section));
    }
    boost::json::array rules;
    for (const auto& rule : report_template.rules) {
        rules.push_back(rule_json(rule));
    }
    boost::json::value last_year = nullptr;
    if (report_template.last_year) last_year = *report_template.last_year;
    return {{"id", report_template.id},
            {"name", report_template.name},
            {"issued_by", report_template.issued_by},
            {"first_year", report_template.first_year},
            {"last_year", std::move(last_year)},
            {"title", report_template.title_pattern},
            {"sections", std::move(sections)},
            {"rules", std::move(rules)}};
}

boost::json::array templates_json(const TemplateRegistry& templates) {
    std::vector<const ReportTemplate*> ordered;
    for (const auto& id : templates.ids()) {
        ordered.push_back(templates.find(id));
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const ReportTemplate* a, const ReportTemplate* b) {
                         return a->first_year < b->first_year;
                     });
    boost::json::array result;
    for (const auto* report_template : ordered) {
        result.push_back(template_json(*report_template));
    }
    return result;
}

}  // namespace gongkai::annual
