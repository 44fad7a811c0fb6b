#include "report_view.hpp"

#include "cell_value.hpp"

namespace gongkai::annual {

namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";
constexpr std::string_view kNoBreakSpace = "\u00A0";

// Trims ASCII white space, U+3000 and U+00A0 at both ends.
std::string_view trim(std::string_view text) {
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        for (std::string_view space : {std::string_view(" "), std::string_view("\t"),
                                       std::string_view("\r"), kIdeographicSpace, kNoBreakSpace}) {
            if (text.starts_with(space)) {
                text.remove_prefix(space.size());
                changed = true;
            }
            if (text.ends_with(space)) {
                text.remove_suffix(space.size());
                changed = true;
            }
        }
    }
    return text;
}

}  // namespace

std::optional<std::int64_t> ReportView::year() const {
    const auto* year = report_.if_contains("year");
    if (year != nullptr && year->is_int64()) {
        return year->get_int64();
    }
    return std::nullopt;
}

std::string_view ReportView::string_member(std::string_view object_key,
                                           std::string_view key) const {
    const auto* object = report_.if_contains(object_key);
    if (object == nullptr || !object->is_object()) {
        return {};
    }
    const auto* text = object->get_object().if_contains(key);
    if (text == nullptr || !text->is_string()) {
        return {};
    }
    return {text->get_string().data(), text->get_string().size()};
}

std::string_view ReportView::section_text(std::string_view key) const {
    return string_member("sections", key);
}

std::string_view ReportView::note(std::string_view key) const {
    return string_member("notes", key);
}

std::optional<std::string> ReportView::cell(const SectionSpec& section, const DataRow& row,
                                            const ColumnSpec& column) const {
    const auto* table = report_.if_contains(section.key);
    if (table == nullptr || !table->is_object()) {
        return std::nullopt;
    }
    const auto* row_value = table->get_object().if_contains(row.key);
    if (row_value == nullptr || !row_value->is_object()) {
        return std::nullopt;
    }
    CellValue value = read_cell(row_value->get_object().if_contains(column.key), column.type);
    if (value.state != CellValue::State::ok) {
        return std::nullopt;
    }
    return value.to_display(column.type) + column.value_suffix;
}

std::vector<std::string_view> split_paragraphs(std::string_view text) {
    std::vector<std::string_view> result;
    while (!text.empty()) {
        auto end = text.find('\n');
        auto line = trim(text.substr(0, end));
        if (!line.empty()) {
            result.push_back(line);
        }
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return result;
}

}  // namespace gongkai::annual
