#pragma once

// The annual report (政府信息公开工作年度报告) as one object: the entry point for the server
// and the tools. Everything else in gongkai/annual/ is the machinery behind it.
//
//   // At start (a broken template folder is a configuration fault: TemplateError).
//   auto reports = AnnualReports::load("config/templates");
//
//   // report.validate, and the check before submit: {ok, errors: [{rule, path, message,
//   // expected?, actual?}], warnings: [...]}. `previous` is the organisation's published
//   // report of year-1 for R6, or nullptr (R6 is then a warning).
//   boost::json::object result = reports.validate(content, previous);
//   bool may_submit = result.at("ok").as_bool();
//
//   // Saving a draft: only what makes content unstorable (same shape).
//   boost::json::object draft = reports.check_draft(content);
//
//   // report.render and GET /public/reports/<id>: a complete HTML page or plain text.
//   std::string page = reports.render(content, RenderFormat::html, {.org_name = "…"});
//
//   // report.import: throws ImportError (a gongkai::Error, code validation_failed or
//   // too_large, details {import_failure}) for text that is not a usable report.
//   ImportResult imported = reports.import_text(text, {.year = 2020});
//   boost::json::object reply = imported.to_json();  // {report, assumptions, org_name}
//
//   // The template a new report of a year gets: "gov-annual-2019" for 2019–2020,
//   // "gov-annual-2021" from 2021.
//   std::optional<std::string> id = reports.default_template_id(2024);
//
// All methods are const and keep no state between calls: one instance may be shared by
// every thread of the server. Bad content never throws from validate/check_draft; it is
// reported in the result.

#include <gongkai/annual/import_error.hpp>
#include <gongkai/annual/path_labels.hpp>
#include <gongkai/annual/report_importer.hpp>
#include <gongkai/annual/report_renderer.hpp>
#include <gongkai/annual/report_validator.hpp>
#include <gongkai/annual/template_registry.hpp>
#include <gongkai/annual/validation_result.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gongkai::annual {

enum class RenderFormat { html, text };

// "html" or "text" (the `format` of report.render); nothing for anything else.
std::optional<RenderFormat> parse_render_format(std::string_view name);

class AnnualReports {
public:
    // Takes the templates (e.g. built with TemplateRegistry::add_toml by a module that
    // reads the configuration itself). Throws TemplateError when there are none.
    explicit AnnualReports(TemplateRegistry templates);
    // Loads every *.toml of `folder` (TemplateRegistry::load_directory).
    static AnnualReports load(const std::filesystem::path& folder);

    // The validator, renderer and importer refer to the registry, which lives on the heap:
    // moving is safe, copying is not needed.
    AnnualReports(AnnualReports&&) noexcept = default;
    AnnualReports& operator=(AnnualReports&&) = delete;
    AnnualReports(const AnnualReports&) = delete;
    AnnualReports& operator=(const AnnualReports&) = delete;

    // The full check: {ok, errors, warnings}.
    boost::json::object validate(const boost::json::object& content,
                                 const boost::json::object* previous_year = nullptr) const;
    // The same as typed problems (e.g. to put the errors into an Error's details).
    ValidationResult check(const boost::json::object& content,
                           const boost::json::object* previous_year = nullptr) const;
    // The draft check: {ok, errors, warnings}.
    boost::json::object check_draft(const boost::json::object& content) const;

    // The content in the official layout. Content need not be valid (drafts preview; missing
    // cells print empty). Throws gongkai::Error(validation_failed) when the template cannot
    // be determined from "template" or "year".
    std::string render(const boost::json::object& content, RenderFormat format,
                       const RenderOptions& options = {}) const;

    // Reads a word-processor copy of an existing report; see ReportImporter.
    ImportResult import_text(std::string_view text, const ImportOptions& options = {}) const;

    // What people read for a content path of this content (its template's printed labels,
    // see path_label in path_labels.hpp): 「三、收到和处理政府信息公开申请情况 一、本年新收
    // 政府信息公开申请数量 / 自然人」 for "applications.new_received.natural_person".
    // 「报告内容」 when the content's template cannot be determined.
    std::string path_label(const boost::json::object& content, std::string_view path) const;

    // The id of the template used by default for reports of `year`, if any.
    std::optional<std::string> default_template_id(std::int64_t year) const;

    const TemplateRegistry& templates() const { return *templates_; }

private:
    std::unique_ptr<const TemplateRegistry> templates_;
    ReportValidator validator_;
    ReportRenderer renderer_;
    ReportImporter importer_;
};

}  // namespace gongkai::annual
