#pragma once

#include "gongkai/annual/report_renderer.hpp"
#include "gongkai/annual/report_template.hpp"
#include "report_view.hpp"
#include "text_table.hpp"

#include <string>
#include <string_view>

namespace gongkai::annual {

// Writes one report as plain text: headings, paragraphs, and the tables in aligned
// columns.
class TextReportWriter {
public:
    TextReportWriter(const ReportTemplate& report_template, const ReportView& report,
                     const RenderOptions& options);

    std::string write();

private:
    void write_section(const SectionSpec& section);
    void write_paragraphs(std::string_view text);
    void write_blocks_table(const SectionSpec& section);
    void write_matrix_table(const SectionSpec& section);
    void add_matrix_rows(TextTable& table, const SectionSpec& section,
                         const std::vector<RowSpec>& rows, std::size_t depth);
    void write_grouped_row_table(const SectionSpec& section);
    TextTable::Cell cell(const SectionSpec& section, const DataRow& row,
                         const ColumnSpec& column) const;

    const ReportTemplate& template_;
    const ReportView& report_;
    const RenderOptions& options_;
    std::string out_;
};

}  // namespace gongkai::annual
