#pragma once

#include "gongkai/annual/report_renderer.hpp"
#include "gongkai/annual/report_template.hpp"
#include "report_view.hpp"

#include <string>
#include <string_view>

namespace gongkai::annual {

// Writes one report as a self-contained HTML page in the official layout of its template.
class HtmlReportWriter {
public:
    HtmlReportWriter(const ReportTemplate& report_template, const ReportView& report,
                     const RenderOptions& options);

    std::string write();

private:
    void write_banner();
    void write_section(const SectionSpec& section);
    void write_paragraphs(std::string_view text);
    void write_blocks_table(const SectionSpec& section);
    void write_matrix_table(const SectionSpec& section);
    void write_matrix_rows(const SectionSpec& section, const std::vector<RowSpec>& rows,
                           std::size_t depth, std::size_t label_columns, std::string& pending);
    void write_grouped_row_table(const SectionSpec& section);
    void write_cell(const SectionSpec& section, const DataRow& row, const ColumnSpec& column);

    void text(std::string_view content);
    void raw(std::string_view markup) { out_.append(markup); }

    const ReportTemplate& template_;
    const ReportView& report_;
    const RenderOptions& options_;
    std::string out_;
};

}  // namespace gongkai::annual
