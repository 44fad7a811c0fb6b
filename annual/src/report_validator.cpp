#include "gongkai/annual/report_validator.hpp"

#include "cell_value.hpp"
#include "gongkai/annual/path_labels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::annual {

namespace {

constexpr std::string_view kSchema = "schema";
constexpr std::int64_t kMinYear = 1900;
constexpr std::int64_t kMaxYear = 9999;

std::string_view view(const boost::json::string& text) {
    return {text.data(), text.size()};
}

// The templates as people call them, for a message that lists them.
std::string join_titles(const TemplateRegistry& templates) {
    std::string result;
    for (const auto& id : templates.ids()) {
        result += (result.empty() ? "" : "、") + template_title(*templates.find(id));
    }
    return result;
}

// The numbers of one table, by data row and column, as far as they could be read.
class TableNumbers {
public:
    explicit TableNumbers(const SectionSpec& section) {
        offsets_.reserve(section.data_rows.size());
        std::size_t size = 0;
        for (const auto& row : section.data_rows) {
            offsets_.push_back(size);
            size += section.columns_of(row).size();
        }
        values_.assign(size, std::nullopt);
    }

    std::optional<std::int64_t>& at(std::size_t row, std::size_t column) {
        return values_[offsets_[row] + column];
    }

private:
    std::vector<std::size_t> offsets_;
    std::vector<std::optional<std::int64_t>> values_;
};

enum class Mode { full, draft };

// One validation: walks the report in template order, collecting every problem.
class ValidationRun {
public:
    ValidationRun(const TemplateRegistry& templates, Mode mode)
        : templates_(templates), mode_(mode) {}

    ValidationResult run(const boost::json::value& report, const boost::json::object* previous) {
        if (!report.is_object()) {
            error(kSchema, "", "报告内容必须是一个 JSON 对象");
            return std::move(result_);
        }
        return run(report.get_object(), previous);
    }

    ValidationResult run(const boost::json::object& content, const boost::json::object* previous) {
        const ReportTemplate* report_template = resolve_template(content);
        if (report_template == nullptr) {
            return std::move(result_);
        }
        template_ = report_template;
        check_top_level_keys(content);
        check_sections(content.if_contains("sections"));
        check_notes(content.if_contains("notes"));
        numbers_.reserve(template_->sections.size());
        for (const auto& section : template_->sections) {
            numbers_.emplace_back(section);
            if (section.is_table()) {
                check_table(section, content.if_contains(section.key), numbers_.back());
            }
        }
        if (mode_ == Mode::full) {
            check_rules(previous);
        }
        return std::move(result_);
    }

private:
    bool full() const { return mode_ == Mode::full; }

    void error(std::string_view rule, std::string path, std::string message,
               std::optional<boost::json::value> expected = std::nullopt,
               std::optional<boost::json::value> actual = std::nullopt) {
        result_.errors.push_back({std::string(rule), std::move(path), std::move(message),
                                  std::move(expected), std::move(actual)});
    }

    void warning(std::string_view rule, std::string path, std::string message) {
        result_.warnings.push_back(
            {std::string(rule), std::move(path), std::move(message), std::nullopt, std::nullopt});
    }

    // The template and the year, with every problem of the two fields.
    const ReportTemplate* resolve_template(const boost::json::object& content) {
        std::optional<std::int64_t> year;
        if (const auto* value = content.if_contains("year")) {
            if (value->is_int64() && value->get_int64() >= kMinYear &&
                value->get_int64() <= kMaxYear) {
                year = value->get_int64();
            } else {
                error(kSchema, "year", "报告年度必须是四位数的年份，如 2024");
            }
        } else if (full()) {
            error(kSchema, "year", "缺少报告年度");
        }

        const ReportTemplate* found = nullptr;
        if (const auto* value = content.if_contains("template")) {
            if (!value->is_string()) {
                error(kSchema, "template", "报告模板的写法不正确");
            } else if (found = templates_.find(view(value->get_string())); found == nullptr) {
                error(kSchema, "template",
                      fmt::format("没有这个报告模板，可用的是：{}", join_titles(templates_)));
            }
            if (found == nullptr) {
                return nullptr;
            }
        } else {
            if (full()) {
                error(kSchema, "template", "缺少报告模板");
            }
            if (year) {
                found = templates_.default_for_year(*year);
                if (found == nullptr) {
                    error(kSchema, "year", fmt::format("没有适用于{}年度的报告模板", *year));
                }
            } else if (!full() && !content.empty() && !content.contains("year")) {
                error(kSchema, "template", "请先填写报告模板或报告年度");
            }
        }
        year_of_report_ = year;
        if (found != nullptr && year && !found->covers_year(*year)) {
            const ReportTemplate* expected = templates_.default_for_year(*year);
            warning(kSchema, "template",
                    expected ? fmt::format("{}年度报告应使用{}，此处使用的是{}", *year,
                                           template_title(*expected), template_title(*found))
                             : fmt::format("{}不适用于{}年度", template_title(*found), *year));
        }
        return found;
    }

