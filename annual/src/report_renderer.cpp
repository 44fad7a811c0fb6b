#include "gongkai/annual/report_renderer.hpp"

#include "html_report_writer.hpp"
#include "report_view.hpp"
#include "text_report_writer.hpp"

#include <gongkai/core/error.hpp>

namespace gongkai::annual {

ReportRenderer::ReportRenderer(const TemplateRegistry& templates) : templates_(templates) {}

const ReportTemplate& ReportRenderer::template_of(const boost::json::object& report) const {
    const ReportTemplate* found = templates_.resolve(report);
    if (found == nullptr) {
        throw Error(ErrorCode::validation_failed,
                    "无法确定报告模板：template 不是已知模板，也没有可用的年度 year");
    }
    return *found;
}

std::string ReportRenderer::render_html(const boost::json::object& report,
                                        const RenderOptions& options) const {
    ReportView view(report);
    return HtmlReportWriter(template_of(report), view, options).write();
}

std::string ReportRenderer::render_text(const boost::json::object& report,
                                        const RenderOptions& options) const {
    ReportView view(report);
    return TextReportWriter(template_of(report), view, options).write();
}

}  // namespace gongkai::annual
