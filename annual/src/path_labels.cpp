#include "gongkai/annual/path_labels.hpp"

#include <vector>

namespace gongkai::annual {

namespace {

constexpr std::string_view kWholeReport = "报告内容";

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    while (true) {
        auto dot = path.find('.');
        parts.push_back(path.substr(0, dot));
        if (dot == std::string_view::npos) {
            return parts;
        }
        path.remove_prefix(dot + 1);
    }
}

// The label in two parts: the section heading (empty for a field outside the sections)
// and what the path names inside that section (empty for the section itself).
struct Label {
    std::string section;
    std::string inside;
};

Label label_of(const ReportTemplate& report_template, std::string_view path) {
    auto parts = split_path(path);
    const std::string_view first = parts.front();
    if (parts.size() == 1) {
        if (first == "year") return {"", "报告年度"};
        if (first == "template") return {"", "报告模板"};
        if (first == "sections") return {"", "文字部分"};
        if (first == "notes") return {"", "表格说明"};
    }
    if (first == "sections" || first == "notes") {
        const SectionSpec* section =
            parts.size() == 2 ? report_template.find_section(parts[1]) : nullptr;
        bool fits = section != nullptr && section->is_table() == (first == "notes");
        if (!fits) {
            return {"", first == "notes" ? "表格说明" : "文字部分"};
        }
        return {section->heading, first == "notes" ? "表格说明" : ""};
    }
    const SectionSpec* section = report_template.find_section(first);
    if (section == nullptr) {
        return {"", std::string(kWholeReport)};
    }
    if (parts.size() == 1 || !section->is_table()) {
        return {section->heading, ""};
    }
    const DataRow* row = section->find_row(parts[1]);
    if (row == nullptr || parts.size() > 3) {
        return {section->heading, ""};
    }
    const BlockSpec& block = section->blocks[row->block];
    std::string inside =
        block.title.empty() ? row->qualified_label : block.title + " " + row->qualified_label;
    if (parts.size() == 3) {
        if (const ColumnSpec* column = block.find_column(parts[2])) {
            inside += " / " + column->qualified_label();
        }
    }
    return {section->heading, std::move(inside)};
}

}  // namespace

std::string path_label(const ReportTemplate& report_template, std::string_view path) {
    auto label = label_of(report_template, path);
    if (label.section.empty()) {
        return label.inside;
    }
    if (label.inside.empty()) {
        return label.section;
    }
    if (label.inside == "表格说明") {
        return label.section + "（表格说明）";
    }
    return label.section + " " + label.inside;
}

std::string path_label_within_section(const ReportTemplate& report_template,
                                      std::string_view path) {
    auto label = label_of(report_template, path);
    return label.inside.empty() ? label.section : label.inside;
}

std::string template_title(const ReportTemplate& report_template) {
    std::string title = "《" + report_template.name + "》";
    return report_template.issued_by.empty() ? title
                                             : title + "（" + report_template.issued_by + "）";
}

}  // namespace gongkai::annual