    void check_top_level_keys(const boost::json::object& content) {
        for (const auto& member : content) {
            std::string_view key = member.key();
            if (key == "template" || key == "year" || key == "sections" || key == "notes") {
                continue;
            }
            const SectionSpec* section = template_->find_section(key);
            if (section == nullptr || !section->is_table()) {
                error(kSchema, std::string(key), "报告中有本模板没有的内容");
            }
        }
    }

    void check_sections(const boost::json::value* value) {
        if (value == nullptr) {
            if (full()) {
                error(kSchema, "sections", "缺少文字部分（总体情况、问题与改进、其他事项）");
            }
            return;
        }
        if (!value->is_object()) {
            error(kSchema, "sections", "文字部分必须是 JSON 对象");
            return;
        }
        const auto& sections = value->get_object();
        for (const auto& member : sections) {
            const SectionSpec* section = template_->find_section(member.key());
            if (section == nullptr || section->is_table()) {
                error(kSchema, fmt::format("sections.{}", std::string_view(member.key())),
                      "文字部分中有本模板没有的章节");
            } else if (!member.value().is_string()) {
                error(kSchema, fmt::format("sections.{}", section->key),
                      fmt::format("{}：内容必须是文本", section->heading));
            }
        }
        if (!full()) {
            return;
        }
        for (const auto& section : template_->sections) {
            if (section.is_table()) {
                continue;
            }
            const auto* text = sections.if_contains(section.key);
            if (text == nullptr) {
                error(kSchema, "sections." + section.key,
                      fmt::format("{}：未填写（没有内容请填写“无”）", section.heading));
            } else if (text->is_string() && view(text->get_string()).find_first_not_of(" \t\r\n") ==
                                                std::string_view::npos) {
                error(kSchema, "sections." + section.key,
                      fmt::format("{}：内容不能为空（没有内容请填写“无”）", section.heading));
            }
        }
    }

    void check_notes(const boost::json::value* value) {
        if (value == nullptr) {
            return;  // the notes under the tables are optional
        }
        if (!value->is_object()) {
            error(kSchema, "notes", "表格说明必须是 JSON 对象");
            return;
        }
        for (const auto& member : value->get_object()) {
            std::string path = fmt::format("notes.{}", std::string_view(member.key()));
            const SectionSpec* section = template_->find_section(member.key());
            if (section == nullptr || !section->is_table()) {
                error(kSchema, path, "表格说明中有本模板没有的表格");
            } else if (!member.value().is_string()) {
                error(kSchema, path, fmt::format("{}：表格说明必须是文本", section->heading));
            }
        }
    }

    // Walks each JSON object once, in member order (cheaper than a lookup per cell, and
    // members usually come in template order, which `guess` exploits).
    void check_table(const SectionSpec& section, const boost::json::value* value,
                     TableNumbers& numbers) {
        if (value == nullptr) {
            if (full()) {
                error(kSchema, section.key, fmt::format("{}：缺少整张表格", section.heading));
            }
            return;
        }
        if (!value->is_object()) {
            error(kSchema, section.key, fmt::format("{}：表格必须是 JSON 对象", section.heading));
            return;
        }
        enum class Found : unsigned char { missing, wrong_type, object };
        std::vector<Found> found(section.data_rows.size(), Found::missing);
        std::vector<const boost::json::object*> rows(section.data_rows.size(), nullptr);
        std::size_t guess = 0;
        for (const auto& member : value->get_object()) {
            auto r = find_index(section.data_rows, member.key(), guess);
            if (!r) {
                error(kSchema, fmt::format("{}.{}", section.key, std::string_view(member.key())),
                      fmt::format("{}：有本模板的这张表格没有的一行", section.heading));
                continue;
            }
            guess = *r + 1;
            if (!member.value().is_object()) {
                found[*r] = Found::wrong_type;
                error(kSchema, fmt::format("{}.{}", section.key, section.data_rows[*r].key),
                      fmt::format("{}：“{}”一行必须是 JSON 对象", section.heading,
                                  section.data_rows[*r].qualified_label));
                continue;
            }
            found[*r] = Found::object;
            rows[*r] = &member.value().get_object();
        }
        for (std::size_t r = 0; r < section.data_rows.size(); ++r) {
            if (found[r] == Found::object) {
                check_row(section, r, *rows[r], numbers);
            } else if (found[r] == Found::missing && full()) {
                error(kSchema, fmt::format("{}.{}", section.key, section.data_rows[r].key),
                      fmt::format("{}：缺少“{}”一行", section.heading,
                                  section.data_rows[r].qualified_label));
            }
        }
    }

