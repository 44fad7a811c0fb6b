#include "template_parser.hpp"

#include "gongkai/annual/template_registry.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gongkai::annual {

namespace {

// Keys of the report JSON that are not sections; a section may not take one of them.
constexpr std::string_view kReservedKeys[] = {"template", "year", "sections", "notes"};

// Reads the fields of one TOML table, remembering which keys were asked for, so that the
// rest can be refused as unknown.
class FieldReader {
public:
    // Refuses every key of `table` not in `allowed` at once, before anything is read, so
    // that a misspelt key is reported as such (not as the missing key it was meant to be).
    FieldReader(const toml::table& table, std::string where, std::string_view source,
                std::initializer_list<std::string_view> allowed)
        : table_(table), where_(std::move(where)), source_(source) {
        for (const auto& [key, node] : table_) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                fail(&node, fmt::format("unknown key “{}”", key.str()));
            }
        }
    }

    const std::string& where() const { return where_; }

    std::string required_string(std::string_view key) {
        auto value = optional_string(key);
        if (value.empty()) {
            fail(&table_, fmt::format("“{}” is required and must be a non-empty string", key));
        }
        return value;
    }

    std::string optional_string(std::string_view key) {
        const toml::node* node = lookup(key);
        if (node == nullptr) {
            return {};
        }
        auto value = node->value_exact<std::string>();
        if (!value) {
            fail(node, fmt::format("“{}” must be a string", key));
        }
        return *value;
    }

    std::vector<std::string> strings(std::string_view key) {
        std::vector<std::string> result;
        const toml::node* node = lookup(key);
        if (node == nullptr) {
            return result;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            fail(node, fmt::format("“{}” must be an array of strings", key));
        }
        for (const auto& element : *array) {
            auto value = element.value_exact<std::string>();
            if (!value || value->empty()) {
                fail(&element, fmt::format("“{}” must hold non-empty strings", key));
            }
            result.push_back(*value);
        }
        return result;
    }

    std::optional<std::int64_t> optional_int(std::string_view key) {
        const toml::node* node = lookup(key);
        if (node == nullptr) {
            return std::nullopt;
        }
        auto value = node->value_exact<std::int64_t>();
        if (!value) {
            fail(node, fmt::format("“{}” must be an integer", key));
        }
        return value;
    }

    // An array of tables, written either as [[key]] sections or inline; empty when absent.
    std::vector<const toml::table*> tables(std::string_view key) {
        std::vector<const toml::table*> result;
        const toml::node* node = lookup(key);
        if (node == nullptr) {
            return result;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            fail(node, fmt::format("“{}” must be an array of tables", key));
        }
        for (const auto& element : *array) {
            const toml::table* table = element.as_table();
            if (table == nullptr) {
                fail(&element, fmt::format("“{}” must be an array of tables", key));
            }
            result.push_back(table);
        }
        return result;
    }

    // Refuses keys that are allowed in such a table, but not with the other values it has.
    void refuse(std::initializer_list<std::string_view> keys, std::string_view reason) const {
        for (auto key : keys) {
            if (const toml::node* node = table_.get(key)) {
                fail(node, fmt::format("“{}” is not used {}", key, reason));
            }
        }
    }

    [[noreturn]] void fail(const toml::node* node, const std::string& message) const {
        const toml::node* at = node != nullptr ? node : &table_;
        throw TemplateError(
            fmt::format("{}:{}: {}: {}", source_, at->source().begin.line, where_, message));
    }

private:
    const toml::node* lookup(std::string_view key) const { return table_.get(key); }

    const toml::table& table_;
    std::string where_;
    std::string_view source_;
};

