#include "gongkai/annual/report_renderer.hpp"

#include "html_report_writer.hpp"
#include "report_view.hpp"
#include "text_report_writer.hpp"

#include <gongkai/core/error.hpp>

namespace gongkai::annual {

std::optional<StatusBanner> status_banner(std::string_view state) {
    if (state == "published") return std::nullopt;
    if (state == "retracted") return StatusBanner{.text = "本报告已撤回", .watermark = "已撤回"};
    if (state == "draft") {
        return StatusBanner{.text = "草稿，未经审核，不得公开", .watermark = "草稿"};
    }
    if (state == "leader_approval") {
        return StatusBanner{.text = "送审稿，已通过保密审查，待领导签发，不得公开",
                            .watermark = "待签发"};
    }
    if (state == "approved") {
        return StatusBanner{.text = "领导已签发，待发布，发布前不得公开", .watermark = "待发布"};
    }
    return StatusBanner{.text = "送审稿，正在审查，不得公开", .watermark = "送审稿"};
}

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