    // The index of the item with this key, trying `guess` first.
    template <class Item>
    static std::optional<std::size_t> find_index(const std::vector<Item>& items,
                                                 std::string_view key, std::size_t guess) {
        if (guess < items.size() && items[guess].key == key) {
            return guess;
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (items[i].key == key) {
                return i;
            }
        }
        return std::nullopt;
    }

    void check_row(const SectionSpec& section, std::size_t r, const boost::json::object& row_value,
                   TableNumbers& numbers) {
        const DataRow& row = section.data_rows[r];
        const auto& columns = section.columns_of(row);
        std::array<const boost::json::value*, kMaxColumns> cells{};
        std::size_t guess = 0;
        for (const auto& cell : row_value) {
            auto c = find_index(columns, cell.key(), guess);
            if (!c) {
                error(kSchema,
                      fmt::format("{}.{}.{}", section.key, row.key, std::string_view(cell.key())),
                      fmt::format("{}：“{}”一行有本模板没有的一列", section.heading,
                                  row.qualified_label));
                continue;
            }
            guess = *c + 1;
            cells[*c] = &cell.value();
        }
        for (std::size_t c = 0; c < columns.size(); ++c) {
            CellValue cell = read_cell(cells[c], columns[c].type);
            if (cell.state == CellValue::State::ok) {
                if (columns[c].type != CellType::amount) {
                    numbers.at(r, c) = cell.number;
                }
                continue;
            }
            report_cell(section, row, columns[c], cell, cells[c]);
        }
    }

    void report_cell(const SectionSpec& section, const DataRow& row, const ColumnSpec& column,
                     const CellValue& cell, const boost::json::value* written) {
        using State = CellValue::State;
        std::string path = fmt::format("{}.{}.{}", section.key, row.key, column.key);
        const auto& block = section.blocks[row.block];
        std::string where = fmt::format("{}：{}“{}”的“{}”", section.heading, block.title,
                                        row.qualified_label, column.qualified_label());
        if (cell.state == State::wrong_type) {
            error(kSchema, path,
                  column.type == CellType::amount
                      ? fmt::format("{}必须是写成文本的金额（如 \"14.73\"）或整数，不能是{}", where,
                                    describe_json(*written))
                      : fmt::format("{}必须是整数，不能是{}", where, describe_json(*written)));
            return;
        }
        const RuleSpec* values_rule = template_->find_rule_by_check(RuleCheck::cell_values);
        if (!full() || values_rule == nullptr) {
            return;
        }
        const auto& rule = values_rule->id;
        switch (cell.state) {
            case State::missing:
                error(rule, path, fmt::format("{}未填写（没有数据请填 0）", where));
                break;
            case State::blank:
                error(rule, path, fmt::format("{}为空（没有数据请填 0）", where));
                break;
            case State::not_integer:
                error(rule, path,
                      fmt::format("{}必须是整数（填写的是 {}）", where, describe_json(*written)),
                      std::nullopt, *written);
                break;
            case State::negative:
                error(rule, path,
                      fmt::format("{}不能为负数（填写的是 {}）", where, describe_json(*written)),
                      std::nullopt, *written);
                break;
            case State::bad_amount:
                error(rule, path,
                      fmt::format("{}必须是以万元为单位、最多四位小数的非负金额（填写的是 {}）",
                                  where, describe_json(*written)),
                      std::nullopt, *written);
                break;
            case State::too_large:
                error(rule, path,
                      fmt::format("{}数值过大（填写的是 {}）", where, describe_json(*written)),
                      std::nullopt, *written);
                break;
            case State::ok:
            case State::wrong_type:
                break;
        }
    }

