#include "text_report_writer.hpp"

namespace gongkai::annual {

namespace {

// Label columns wrap here, so that table 三 stays about 100 columns wide.
constexpr std::size_t kLabelWidth = 40;
constexpr std::size_t kHeaderWidth = 12;
constexpr std::size_t kIndentPerLevel = 2;
constexpr std::string_view kParagraphIndent = "\u3000\u3000";

using Align = TextTable::Align;

}  // namespace

TextReportWriter::TextReportWriter(const ReportTemplate& report_template, const ReportView& report,
                                   const RenderOptions& options)
    : template_(report_template), report_(report), options_(options) {}

std::string TextReportWriter::write() {
    out_ += template_.title(options_.org_name, report_.year());
    out_ += "\n\n";
    if (options_.banner && !options_.banner->text.empty()) {
        out_ += "【" + options_.banner->text + "】\n\n";
    }
    if (options_.banner && options_.banner->replaces_content) {
        return std::move(out_);
    }
    for (const auto& section : template_.sections) {
        write_section(section);
    }
    return std::move(out_);
}

void TextReportWriter::write_section(const SectionSpec& section) {
    out_ += section.heading;
    out_ += "\n\n";
    if (!section.is_table()) {
        write_paragraphs(report_.section_text(section.key));
        return;
    }
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

void TextReportWriter::write_paragraphs(std::string_view text) {
    auto paragraphs = split_paragraphs(text);
    for (auto paragraph : paragraphs) {
        out_ += kParagraphIndent;
        out_ += paragraph;
        out_ += '\n';
    }
    if (!paragraphs.empty()) {
        out_ += '\n';
    }
}

TextTable::Cell TextReportWriter::cell(const SectionSpec& section, const DataRow& row,
                                       const ColumnSpec& column) const {
    return {report_.cell(section, row, column).value_or(""), Align::right};
}

void TextReportWriter::write_blocks_table(const SectionSpec& section) {
    for (const auto& block : section.blocks) {
        out_ += block.title;
        out_ += '\n';
        TextTable table(block.columns.size() + 1);
        table.set_max_width(0, kLabelWidth);
        std::vector<TextTable::Cell> header{{section.row_heading}};
        for (const auto& column : block.columns) {
            header.push_back({column.label, Align::right});
        }
        table.add_row(std::move(header));
        table.add_rule();
        for (const auto& row_spec : block.rows) {
            const DataRow& row = *section.find_row(row_spec.key);
            std::vector<TextTable::Cell> cells{{row.label}};
            for (const auto& column : block.columns) {
                cells.push_back(cell(section, row, column));
            }
            table.add_row(std::move(cells));
        }
        out_ += table.render();
        out_ += '\n';
    }
}

void TextReportWriter::write_matrix_table(const SectionSpec& section) {
    const BlockSpec& block = section.blocks.front();
    const auto& columns = block.columns;
    if (!section.corner_note.empty()) {
        out_ += section.corner_note;
        out_ += '\n';
    }
    TextTable table(columns.size() + 1);
    table.set_max_width(0, kLabelWidth);
    for (std::size_t c = 1; c <= columns.size(); ++c) {
        table.set_max_width(c, kHeaderWidth);
    }
    if (!section.column_heading.empty()) {
        table.add_row({{""}, {section.column_heading, Align::left, columns.size()}});
    }
    // Group labels over their columns, then the column labels under them.
    std::vector<TextTable::Cell> groups{{""}};
    std::vector<TextTable::Cell> labels{{""}};
    bool grouped = false;
    for (std::size_t c = 0; c < columns.size();) {
        if (columns[c].group.empty()) {
            groups.push_back({columns[c].label, Align::right});
            labels.push_back({""});
            ++c;
            continue;
        }
        grouped = true;
        std::size_t run = 1;
        while (c + run < columns.size() && columns[c + run].group == columns[c].group) {
            ++run;
        }
        groups.push_back({columns[c].group, Align::left, run});
        for (std::size_t i = 0; i < run; ++i) {
            labels.push_back({columns[c + i].label, Align::right});
        }
        c += run;
    }
    table.add_row(std::move(groups));
    if (grouped) {
        table.add_row(std::move(labels));
    }
    table.add_rule();
    add_matrix_rows(table, section, block.rows, 0);
    out_ += table.render();
    out_ += '\n';
}

void TextReportWriter::add_matrix_rows(TextTable& table, const SectionSpec& section,
                                       const std::vector<RowSpec>& rows, std::size_t depth) {
    for (const auto& row_spec : rows) {
        if (!row_spec.holds_data()) {
            table.add_row({{row_spec.label, Align::left, 1, depth * kIndentPerLevel}});
            add_matrix_rows(table, section, row_spec.children, depth + 1);
            continue;
        }
        const DataRow& row = *section.find_row(row_spec.key);
        std::vector<TextTable::Cell> cells{{row.label, Align::left, 1, depth * kIndentPerLevel}};
        for (const auto& column : section.columns_of(row)) {
            cells.push_back(cell(section, row, column));
        }
        table.add_row(std::move(cells));
    }
}

// Table 四 is printed turned: one line per group, so that it fits a page of text.
void TextReportWriter::write_grouped_row_table(const SectionSpec& section) {
    const BlockSpec& block = section.blocks.front();
    TextTable table(block.columns.size() + 1);
    table.set_max_width(0, kLabelWidth);
    std::vector<TextTable::Cell> header{{""}};
    for (const auto& column : block.columns) {
        header.push_back({column.label, Align::right});
    }
    table.add_row(std::move(header));
    table.add_rule();
    for (const auto& row : section.data_rows) {
        std::vector<TextTable::Cell> cells{{row.qualified_label}};
        for (const auto& column : section.columns_of(row)) {
            cells.push_back(cell(section, row, column));
        }
        table.add_row(std::move(cells));
    }
    out_ += table.render();
    out_ += '\n';
}

}  // namespace gongkai::annual