// Checks a key used in the report JSON: lower case, digits and underscores.
bool is_json_key(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_template_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

class TemplateParser {
public:
    explicit TemplateParser(std::string_view source) : source_(source) {}

    ReportTemplate parse(std::string_view toml_text) {
        toml::table document;
        try {
            document = toml::parse(toml_text, source_);
        } catch (const toml::parse_error& e) {
            throw TemplateError(
                fmt::format("{}:{}: {}", source_, e.source().begin.line, e.description()));
        }
        FieldReader top(
            document, "top level", source_,
            {"id", "name", "issued_by", "first_year", "last_year", "title", "sections", "rules"});
        ReportTemplate result;
        result.id = top.required_string("id");
        if (!is_template_id(result.id)) {
            top.fail(&document, "“id” may hold only a-z, 0-9, '-' and '.'");
        }
        result.name = top.required_string("name");
        result.issued_by = top.optional_string("issued_by");
        auto first_year = top.optional_int("first_year");
        auto last_year = top.optional_int("last_year");
        if (!first_year || *first_year < 1900 || *first_year > 9999) {
            top.fail(&document, "“first_year” is required: a year from 1900 to 9999");
        }
        if (last_year && (*last_year < *first_year || *last_year > 9999)) {
            top.fail(&document, "“last_year” must be a year not before first_year");
        }
        result.first_year = static_cast<int>(*first_year);
        if (last_year) {
            result.last_year = static_cast<int>(*last_year);
        }
        result.title_pattern = top.required_string("title");
        check_title_pattern(top, result.title_pattern);

        auto sections = top.tables("sections");
        if (sections.empty()) {
            top.fail(&document, "at least one [[sections]] is required");
        }
        for (std::size_t i = 0; i < sections.size(); ++i) {
            result.sections.push_back(parse_section(*sections[i], i));
            const auto& section = result.sections.back();
            for (std::size_t j = 0; j + 1 < result.sections.size(); ++j) {
                if (result.sections[j].key == section.key) {
                    top.fail(sections[i], fmt::format("section “{}” appears twice", section.key));
                }
            }
        }
        auto rules = top.tables("rules");
        for (std::size_t i = 0; i < rules.size(); ++i) {
            result.rules.push_back(parse_rule(*rules[i], i, result));
            for (std::size_t j = 0; j + 1 < result.rules.size(); ++j) {
                if (result.rules[j].id == result.rules.back().id) {
                    top.fail(rules[i], fmt::format("rule “{}” appears twice", result.rules[j].id));
                }
            }
        }
        return result;
    }

private:
    void check_title_pattern(const FieldReader& reader, const std::string& pattern) {
        // Only {org} and {year}, at most once each: ReportTemplate::title relies on it.
        std::string rest = pattern;
        for (std::string_view placeholder : {"{org}", "{year}"}) {
            auto at = rest.find(placeholder);
            if (at != std::string::npos) {
                rest.erase(at, placeholder.size());
            }
        }
        if (rest.find_first_of("{}") != std::string::npos) {
            reader.fail(nullptr, "“title” may use only {org} and {year}, each at most once");
        }
    }

    SectionSpec parse_section(const toml::table& table, std::size_t index) {
        FieldReader reader(table, fmt::format("sections[{}]", index), source_,
                           {"key", "heading", "heading_variants", "heading_keywords", "layout",
                            "row_heading", "column_heading", "corner_note", "blocks"});
        SectionSpec section;
        section.key = reader.required_string("key");
        if (!is_json_key(section.key) ||
            std::find(std::begin(kReservedKeys), std::end(kReservedKeys), section.key) !=
                std::end(kReservedKeys)) {
            reader.fail(&table, fmt::format("“{}” cannot be a section key", section.key));
        }
        section.heading = reader.required_string("heading");
        if (section.number().empty()) {
            reader.fail(&table, "“heading” must start with its number and “、” (一、…)");
        }
        section.heading_variants = reader.strings("heading_variants");
        section.heading_keywords = reader.strings("heading_keywords");
        auto layout = reader.optional_string("layout");
        section.row_heading = reader.optional_string("row_heading");
        section.column_heading = reader.optional_string("column_heading");
        section.corner_note = reader.optional_string("corner_note");
        auto blocks = reader.tables("blocks");

        if (layout.empty()) {
            if (!blocks.empty() || !section.row_heading.empty() ||
                !section.column_heading.empty() || !section.corner_note.empty()) {
                reader.fail(&table, "a text section (no “layout”) has no blocks or headers");
            }
            return section;
        }
        if (layout == "blocks") {
            section.layout = TableLayout::blocks;
        } else if (layout == "matrix") {
            section.layout = TableLayout::matrix;
        } else if (layout == "grouped_row") {
            section.layout = TableLayout::grouped_row;
        } else {
            reader.fail(&table, "“layout” must be blocks, matrix or grouped_row");
        }
        if (blocks.empty()) {
            reader.fail(&table, "a table section needs at least one [[sections.blocks]]");
        }
        if (*section.layout != TableLayout::blocks && blocks.size() != 1) {
            reader.fail(&table, "a matrix or grouped_row table has exactly one block");
        }
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            section.blocks.push_back(parse_block(*blocks[i], reader.where(), i, *section.layout));
        }
        derive_data_rows(section, reader);
        return section;
    }

    BlockSpec parse_block(const toml::table& table, const std::string& where, std::size_t index,
                          TableLayout layout) {
        FieldReader reader(table, fmt::format("{}.blocks[{}]", where, index), source_,
                           {"title", "columns", "rows"});
        BlockSpec block;
        block.title = reader.optional_string("title");
        if (layout == TableLayout::blocks && block.title.empty()) {
            reader.fail(&table, "every block of a “blocks” table needs a “title”");
        }
        auto columns = reader.tables("columns");
        auto rows = reader.tables("rows");
        if (columns.empty() || rows.empty()) {
            reader.fail(&table, "a block needs “columns” and “rows”");
        }
        if (columns.size() > kMaxColumns) {
            reader.fail(&table, fmt::format("a block has at most {} columns", kMaxColumns));
        }
        for (std::size_t i = 0; i < columns.size(); ++i) {
            block.columns.push_back(parse_column(*columns[i], reader.where(), i));
            for (std::size_t j = 0; j + 1 < block.columns.size(); ++j) {
                if (block.columns[j].key == block.columns.back().key) {
                    reader.fail(columns[i],
                                fmt::format("column “{}” appears twice", block.columns[j].key));
                }
            }
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            block.rows.push_back(
                parse_row(*rows[i], fmt::format("{}.rows[{}]", reader.where(), i), layout, 0));
        }
        return block;
    }

    ColumnSpec parse_column(const toml::table& table, const std::string& where, std::size_t index) {
        FieldReader reader(table, fmt::format("{}.columns[{}]", where, index), source_,
                           {"key", "label", "group", "type", "value_suffix"});
        ColumnSpec column;
        column.key = reader.required_string("key");
        if (!is_json_key(column.key)) {
            reader.fail(&table, fmt::format("“{}” cannot be a column key", column.key));
        }
        column.label = reader.required_string("label");
        column.group = reader.optional_string("group");
        column.value_suffix = reader.optional_string("value_suffix");
        auto type = reader.optional_string("type");
        if (type.empty() || type == "count") {
            column.type = CellType::count;
        } else if (type == "signed_count") {
            column.type = CellType::signed_count;
        } else if (type == "amount") {
            column.type = CellType::amount;
        } else {
            reader.fail(&table, "“type” must be count, signed_count or amount");
        }
        return column;
    }

    RowSpec parse_row(const toml::table& table, const std::string& where, TableLayout layout,
                      int depth) {
        FieldReader reader(table, where, source_, {"key", "label", "group", "aliases", "children"});
        RowSpec row;
        row.key = reader.optional_string("key");
        row.label = reader.required_string("label");
        row.group = reader.optional_string("group");
        row.aliases = reader.strings("aliases");
        auto children = reader.tables("children");
        if (!row.key.empty() && !is_json_key(row.key)) {
            reader.fail(&table, fmt::format("“{}” cannot be a row key", row.key));
        }
        if (row.key.empty() == children.empty()) {
            reader.fail(&table, "a row has either a “key” (it holds numbers) or “children”");
        }
        if (!children.empty() && layout != TableLayout::matrix) {
            reader.fail(&table, "only matrix tables have nested rows");
        }
        if (!row.group.empty() && layout != TableLayout::grouped_row) {
            reader.fail(&table, "only grouped_row tables have row groups");
        }
        if (depth > 4) {
            reader.fail(&table, "rows are nested too deeply");
        }
        for (std::size_t i = 0; i < children.size(); ++i) {
            row.children.push_back(parse_row(*children[i], fmt::format("{}.children[{}]", where, i),
                                             layout, depth + 1));
        }
        return row;
    }

    void derive_data_rows(SectionSpec& section, const FieldReader& reader) {
        for (std::size_t b = 0; b < section.blocks.size(); ++b) {
            std::vector<std::string> ancestors;
            for (const auto& row : section.blocks[b].rows) {
                add_data_rows(section, row, b, ancestors, 0);
            }
        }
        for (std::size_t i = 0; i < section.data_rows.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (section.data_rows[i].key == section.data_rows[j].key) {
                    reader.fail(nullptr,
                                fmt::format("row “{}” appears twice", section.data_rows[i].key));
                }
            }
        }
    }

    void add_data_rows(SectionSpec& section, const RowSpec& row, std::size_t block,
                       std::vector<std::string>& ancestors, int depth) {
        if (row.holds_data()) {
            // The top level (三、本年度办理结果) is left out: the row's own number says it.
            std::string qualified = row.group;
            for (std::size_t i = 1; i < ancestors.size(); ++i) {
                qualified += (qualified.empty() ? "" : "/") + ancestors[i];
            }
            qualified += (qualified.empty() ? "" : "/") + row.label;
            section.data_rows.push_back({row.key, row.label, qualified, row.aliases, block});
            return;
        }
        ancestors.push_back(row.label);
        for (const auto& child : row.children) {
            add_data_rows(section, child, block, ancestors, depth + 1);
        }
        ancestors.pop_back();
    }

    RuleSpec parse_rule(const toml::table& table, std::size_t index,
                        const ReportTemplate& report_template) {
        FieldReader reader(table, fmt::format("rules[{}]", index), source_,
                           {"id", "check", "description", "section", "message", "left", "right",
                            "report_at", "expected", "row", "previous_row"});
        RuleSpec rule;
        rule.id = reader.required_string("id");
        auto check = reader.required_string("check");
        rule.description = reader.optional_string("description");
        if (check == "not_checkable" || check == "cell_values") {
            rule.check = check == "cell_values" ? RuleCheck::cell_values : RuleCheck::not_checkable;
            reader.refuse({"section", "message", "left", "right", "report_at", "expected", "row",
                           "previous_row"},
                          "by this check");
            return rule;
        }
        rule.section = reader.required_string("section");
        rule.message = reader.required_string("message");
        const SectionSpec* section = report_template.find_section(rule.section);
        if (section == nullptr || !section->is_table()) {
            reader.fail(&table, fmt::format("“{}” is not a table section", rule.section));
        }
        if (check == "column_equation" || check == "row_equation") {
            rule.check =
                check == "column_equation" ? RuleCheck::column_equation : RuleCheck::row_equation;
            reader.refuse({"row", "previous_row"}, "by an equation");
            rule.left = reader.strings("left");
            rule.right = reader.strings("right");
            rule.report_at = reader.required_string("report_at");
            auto expected = reader.required_string("expected");
            if (expected != "left" && expected != "right") {
                reader.fail(&table, "“expected” must be left or right");
            }
            rule.expected_is_left = expected == "left";
            if (rule.left.empty() || rule.right.empty()) {
                reader.fail(&table, "“left” and “right” must not be empty");
            }
            bool reported = std::count(rule.left.begin(), rule.left.end(), rule.report_at) +
                                std::count(rule.right.begin(), rule.right.end(), rule.report_at) >
                            0;
            if (!reported) {
                reader.fail(&table, "“report_at” must be one of the left or right terms");
            }
            if (rule.check == RuleCheck::column_equation) {
                check_equation_rows(reader, *section, rule);
            } else {
                check_equation_columns(reader, *section, rule);
            }
        } else if (check == "carry_over") {
            rule.check = RuleCheck::carry_over;
            reader.refuse({"left", "right", "report_at", "expected"}, "by carry_over");
            rule.row = reader.required_string("row");
            rule.previous_row = reader.required_string("previous_row");
            const DataRow* row = section->find_row(rule.row);
            const DataRow* previous = section->find_row(rule.previous_row);
            if (row == nullptr || previous == nullptr || row->block != previous->block) {
                reader.fail(&table, "“row” and “previous_row” must be rows of one block");
            }
        } else {
            reader.fail(&table,
                        "“check” must be column_equation, row_equation, carry_over, "
                        "cell_values or not_checkable");
        }
        check_message(reader, rule.message);
        return rule;
    }

    void check_equation_rows(const FieldReader& reader, const SectionSpec& section,
                             const RuleSpec& rule) {
        std::optional<std::size_t> block;
        for (const auto* terms : {&rule.left, &rule.right}) {
            for (const auto& key : *terms) {
                const DataRow* row = section.find_row(key);
                if (row == nullptr) {
                    reader.fail(nullptr, fmt::format("no row “{}” in “{}”", key, section.key));
                }
                if (block && *block != row->block) {
                    reader.fail(nullptr, "the rows of an equation must be in one block");
                }
                block = row->block;
            }
        }
        check_count_columns(reader, section.blocks[*block].columns);
    }

    void check_equation_columns(const FieldReader& reader, const SectionSpec& section,
                                const RuleSpec& rule) {
        if (rule.left.size() > kMaxColumns || rule.right.size() > kMaxColumns) {
            reader.fail(nullptr,
                        fmt::format("an equation has at most {} terms a side", kMaxColumns));
        }
        // A row equation applies to every row, so every block must have its columns.
        for (const auto& block : section.blocks) {
            for (const auto* terms : {&rule.left, &rule.right}) {
                for (const auto& key : *terms) {
                    const ColumnSpec* column = block.find_column(key);
                    if (column == nullptr) {
                        reader.fail(nullptr,
                                    fmt::format("no column “{}” in “{}”", key, section.key));
                    }
                    if (column->type == CellType::amount) {
                        reader.fail(nullptr, "equations are on counts, not amounts");
                    }
                }
            }
        }
    }

    void check_count_columns(const FieldReader& reader, const std::vector<ColumnSpec>& columns) {
        for (const auto& column : columns) {
            if (column.type == CellType::amount) {
                reader.fail(nullptr, "equations are on counts, not amounts");
            }
        }
    }

    void check_message(const FieldReader& reader, const std::string& message) {
        try {
            (void)fmt::format(fmt::runtime(message), fmt::arg("row", ""), fmt::arg("column", ""),
                              fmt::arg("left", 0), fmt::arg("right", 0), fmt::arg("expected", 0),
                              fmt::arg("actual", 0));
        } catch (const fmt::format_error& e) {
            reader.fail(nullptr, fmt::format("“message” is not a valid pattern: {}", e.what()));
        }
    }

    std::string_view source_;
};

}  // namespace

ReportTemplate parse_template_toml(std::string_view toml_text, std::string_view source_name) {
    return TemplateParser(source_name).parse(toml_text);
}

}  // namespace gongkai::annual