    void check_rules(const boost::json::object* previous) {
        for (const auto& rule : template_->rules) {
            switch (rule.check) {
                case RuleCheck::column_equation:
                    check_column_equation(rule);
                    break;
                case RuleCheck::row_equation:
                    check_row_equation(rule);
                    break;
                case RuleCheck::carry_over:
                    check_carry_over(rule, previous);
                    break;
                case RuleCheck::cell_values:
                case RuleCheck::not_checkable:
                    break;
            }
        }
    }

    std::size_t section_index(std::string_view key) const {
        for (std::size_t i = 0; i < template_->sections.size(); ++i) {
            if (template_->sections[i].key == key) {
                return i;
            }
        }
        return 0;  // unreachable: rule sections are checked when the template is loaded
    }

    // Sums the terms; nothing when one of them could not be read (already reported).
    template <class Term>
    static std::optional<std::int64_t> sum(const std::vector<std::size_t>& indices, Term term) {
        std::int64_t total = 0;
        for (auto index : indices) {
            auto value = term(index);
            if (!value) {
                return std::nullopt;
            }
            total += *value;
        }
        return total;
    }

    std::string message(const RuleSpec& rule, const SectionSpec& section, std::string_view row,
                        std::string_view column, std::int64_t left, std::int64_t right,
                        std::int64_t expected, std::int64_t actual) const {
        return fmt::format("{}：{}", section.heading,
                           fmt::format(fmt::runtime(rule.message), fmt::arg("row", row),
                                       fmt::arg("column", column), fmt::arg("left", left),
                                       fmt::arg("right", right), fmt::arg("expected", expected),
                                       fmt::arg("actual", actual)));
    }

    void report_equation(const RuleSpec& rule, const SectionSpec& section, std::string path,
                         std::string_view row, std::string_view column, std::int64_t left,
                         std::int64_t right) {
        auto expected = rule.expected_is_left ? left : right;
        auto actual = rule.expected_is_left ? right : left;
        error(rule.id, std::move(path),
              message(rule, section, row, column, left, right, expected, actual),
              boost::json::value(expected), boost::json::value(actual));
    }

    void check_column_equation(const RuleSpec& rule) {
        auto s = section_index(rule.section);
        const SectionSpec& section = template_->sections[s];
        auto indices = [&section](const std::vector<std::string>& keys) {
            std::vector<std::size_t> result;
            for (const auto& key : keys) {
                result.push_back(*section.row_index(key));
            }
            return result;
        };
        auto left_rows = indices(rule.left);
        auto right_rows = indices(rule.right);
        const DataRow& reported = *section.find_row(rule.report_at);
        const auto& columns = section.columns_of(reported);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            auto cell = [this, s, c](std::size_t r) { return numbers_[s].at(r, c); };
            auto left = sum(left_rows, cell);
            auto right = sum(right_rows, cell);
            if (left && right && *left != *right) {
                report_equation(rule, section,
                                fmt::format("{}.{}.{}", section.key, reported.key, columns[c].key),
                                reported.qualified_label, columns[c].qualified_label(), *left,
                                *right);
            }
        }
    }

    void check_row_equation(const RuleSpec& rule) {
        auto s = section_index(rule.section);
        const SectionSpec& section = template_->sections[s];
        // Column positions of the terms, found once per block (rows of a block share them).
        std::array<std::size_t, kMaxColumns> left_columns{};
        std::array<std::size_t, kMaxColumns> right_columns{};
        std::optional<std::size_t> indexed_block;
        auto index = [](const std::vector<std::string>& keys,
                        const std::vector<ColumnSpec>& columns,
                        std::array<std::size_t, kMaxColumns>& positions) {
            for (std::size_t i = 0; i < keys.size() && i < kMaxColumns; ++i) {
                positions[i] = *find_index(columns, keys[i], i);
            }
        };
        for (std::size_t r = 0; r < section.data_rows.size(); ++r) {
            const DataRow& row = section.data_rows[r];
            if (indexed_block != row.block) {
                index(rule.left, section.columns_of(row), left_columns);
                index(rule.right, section.columns_of(row), right_columns);
                indexed_block = row.block;
            }
            auto sum_of =
                [&](std::size_t count,
                    const std::array<std::size_t, kMaxColumns>& at) -> std::optional<std::int64_t> {
                std::int64_t total = 0;
                for (std::size_t i = 0; i < count; ++i) {
                    const auto& value = numbers_[s].at(r, at[i]);
                    if (!value) {
                        return std::nullopt;
                    }
                    total += *value;
                }
                return total;
            };
            auto left = sum_of(rule.left.size(), left_columns);
            auto right = sum_of(rule.right.size(), right_columns);
            if (left && right && *left != *right) {
                const ColumnSpec* reported = section.blocks[row.block].find_column(rule.report_at);
                report_equation(rule, section,
                                fmt::format("{}.{}.{}", section.key, row.key, rule.report_at),
                                row.qualified_label, reported->qualified_label(), *left, *right);
            }
        }
    }

