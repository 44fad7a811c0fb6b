#include "gongkai/annual/report_template.hpp"

#include <algorithm>

namespace gongkai::annual {

std::string ColumnSpec::qualified_label() const {
    return group.empty() ? label : group + "/" + label;
}

const ColumnSpec* BlockSpec::find_column(std::string_view key) const {
    for (const auto& column : columns) {
        if (column.key == key) {
            return &column;
        }
    }
    return nullptr;
}

std::string_view SectionSpec::number() const {
    std::string_view text = heading;
    auto comma = text.find("、");
    return comma == std::string_view::npos ? std::string_view{} : text.substr(0, comma);
}

const DataRow* SectionSpec::find_row(std::string_view row_key) const {
    auto index = row_index(row_key);
    return index ? &data_rows[*index] : nullptr;
}

std::optional<std::size_t> SectionSpec::row_index(std::string_view row_key) const {
    for (std::size_t i = 0; i < data_rows.size(); ++i) {
        if (data_rows[i].key == row_key) {
            return i;
        }
    }
    return std::nullopt;
}

const SectionSpec* ReportTemplate::find_section(std::string_view key) const {
    auto found = std::find_if(sections.begin(), sections.end(),
                              [key](const SectionSpec& section) { return section.key == key; });
    return found == sections.end() ? nullptr : &*found;
}

const RuleSpec* ReportTemplate::find_rule_by_check(RuleCheck check) const {
    auto found = std::find_if(rules.begin(), rules.end(),
                              [check](const RuleSpec& rule) { return rule.check == check; });
    return found == rules.end() ? nullptr : &*found;
}

bool ReportTemplate::covers_year(std::int64_t year) const {
    return year >= first_year && (!last_year || year <= *last_year);
}

std::string ReportTemplate::title(std::string_view org_name,
                                  std::optional<std::int64_t> year) const {
    // The pattern was checked when loaded: only {org} and {year}, each at most once.
    std::string result = title_pattern;
    auto replace = [&result](std::string_view placeholder, std::string_view value) {
        auto at = result.find(placeholder);
        if (at != std::string::npos) {
            result.replace(at, placeholder.size(), value);
        }
    };
    replace("{org}", org_name);
    replace("{year}", year ? std::to_string(*year) : std::string("____"));
    return result;
}

}  // namespace gongkai::annual
