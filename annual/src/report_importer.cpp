#include "gongkai/annual/report_importer.hpp"

#include "gongkai/annual/import_error.hpp"
#include "gongkai/annual/path_labels.hpp"
#include "gongkai/annual/text_width.hpp"
#include "table_text_reader.hpp"
#include "text_cells.hpp"
#include "text_folding.hpp"

#include <gongkai/core/utf8.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace gongkai::annual {

namespace {

// Headings are short lines; the keyword test is only tried on lines shorter still.
constexpr std::size_t kMaxHeadingWidth = 80;
constexpr std::size_t kMaxKeywordHeadingWidth = 40;
constexpr std::size_t kMaxOrgNameWidth = 60;
constexpr std::size_t kPathsShown = 5;

constexpr std::string_view kNumberSeparators[] = {"、", "．", ".", "，", ",", " ", "\u3000"};

// How one section's heading is recognised, gathered over every template.
struct HeadingPattern {
    std::string section_key;
    std::string number;                // 一 … 六
    std::set<std::string> exact_keys;  // label keys of the heading and its variants
    std::vector<std::vector<std::string>> keyword_sets;
};

struct FoundHeading {
    std::string section_key;
    std::size_t line = 0;  // index into the lines
};

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string result;
    for (const auto& part : parts) {
        result += (result.empty() ? "" : std::string(separator)) + part;
    }
    return result;
}

// The first 19xx/20xx followed by 年 in folded text, and where it starts.
std::optional<std::pair<std::int64_t, std::size_t>> find_year(std::string_view text) {
    for (std::size_t at = 0; at + 4 < text.size(); ++at) {
        auto digits = text.substr(at, 4);
        bool four_digits =
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        bool bounded = at == 0 || text[at - 1] < '0' || text[at - 1] > '9';
        if (four_digits && bounded && (digits.starts_with("19") || digits.starts_with("20")) &&
            text.substr(at + 4).starts_with("年")) {
            return std::pair{std::stoll(std::string(digits)), at};
        }
    }
    return std::nullopt;
}

class ImportRun {
public:
    ImportRun(const TemplateRegistry& templates, const ImportOptions& options)
        : templates_(templates), options_(options) {}

    ImportResult run(std::string_view input) {
        check_input(input);
        split_lines(input);
        find_headings();
        read_preamble();
        choose_year();
        split_table_cells();
        choose_template();
        build_report();
        return std::move(result_);
    }

private:
    std::string template_titles() const {
        std::vector<std::string> titles;
        for (const auto& id : templates_.ids()) {
            titles.push_back(template_title(*templates_.find(id)));
        }
        return join(titles, "、");
    }

    void assume(std::string kind, std::string message, std::vector<std::string> paths = {}) {
        result_.assumptions.push_back({std::move(kind), std::move(message), std::move(paths)});
    }

    void check_input(std::string_view input) {
        if (input.size() > options_.max_bytes) {
            throw ImportError(ImportFailure::too_large,
                              fmt::format("文本过大（{} 字节，上限 {} 字节），这不像一份年度报告",
                                          input.size(), options_.max_bytes));
        }
        if (!is_valid_utf8(input)) {
            throw ImportError(ImportFailure::not_utf8,
                              "文本不是有效的 UTF-8 编码（可能是二进制文件或 GBK 编码的文本，"
                              "请另存为 UTF-8 纯文本）");
        }
    }