    void check_carry_over(const RuleSpec& rule, const boost::json::object* last_year) {
        auto s = section_index(rule.section);
        const SectionSpec& section = template_->sections[s];
        std::string row_path = fmt::format("{}.{}", section.key, rule.row);
        if (last_year == nullptr) {
            warning(rule.id, row_path,
                    fmt::format("{}：没有上一年度的报告，无法核对上年结转数", section.heading));
            return;
        }
        const auto* value = last_year->if_contains("year");
        if (value && value->is_int64() && year_of_report_ &&
            value->get_int64() != *year_of_report_ - 1) {
            warning(rule.id, row_path,
                    fmt::format("{}：所给的上一年度报告是{}年度的，不是{}年度，未核对上年结转数",
                                section.heading, value->get_int64(), *year_of_report_ - 1));
            return;
        }
        const boost::json::object* previous_row = nullptr;
        if (const auto* table = last_year->if_contains(rule.section); table && table->is_object()) {
            if (const auto* row = table->get_object().if_contains(rule.previous_row);
                row && row->is_object()) {
                previous_row = &row->get_object();
            }
        }
        auto r = *section.row_index(rule.row);
        const DataRow& row = section.data_rows[r];
        const auto& columns = section.columns_of(row);
        bool incomplete = previous_row == nullptr;
        for (std::size_t c = 0; c < columns.size() && !incomplete; ++c) {
            CellValue last = read_cell(previous_row->if_contains(columns[c].key), columns[c].type);
            if (last.state != CellValue::State::ok) {
                incomplete = true;
                break;
            }
            auto current = numbers_[s].at(r, c);
            if (current && *current != last.number) {
                error(rule.id, fmt::format("{}.{}", row_path, columns[c].key),
                      message(rule, section, row.qualified_label, columns[c].qualified_label(),
                              *current, last.number, last.number, *current),
                      boost::json::value(last.number), boost::json::value(*current));
            }
        }
        if (incomplete) {
            warning(
                rule.id, row_path,
                fmt::format("{}：上一年度报告缺少完整的“{}”一行，无法核对上年结转数",
                            section.heading, section.find_row(rule.previous_row)->qualified_label));
        }
    }

    const TemplateRegistry& templates_;
    Mode mode_;
    const ReportTemplate* template_ = nullptr;
    std::optional<std::int64_t> year_of_report_;
    std::vector<TableNumbers> numbers_;
    ValidationResult result_;
};

}  // namespace

ReportValidator::ReportValidator(const TemplateRegistry& templates) : templates_(templates) {}

ValidationResult ReportValidator::validate(const boost::json::value& report,
                                           const boost::json::value* previous_year) const {
    // Last year's report that is no object cannot be read: R6 then warns that its
    // carried-forward row is missing, as for an object without one.
    static const boost::json::object kNothing;
    const boost::json::object* previous = nullptr;
    if (previous_year != nullptr) {
        previous = previous_year->is_object() ? &previous_year->get_object() : &kNothing;
    }
    return ValidationRun(templates_, Mode::full).run(report, previous);
}

ValidationResult ReportValidator::validate(const boost::json::object& report,
                                           const boost::json::object* previous_year) const {
    return ValidationRun(templates_, Mode::full).run(report, previous_year);
}

ValidationResult ReportValidator::check_draft(const boost::json::value& report) const {
    return ValidationRun(templates_, Mode::draft).run(report, nullptr);
}

ValidationResult ReportValidator::check_draft(const boost::json::object& report) const {
    return ValidationRun(templates_, Mode::draft).run(report, nullptr);
}

}  // namespace gongkai::annual
