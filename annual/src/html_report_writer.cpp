#include "html_report_writer.hpp"

#include <gongkai/core/html.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace gongkai::annual {

namespace {

// Official documents are set in 仿宋 (body) and 黑体 (headings); only fonts installed on
// the reader's machine are named: the page loads nothing from anywhere.
constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 22mm 18mm; }
html { background: #eceff1; }
body { margin: 0; color: #000;
  font-family: "FangSong", "STFangsong", "FangSong_GB2312", "SimSun", "Songti SC",
    "Noto Serif CJK SC", serif; }
.page { position: relative; box-sizing: border-box; max-width: 210mm; margin: 12px auto;
  padding: 22mm 18mm; background: #fff; }
h1, h2 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif;
  font-weight: normal; }
h1 { font-size: 20pt; line-height: 1.5; text-align: center; margin: 0 0 1.2em; }
h2 { font-size: 15pt; margin: 1.4em 0 .6em; }
p { font-size: 14pt; line-height: 1.75; text-indent: 2em; margin: 0 0 .25em;
  text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: .5em 0 1em; font-size: 10.5pt; }
table.matrix, table.grouped-row { font-size: 9pt; }
th, td { border: 1px solid #000; padding: 3px 4px; text-align: center;
  vertical-align: middle; font-weight: normal; }
th.row-label { text-align: left; }
th.block-title { font-weight: bold; }
th.corner { font-size: 8pt; text-align: left; }
td { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.missing { background: #ffe0e0; }
.banner { border: 2px solid #b71c1c; color: #b71c1c; padding: 8px 12px; margin: 0 0 1.2em;
  font-size: 13pt; line-height: 1.6; }
.watermark { position: fixed; top: 38%; left: 0; right: 0; z-index: 10; text-align: center;
  font-size: 110pt; color: rgba(183, 28, 28, .1); transform: rotate(-30deg);
  pointer-events: none; user-select: none; }
@media print {
  html { background: none; }
  .page { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  td.missing { background: none; }
  .banner, .watermark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

// The depth of the deepest data row below `rows` (1 for a flat list).
std::size_t depth_of(const std::vector<RowSpec>& rows) {
    std::size_t depth = 1;
    for (const auto& row : rows) {
        if (!row.holds_data()) {
            depth = std::max(depth, 1 + depth_of(row.children));
        }
    }
    return depth;
}

// The printed lines a heading row spans: the data rows below it.
std::size_t leaves_of(const RowSpec& row) {
    if (row.holds_data()) {
        return 1;
    }
    std::size_t count = 0;
    for (const auto& child : row.children) {
        count += leaves_of(child);
    }
    return count;
}

// Runs of neighbouring items with the same non-empty group: (first index, length).
template <class Item>
std::size_t group_run(const std::vector<Item>& items, std::size_t first) {
    std::size_t end = first + 1;
    while (end < items.size() && !items[first].group.empty() &&
           items[end].group == items[first].group) {
        ++end;
    }
    return end - first;
}

template <class Item>
bool any_grouped(const std::vector<Item>& items) {
    return std::any_of(items.begin(), items.end(),
                       [](const Item& item) { return !item.group.empty(); });
}

}  // namespace

HtmlReportWriter::HtmlReportWriter(const ReportTemplate& report_template, const ReportView& report,
                                   const RenderOptions& options)
    : template_(report_template), report_(report), options_(options) {}

void HtmlReportWriter::text(std::string_view content) {
    append_html_escaped(out_, content);
}

std::string HtmlReportWriter::write() {
    out_.reserve(48 * 1024);
    std::string title = template_.title(options_.org_name, report_.year());
    raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    text(title);
    raw("</title>\n<style>");
    raw(kStyle);
    raw("</style>\n</head>\n<body>\n");
    if (options_.banner && !options_.banner->watermark.empty()) {
        raw("<div class=\"watermark\" aria-hidden=\"true\">");
        text(options_.banner->watermark);
        raw("</div>\n");
    }
    raw("<main class=\"page\">\n");
    write_banner();
    raw("<h1>");
    text(title);
    raw("</h1>\n");
    if (!options_.banner || !options_.banner->replaces_content) {
        for (const auto& section : template_.sections) {
            write_section(section);
        }
    }
    raw("</main>\n</body>\n</html>\n");
    return std::move(out_);
}

void HtmlReportWriter::write_banner() {
    if (!options_.banner || options_.banner->text.empty()) {
        return;
    }
    raw("<div class=\"banner\" role=\"note\">");
    text(options_.banner->text);
    raw("</div>\n");
}

void HtmlReportWriter::write_section(const SectionSpec& section) {
    raw("<section id=\"");
    text(section.key);
    raw("\">\n<h2>");
    text(section.heading);
    raw("</h2>\n");
    if (!section.is_table()) {
        write_paragraphs(report_.section_text(section.key));
    } else {
        switch (*section.layout) {
            case TableLayout::blocks:
                write_blocks_table(section);
                break;
            case TableLayout::matrix:
                write_matrix_table(section);
                break;
            case TableLayout::grouped_row:
                write_grouped_row_table(section);
                break;
        }
        write_paragraphs(report_.note(section.key));
    }
    raw("</section>\n");
}

void HtmlReportWriter::write_paragraphs(std::string_view content) {
    for (auto paragraph : split_paragraphs(content)) {
        raw("<p>");
        text(paragraph);
        raw("</p>\n");
    }
}

void HtmlReportWriter::write_cell(const SectionSpec& section, const DataRow& row,
                                  const ColumnSpec& column) {
    auto value = report_.cell(section, row, column);
    if (!value) {
        raw("<td class=\"missing\"></td>");
        return;
    }
    raw("<td>");
    text(*value);
    raw("</td>");
}

void HtmlReportWriter::write_blocks_table(const SectionSpec& section) {
    for (const auto& block : section.blocks) {
        raw("<table class=\"blocks\">\n<thead>\n");
        out_ +=
            fmt::format("<tr><th class=\"block-title\" colspan=\"{}\">", block.columns.size() + 1);
        text(block.title);
        raw("</th></tr>\n<tr><th>");
        text(section.row_heading);
        raw("</th>");
        for (const auto& column : block.columns) {
            raw("<th>");
            text(column.label);
            raw("</th>");
        }
        raw("</tr>\n</thead>\n<tbody>\n");
        for (const auto& row_spec : block.rows) {
            const DataRow& row = *section.find_row(row_spec.key);
            raw("<tr><th class=\"row-label\" scope=\"row\">");
            text(row.label);
            raw("</th>");
            for (const auto& column : block.columns) {
                write_cell(section, row, column);
            }
            raw("</tr>\n");
        }
        raw("</tbody>\n</table>\n");
    }
}

void HtmlReportWriter::write_matrix_table(const SectionSpec& section) {
    const BlockSpec& block = section.blocks.front();
    const auto& columns = block.columns;
    std::size_t label_columns = depth_of(block.rows);
    bool grouped = any_grouped(columns);
    std::size_t header_rows = (section.column_heading.empty() ? 0 : 1) + (grouped ? 2 : 1);

    raw("<table class=\"matrix\">\n<thead>\n<tr>");
    out_ += fmt::format("<th class=\"corner\" rowspan=\"{}\" colspan=\"{}\">", header_rows,
                        label_columns);
    text(section.corner_note);
    raw("</th>");
    if (!section.column_heading.empty()) {
        out_ += fmt::format("<th colspan=\"{}\">", columns.size());
        text(section.column_heading);
        raw("</th></tr>\n<tr>");
    }
    for (std::size_t c = 0; c < columns.size();) {
        if (columns[c].group.empty()) {
            out_ += grouped ? "<th rowspan=\"2\">" : "<th>";
            text(columns[c].label);
            raw("</th>");
            ++c;
            continue;
        }
        auto run = group_run(columns, c);
        out_ += fmt::format("<th colspan=\"{}\">", run);
        text(columns[c].group);
        raw("</th>");
        c += run;
    }
    raw("</tr>\n");
    if (grouped) {
        raw("<tr>");
        for (const auto& column : columns) {
            if (!column.group.empty()) {
                raw("<th>");
                text(column.label);
                raw("</th>");
            }
        }
        raw("</tr>\n");
    }
    raw("</thead>\n<tbody>\n");
    std::string pending;
    write_matrix_rows(section, block.rows, 0, label_columns, pending);
    raw("</tbody>\n</table>\n");
}

// A heading row's label cell is emitted on the line of its first data row (rowspan over
// all of them); `pending` carries such cells until that line is written.
void HtmlReportWriter::write_matrix_rows(const SectionSpec& section,
                                         const std::vector<RowSpec>& rows, std::size_t depth,
                                         std::size_t label_columns, std::string& pending) {
    for (const auto& row_spec : rows) {
        if (!row_spec.holds_data()) {
            pending += fmt::format("<th class=\"row-label\" rowspan=\"{}\">", leaves_of(row_spec));
            append_html_escaped(pending, row_spec.label);
            pending += "</th>";
            write_matrix_rows(section, row_spec.children, depth + 1, label_columns, pending);
            continue;
        }
        const DataRow& row = *section.find_row(row_spec.key);
        raw("<tr>");
        raw(pending);
        pending.clear();
        if (label_columns - depth > 1) {
            out_ += fmt::format("<th class=\"row-label\" scope=\"row\" colspan=\"{}\">",
                                label_columns - depth);
        } else {
            raw("<th class=\"row-label\" scope=\"row\">");
        }
        text(row.label);
        raw("</th>");
        for (const auto& column : section.columns_of(row)) {
            write_cell(section, row, column);
        }
        raw("</tr>\n");
    }
}

void HtmlReportWriter::write_grouped_row_table(const SectionSpec& section) {
    const BlockSpec& block = section.blocks.front();
    const auto& rows = block.rows;
    const auto width = block.columns.size();
    bool grouped = any_grouped(rows);

    raw("<table class=\"grouped-row\">\n<thead>\n<tr>");
    for (std::size_t r = 0; r < rows.size();) {
        if (rows[r].group.empty()) {
            out_ += grouped ? fmt::format("<th colspan=\"{}\" rowspan=\"2\">", width)
                            : fmt::format("<th colspan=\"{}\">", width);
            text(rows[r].label);
            raw("</th>");
            ++r;
            continue;
        }
        auto run = group_run(rows, r);
        out_ += fmt::format("<th colspan=\"{}\">", width * run);
        text(rows[r].group);
        raw("</th>");
        r += run;
    }
    raw("</tr>\n");
    if (grouped) {
        raw("<tr>");
        for (const auto& row : rows) {
            if (!row.group.empty()) {
                out_ += fmt::format("<th colspan=\"{}\">", width);
                text(row.label);
                raw("</th>");
            }
        }
        raw("</tr>\n");
    }
    raw("<tr>");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (const auto& column : block.columns) {
            raw("<th>");
            text(column.label);
            raw("</th>");
        }
    }
    raw("</tr>\n</thead>\n<tbody>\n<tr>");
    for (const auto& row_spec : rows) {
        const DataRow& row = *section.find_row(row_spec.key);
        for (const auto& column : block.columns) {
            write_cell(section, row, column);
        }
    }
    raw("</tr>\n</tbody>\n</table>\n");
}

}  // namespace gongkai::annual
