#include "gongkai/annual/annual_reports.hpp"

namespace gongkai::annual {

namespace {

// Checked before the members that refer to it are built: an empty registry would make
// every later call fail in a less obvious way.
std::unique_ptr<const TemplateRegistry> non_empty(TemplateRegistry templates) {
    if (templates.empty()) {
        throw TemplateError("no annual-report templates");
    }
    return std::make_unique<const TemplateRegistry>(std::move(templates));
}

}  // namespace

std::optional<RenderFormat> parse_render_format(std::string_view name) {
    if (name == "html") {
        return RenderFormat::html;
    }
    if (name == "text") {
        return RenderFormat::text;
    }
    return std::nullopt;
}

AnnualReports::AnnualReports(TemplateRegistry templates)
    : templates_(non_empty(std::move(templates))),
      validator_(*templates_),
      renderer_(*templates_),
      importer_(*templates_) {}

AnnualReports AnnualReports::load(const std::filesystem::path& folder) {
    return AnnualReports(TemplateRegistry::load_directory(folder));
}

boost::json::object AnnualReports::validate(const boost::json::object& content,
                                            const boost::json::object* previous_year) const {
    return check(content, previous_year).to_json();
}

ValidationResult AnnualReports::check(const boost::json::object& content,
                                      const boost::json::object* previous_year) const {
    return validator_.validate(content, previous_year);
}

boost::json::object AnnualReports::check_draft(const boost::json::object& content) const {
    return validator_.check_draft(content).to_json();
}

std::string AnnualReports::render(const boost::json::object& content, RenderFormat format,
                                  const RenderOptions& options) const {
    return format == RenderFormat::html ? renderer_.render_html(content, options)
                                        : renderer_.render_text(content, options);
}

ImportResult AnnualReports::import_text(std::string_view text, const ImportOptions& options) const {
    return importer_.import_text(text, options);
}

std::string AnnualReports::path_label(const boost::json::object& content,
                                      std::string_view path) const {
    const ReportTemplate* found = templates_->resolve(content);
    return found != nullptr ? annual::path_label(*found, path) : std::string("报告内容");
}

std::optional<std::string> AnnualReports::default_template_id(std::int64_t year) const {
    const ReportTemplate* found = templates_->default_for_year(year);
    if (found == nullptr) {
        return std::nullopt;
    }
    return found->id;
}

}  // namespace gongkai::annual