    void split_lines(std::string_view input) {
        if (input.starts_with("\xEF\xBB\xBF")) {
            input.remove_prefix(3);  // byte order mark
        }
        if (trim_spaces(input).empty()) {
            throw ImportError(ImportFailure::empty, "文本为空");
        }
        // Line ends: \n, \r\n or a lone \r.
        text_.reserve(input.size());
        for (std::size_t i = 0; i < input.size(); ++i) {
            if (input[i] == '\r') {
                text_ += '\n';
                if (i + 1 < input.size() && input[i + 1] == '\n') {
                    ++i;
                }
            } else {
                text_ += input[i];
            }
        }
        std::string_view rest = text_;
        while (true) {
            auto end = rest.find('\n');
            lines_.push_back(rest.substr(0, end));
            if (end == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(end + 1);
        }
    }

    std::vector<HeadingPattern> heading_patterns() const {
        std::vector<HeadingPattern> patterns;
        for (const auto& id : templates_.ids()) {
            for (const auto& section : templates_.find(id)->sections) {
                auto found = std::find_if(patterns.begin(), patterns.end(),
                                          [&section](const HeadingPattern& pattern) {
                                              return pattern.section_key == section.key;
                                          });
                if (found == patterns.end()) {
                    patterns.push_back({section.key, std::string(section.number()), {}, {}});
                    found = patterns.end() - 1;
                }
                found->exact_keys.insert(label_key(section.heading));
                for (const auto& variant : section.heading_variants) {
                    found->exact_keys.insert(label_key(variant));
                }
                if (!section.heading_keywords.empty()) {
                    std::vector<std::string> keys;
                    for (const auto& keyword : section.heading_keywords) {
                        keys.push_back(label_key(keyword));
                    }
                    found->keyword_sets.push_back(std::move(keys));
                }
            }
        }
        return patterns;
    }

    static bool matches(const HeadingPattern& pattern, std::string_view trimmed,
                        const std::string& key, std::size_t width) {
        if (pattern.exact_keys.count(key) != 0) {
            return true;
        }
        if (width > kMaxKeywordHeadingWidth || !trimmed.starts_with(pattern.number)) {
            return false;
        }
        auto after_number = trimmed.substr(pattern.number.size());
        bool numbered = std::any_of(std::begin(kNumberSeparators), std::end(kNumberSeparators),
                                    [after_number](std::string_view separator) {
                                        return after_number.starts_with(separator);
                                    });
        if (!numbered) {
            return false;
        }
        return std::any_of(pattern.keyword_sets.begin(), pattern.keyword_sets.end(),
                           [&key](const std::vector<std::string>& keywords) {
                               return std::all_of(keywords.begin(), keywords.end(),
                                                  [&key](const std::string& keyword) {
                                                      return key.find(keyword) != std::string::npos;
                                                  });
                           });
    }

    // Headings in their order: a line that looks like an earlier section's heading is text.
    void find_headings() {
        auto patterns = heading_patterns();
        std::size_t next = 0;
        for (std::size_t i = 0; i < lines_.size() && next < patterns.size(); ++i) {
            std::string_view trimmed = trim_spaces(lines_[i]);
            if (trimmed.empty() || trimmed.find('\t') != std::string_view::npos) {
                continue;
            }
            auto width = display_width(trimmed);
            if (width > kMaxHeadingWidth) {
                continue;
            }
            auto key = label_key(trimmed);
            for (std::size_t j = next; j < patterns.size(); ++j) {
                if (matches(patterns[j], trimmed, key, width)) {
                    headings_.push_back({patterns[j].section_key, i});
                    next = j + 1;
                    break;
                }
            }
        }
        if (headings_.empty()) {
            throw ImportError(ImportFailure::not_a_report,
                              "找不到年度报告的章节标题（如“一、总体情况”“三、收到和处理政府信息"
                              "公开申请情况”），这不是一份政府信息公开工作年度报告的文本");
        }
    }

    // The lines of a section, between its heading and the next one; nothing if not found.
    std::optional<std::pair<std::size_t, std::size_t>> region(std::string_view key) const {
        for (std::size_t h = 0; h < headings_.size(); ++h) {
            if (headings_[h].section_key == key) {
                std::size_t end = h + 1 < headings_.size() ? headings_[h + 1].line : lines_.size();
                return std::pair{headings_[h].line + 1, end};
            }
        }
        return std::nullopt;
    }

    // Organisation, title and year above the first heading; other lines there are an
    // introduction, which the JSON shape has no place for but 总体情况.
    void read_preamble() {
        std::size_t end = headings_.front().line;
        std::optional<std::size_t> title_line;
        std::optional<std::size_t> org_line;
        for (std::size_t i = 0; i < end && !title_line; ++i) {
            std::string folded = compact_text(lines_[i]);
            auto year = find_year(folded);
            if (!year) {
                continue;
            }
            bool says_report = folded.find("报告") != std::string::npos;
            std::optional<std::size_t> next_line;
            for (std::size_t j = i + 1; j < end; ++j) {
                if (!trim_spaces(lines_[j]).empty()) {
                    next_line = j;
                    break;
                }
            }
            if (!says_report && next_line &&
                compact_text(lines_[*next_line]).find("报告") != std::string::npos &&
                display_width(trim_spaces(lines_[*next_line])) <= kMaxHeadingWidth) {
                says_report = true;
                title_continued_ = next_line;
            }
            if (!says_report || display_width(folded) > kMaxHeadingWidth) {
                title_continued_.reset();
                continue;
            }
            title_line = i;
            title_year_ = year->first;
            result_.org_name = folded.substr(0, year->second);
            if (result_.org_name.empty()) {
                for (std::size_t j = i; j-- > 0;) {
                    std::string candidate = compact_text(lines_[j]);
                    if (candidate.empty()) {
                        continue;
                    }
                    if (display_width(candidate) <= kMaxOrgNameWidth &&
                        candidate.find("。") == std::string::npos &&
                        candidate.find("报告") == std::string::npos) {
                        result_.org_name = candidate;
                        org_line = j;
                    }
                    break;
                }
            }
        }
        for (std::size_t i = 0; i < end; ++i) {
            if (i == title_line || i == org_line || i == title_continued_) {
                continue;
            }
            auto paragraph = trim_spaces(lines_[i]);
            if (!paragraph.empty()) {
                introduction_.emplace_back(paragraph);
            }
        }
        assume("organisation", result_.org_name.empty()
                                   ? "未能识别机关名称"
                                   : fmt::format("识别出机关名称：{}", result_.org_name));
    }

    void choose_year() {
        if (options_.year) {
            if (*options_.year < 1900 || *options_.year > 9999) {
                throw ImportError(ImportFailure::unknown_year,
                                  fmt::format("年度 {} 不是有效的年份", *options_.year));
            }
            year_ = *options_.year;
            if (title_year_ && *title_year_ != year_) {
                assume("year",
                       fmt::format("标题中的年度是 {}，按指定的 {} 导入", *title_year_, year_));
            }
            return;
        }
        if (!title_year_) {
            throw ImportError(ImportFailure::unknown_year,
                              "无法从标题中识别报告年度，请指定报告年度");
        }
        year_ = *title_year_;
        assume("year", fmt::format("从标题识别出报告年度：{}", year_));
    }

    void split_table_cells() {
        for (const auto& heading : headings_) {
            auto lines = region(heading.section_key);
            std::vector<std::string_view> slice(lines_.begin() + lines->first,
                                                lines_.begin() + lines->second);
            cells_[heading.section_key] = split_cells(slice, lines->first + 1);
        }
    }

    static std::set<std::string> labels_of(const ReportTemplate& report_template) {
        std::set<std::string> labels;
        for (const auto& section : report_template.sections) {
            for (const auto& block : section.blocks) {
                labels.insert(label_key(block.title));
                for (const auto& column : block.columns) {
                    labels.insert(label_key(column.label));
                }
                std::vector<const RowSpec*> rows;
                for (const auto& row : block.rows) {
                    rows.push_back(&row);
                }
                while (!rows.empty()) {
                    const RowSpec* row = rows.back();
                    rows.pop_back();
                    labels.insert(label_key(row->label));
                    for (const auto& child : row->children) {
                        rows.push_back(&child);
                    }
                }
            }
        }
        labels.erase("");
        return labels;
    }

    // The template whose own wording (labels no other template has) the tables use most;
    // the year's default when the tables do not tell.
    void choose_template() {
        if (!options_.template_id.empty()) {
            template_ = templates_.find(options_.template_id);
            if (template_ == nullptr) {
                throw ImportError(ImportFailure::unknown_template,
                                  fmt::format("没有这个报告模板，可用的是：{}", template_titles()));
            }
            assume("template", fmt::format("按指定的模板导入：{}", template_title(*template_)));
            return;
        }
        // Only table sections tell templates apart; narrative text would only add noise.
        std::set<std::string> table_keys;
        for (const auto& id : templates_.ids()) {
            for (const auto& section : templates_.find(id)->sections) {
                if (section.is_table()) {
                    table_keys.insert(section.key);
                }
            }
        }
        std::set<std::string> present;
        for (const auto& [key, cells] : cells_) {
            if (table_keys.count(key) == 0) {
                continue;
            }
            for (const auto& cell : cells) {
                if (!cell.row_end && !cell.text.empty()) {
                    present.insert(label_key(cell.text));
                }
            }
        }
        std::map<std::string, std::set<std::string>> labels;
        for (const auto& id : templates_.ids()) {
            labels[id] = labels_of(*templates_.find(id));
        }
        const ReportTemplate* year_default = templates_.default_for_year(year_);
        const ReportTemplate* best = nullptr;
        std::size_t best_score = 0;
        for (const auto& [id, own] : labels) {
            std::size_t score = 0;
            for (const auto& label : own) {
                bool shared = std::all_of(
                    labels.begin(), labels.end(),
                    [&label](const auto& other) { return other.second.count(label) != 0; });
                if (!shared && present.count(label) != 0) {
                    ++score;
                }
            }
            const ReportTemplate* candidate = templates_.find(id);
            if (score > best_score ||
                (score == best_score && score > 0 && candidate == year_default)) {
                best = candidate;
                best_score = score;
            }
        }
        if (best == nullptr) {
            if (year_default == nullptr) {
                throw ImportError(
                    ImportFailure::unknown_template,
                    fmt::format("没有适用于 {} 年度的报告模板，请指定报告模板", year_));
            }
            template_ = year_default;
            assume("template", fmt::format("表格中没有可区分模板的文字，按报告年度选用{}",
                                           template_title(*template_)));
            return;
        }
        template_ = best;
        std::string note;
        if (year_default != nullptr && year_default != best) {
            note = fmt::format("（{} 年度的报告通常使用{}）", year_, template_title(*year_default));
        }
        assume("template", fmt::format("根据表格中 {} 处该模板特有的文字，识别为{}{}", best_score,
                                       template_title(*best), note));
    }

    std::string paragraphs(std::string_view key) const {
        std::vector<std::string> lines;
        if (auto lines_range = region(key)) {
            for (std::size_t i = lines_range->first; i < lines_range->second; ++i) {
                auto paragraph = std::string(trim_spaces(lines_[i]));
                std::replace(paragraph.begin(), paragraph.end(), '\t', ' ');
                if (!paragraph.empty()) {
                    lines.push_back(std::move(paragraph));
                }
            }
        }
        return join(lines, "\n");
    }

    void build_report() {
        auto& report = result_.report;
        report["template"] = template_->id;
        report["year"] = year_;
        boost::json::object sections;
        boost::json::object notes;
        std::vector<std::pair<std::string, ImportedTable>> tables;
        for (const auto& section : template_->sections) {
            bool found = region(section.key).has_value();
            if (section.is_table()) {
                if (!found) {
                    throw ImportError(ImportFailure::missing_section,
                                      fmt::format("找不到“{}”这一部分（表格）", section.heading));
                }
                tables.emplace_back(section.key,
                                    TableTextReader(section, cells_.at(section.key)).read());
                notes[section.key] = join(tables.back().second.notes, "\n");
                continue;
            }
            std::string text = paragraphs(section.key);
            if (section.key == template_->sections.front().key && !introduction_.empty()) {
                assume("preamble",
                       fmt::format("标题与“{}”之间的 {} 段引言已放在“{}”的开头", section.heading,
                                   introduction_.size(), section.heading),
                       {"sections." + section.key});
                text = join(introduction_, "\n") + (text.empty() ? "" : "\n" + text);
            }
            if (!found) {
                assume("missing_section",
                       fmt::format("找不到“{}”这一部分，内容留空", section.heading),
                       {"sections." + section.key});
            }
            sections[section.key] = text;
        }
        report["sections"] = std::move(sections);
        report["notes"] = std::move(notes);
        for (auto& [key, table] : tables) {
            const SectionSpec& section = *template_->find_section(key);
            if (!table.blank_paths.empty()) {
                std::vector<std::string> shown;
                for (std::size_t i = 0; i < std::min(kPathsShown, table.blank_paths.size()); ++i) {
                    shown.push_back(fmt::format(
                        "“{}”", path_label_within_section(*template_, table.blank_paths[i])));
                }
                assume("blank_cells",
                       fmt::format("{}：{} 个空白单元格按 0 读取（{}{}）", section.heading,
                                   table.blank_paths.size(), join(shown, "、"),
                                   table.blank_paths.size() > kPathsShown ? "等" : ""),
                       table.blank_paths);
            }
            if (!table.ignored.empty()) {
                std::vector<std::string> shown(
                    table.ignored.begin(),
                    table.ignored.begin() +
                        static_cast<std::ptrdiff_t>(std::min(kPathsShown, table.ignored.size())));
                assume("ignored_text",
                       fmt::format("{}：忽略了 {} 处无法识别的文字：{}{}", section.heading,
                                   table.ignored.size(), join(shown, "、"),
                                   table.ignored.size() > kPathsShown ? " 等" : ""),
                       {key});
            }
            report[key] = std::move(table.rows);
        }
    }

    const TemplateRegistry& templates_;
    const ImportOptions& options_;
    std::string text_;
    std::vector<std::string_view> lines_;
    std::vector<FoundHeading> headings_;
    std::map<std::string, std::vector<TextCell>> cells_;
    std::vector<std::string> introduction_;
    std::optional<std::size_t> title_continued_;
    std::optional<std::int64_t> title_year_;
    std::int64_t year_ = 0;
    const ReportTemplate* template_ = nullptr;
    ImportResult result_;
};

}  // namespace

boost::json::object ImportAssumption::to_json() const {
    boost::json::object result{{"kind", kind}, {"message", message}};
    if (!paths.empty()) {
        boost::json::array list;
        for (const auto& path : paths) {
            list.emplace_back(path);
        }
        result["paths"] = std::move(list);
    }
    return result;
}

boost::json::array ImportResult::assumptions_json() const {
    boost::json::array result;
    for (const auto& assumption : assumptions) {
        result.push_back(assumption.to_json());
    }
    return result;
}

boost::json::object ImportResult::to_json() const {
    return {{"report", report}, {"assumptions", assumptions_json()}, {"org_name", org_name}};
}

ReportImporter::ReportImporter(const TemplateRegistry& templates) : templates_(templates) {}

ImportResult ReportImporter::import_text(std::string_view text,
                                         const ImportOptions& options) const {
    if (templates_.empty()) {
        throw ImportError(ImportFailure::unknown_template, "没有可用的报告模板");
    }
    return ImportRun(templates_, options).run(text);
}

}  // namespace gongkai::annual
