#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual {

// One version of the national annual-report format, as loaded from
// config/templates/<id>.toml. The validator, the renderer and the importer read the layout
// from here and nowhere else; the structs below are the parts of that one description.

// What a table cell may hold.
enum class CellType {
    count,         // non-negative integer
    signed_count,  // integer that may be negative (本年增/减)
    amount,        // non-negative amount in 万元 with at most four decimals, kept exact
};

// How a table section is laid out on paper (and so in HTML, text and imported text).
enum class TableLayout {
    blocks,  // 表二: one small table per block (第二十条第（一）项 …), rows × block columns
    matrix,       // 表三: a tree of row labels × one set of columns with merged group headers
    grouped_row,  // 表四: the rows are printed side by side as column groups of one data row
};

struct ColumnSpec {
    std::string key;
    std::string label;
    std::string group;  // merged header over neighbouring columns of the same group, or empty
    CellType type = CellType::count;
    std::string value_suffix;  // printed after the value (e.g. 万元), and accepted on import

    // "法人或其他组织/商业企业": the label with its group, for messages.
    std::string qualified_label() const;
};

struct RowSpec {
    std::string key;    // empty for a heading row that only spans its children
    std::string label;  // official wording
    std::string group;  // grouped_row: merged header over neighbouring rows (行政诉讼)
    std::vector<std::string> aliases;  // other wordings the importer accepts
    std::vector<RowSpec> children;     // heading rows only

    bool holds_data() const { return !key.empty(); }
};

// The most columns a block may have (checked when a template is loaded).
inline constexpr std::size_t kMaxColumns = 32;

struct BlockSpec {
    std::string title;  // 第二十条第（一）项; empty in tables of a single block
    std::vector<ColumnSpec> columns;
    std::vector<RowSpec> rows;

    const ColumnSpec* find_column(std::string_view key) const;
};

// A row that holds numbers, flattened out of the row tree in printed order.
struct DataRow {
    std::string key;
    std::string label;
    // The label with its parents below the top level, or its group:
    // "（三）不予公开/1.属于国家秘密", "行政诉讼/复议后起诉".
    std::string qualified_label;
    std::vector<std::string> aliases;
    std::size_t block = 0;  // index into SectionSpec::blocks: the columns of this row
};

struct SectionSpec {
    std::string key;                            // JSON key: "overview", "proactive", …
    std::string heading;                        // official heading, printed
    std::vector<std::string> heading_variants;  // other complete headings the importer accepts
    // The importer also accepts a short line that starts with this section's number (一 …
    // 六) and contains every one of these words.
    std::vector<std::string> heading_keywords;
    std::optional<TableLayout> layout;  // none: a free-text section
    std::string row_heading;            // blocks: the header of the label column (信息内容)
    std::string column_heading;         // matrix: the header over all columns (申请人情况)
    std::string corner_note;            // matrix: the note printed in the top-left corner
    std::vector<BlockSpec> blocks;
    std::vector<DataRow> data_rows;  // derived when loaded

    bool is_table() const { return layout.has_value(); }
    // The section number as printed before "、" in the heading (一 … 六).
    std::string_view number() const;
    const DataRow* find_row(std::string_view row_key) const;
    std::optional<std::size_t> row_index(std::string_view row_key) const;
    const std::vector<ColumnSpec>& columns_of(const DataRow& row) const {
        return blocks[row.block].columns;
    }
};

// The arithmetic rules (勾稽关系) R1–R7 and what each checks.
enum class RuleCheck {
    column_equation,  // for every column: sum of the `left` rows = sum of the `right` rows
    row_equation,     // for every row: sum of the `left` columns = sum of the `right` columns
    carry_over,       // for every column: this year's `row` = last year's `previous_row`
    cell_values,      // every cell filled, of its type, in range
    not_checkable,    // documented only (R4)
};

struct RuleSpec {
    std::string id;  // "R1"
    RuleCheck check = RuleCheck::not_checkable;
    std::string section;
    std::vector<std::string> left;
    std::vector<std::string> right;
    std::string report_at;         // the row (column_equation) or column (row_equation) named
    bool expected_is_left = true;  // which side is reported as `expected`
    std::string row;               // carry_over: this year's row
    std::string previous_row;      // carry_over: last year's row
    std::string description;       // for documentation
    // A fmt pattern with the named arguments row, column, left, right, expected, actual.
    std::string message;
};

struct ReportTemplate {
    std::string id;  // "gov-annual-2021"
    std::string name;
    std::string issued_by;
    int first_year = 0;                 // the report years this template is the default for
    std::optional<int> last_year;       // none: open-ended
    std::string title_pattern;          // "{org}{year}年政府信息公开工作年度报告"
    std::vector<SectionSpec> sections;  // in printed order
    std::vector<RuleSpec> rules;

    const SectionSpec* find_section(std::string_view key) const;
    const RuleSpec* find_rule_by_check(RuleCheck check) const;
    bool covers_year(std::int64_t year) const;
    // The printed title, e.g. 「水塔街道办事处2020年政府信息公开工作年度报告」.
    std::string title(std::string_view org_name, std::optional<std::int64_t> year) const;
};

}  // namespace gongkai::annual
