// report.validate, report.render, report.import, annual.templates: the annual report in the
// national format (gongkai::annual does the work; these adapt requests and replies).
#include "json_views.hpp"
#include "operations.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/annual/template_json.hpp>
#include <gongkai/api/request_fields.hpp>
#include <gongkai/core/canonical_json.hpp>
#include <gongkai/core/error.hpp>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

namespace gongkai::api {

namespace {

// Word-processor text of a real report is 10–100 KB; the frame limit applies first anyway.
constexpr std::size_t kMaxImportBytes = 2 * 1024 * 1024;
constexpr std::size_t kMaxTitleBytes = 1024;

const annual::AnnualReports& annual_of(Services& services) {
    const auto* annual = services.reports.content_rules().annual();
    if (annual == nullptr) {
        throw Error(ErrorCode::internal, "年度报告模板未加载");
    }
    return *annual;
}

std::string org_name(Services& services, const std::string& org) {
    auto tree = services.orgs.tree();
    const auto* found = tree->find(org);
    return found ? found->name : std::string();
}

}  // namespace

void add_annual_operations(const AddOperation& add, Services& services) {
    add("report.validate", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto report_id = fields.integer("report_id");
        auto revision = fields.optional_integer("revision");
        const auto* content = fields.optional_object("content");
        if (content != nullptr && revision) {
            throw Error(ErrorCode::bad_request, "content 与 revision 只能给出一个",
                        {{"field", "content"}});
        }
        auto check = content != nullptr
                         ? services.reports.validate_unsaved(call->actor(), report_id, *content)
                         : services.reports.validate(call->actor(), report_id, revision);
        call->succeed({{"ok", check.ok()},
                       {"errors", std::move(check.errors)},
                       {"warnings", std::move(check.warnings)}});
    });

    // The layouts a browser draws its editable grids from; the same for every user.
    add("annual.templates", true, [&services](const std::shared_ptr<Call>& call) {
        const auto* annual = services.reports.content_rules().annual();
        call->succeed({{"templates", annual != nullptr ? annual::templates_json(annual->templates())
                                                       : boost::json::array{}}});
    });

    add("report.render", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto format_name = fields.string("format", 16);
        auto format = annual::parse_render_format(format_name);
        if (!format) {
            throw Error(ErrorCode::bad_request, "format 必须是 \"html\" 或 \"text\"");
        }
        auto view = services.reports.get(call->actor(), fields.integer("report_id"),
                                         fields.optional_integer("revision"));
        if (view.report.kind != "annual_report") {
            throw Error(ErrorCode::bad_request, "只有年度报告（annual_report）有官方版式");
        }
        annual::RenderOptions options{.org_name = org_name(services, view.report.org)};
        options.banner = annual::status_banner(view.report.state);
        auto content = boost::json::parse(view.revision.content).as_object();
        call->succeed({{"format", format_name},
                       {"revision", view.revision.revision},
                       {"content", annual_of(services).render(content, *format, options)}});
    });

    add("report.import", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto org = fields.string("org", 64);
        annual::ImportOptions options;
        options.year = fields.optional_integer("year");
        options.template_id = fields.optional_string("template", 64).value_or("");
        auto imported =
            annual_of(services).import_text(fields.string("text", kMaxImportBytes), options);
        auto year = imported.report.contains("year") && imported.report.at("year").is_int64()
                        ? std::to_string(imported.report.at("year").as_int64())
                        : std::string();
        auto title = fields.optional_string("title", kMaxTitleBytes)
                         .value_or(fmt::format("{}{}年政府信息公开工作年度报告",
                                               org_name(services, org), year));
        auto assumptions = imported.assumptions_json();
        auto detected_org = imported.org_name;
        workflow::CreateReport request{std::move(org), "annual_report", std::move(title),
                                       std::move(imported.report), canonical_json(assumptions)};
        services.reports.create(
            call->actor(), std::move(request),
            call->then<workflow::ReportView>(
                [assumptions = std::move(assumptions),
                 detected_org = std::move(detected_org)](const workflow::ReportView& view) {
                    return boost::json::object{{"report", report_json(view)},
                                               {"assumptions", assumptions},
                                               {"org_name", detected_org}};
                }));
    });
}

}  // namespace gongkai::api
