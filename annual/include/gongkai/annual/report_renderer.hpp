#pragma once

#include <gongkai/annual/template_registry.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gongkai::annual {

// A notice shown above the report: a draft watermark, or a retraction that takes the
// place of the content on a public page.
struct StatusBanner {
    std::string text{};  // e.g. 「草稿，未经审核，不得公开」 or 「本报告已于…撤回，原因：…」
    std::string watermark{};  // a short word printed faintly across every page (草稿); or empty
    bool replaces_content = false;  // show only the title and this banner (retracted reports)
};

// What a page of a report in `state` (a workflow state id) must say on its face, so that
// nobody mistakes it for what it is not: 草稿 while it is drafted, 送审稿 in review, 待领导签发
// once the secrecy review has passed, 待发布 once signed, 已撤回 after a retraction; nothing
// once published.
std::optional<StatusBanner> status_banner(std::string_view state);

struct RenderOptions {
    // Default member initialisers, so that `{.org_name = …}` leaves the rest empty without
    // a -Wmissing-field-initializers warning.
    std::string org_name{};  // printed before the year in the title; may be empty
    std::optional<StatusBanner> banner{};
};

// Prints annual-report content in the official layout of its template. Content need not
// be valid: a missing or unreadable cell prints empty (marked in HTML), so drafts can be
// previewed. Stateless after construction; one instance may be shared between threads.
class ReportRenderer {
public:
    // `templates` must outlive the renderer.
    explicit ReportRenderer(const TemplateRegistry& templates);

    // A complete, self-contained HTML page (inline CSS, no external resources, A4 print
    // styles). Every text is escaped. Throws gongkai::Error(validation_failed) when the
    // report's template cannot be determined.
    std::string render_html(const boost::json::object& report,
                            const RenderOptions& options = {}) const;

    // The same content as plain UTF-8 text, tables in aligned columns (CJK counted two
    // columns wide). Throws like render_html.
    std::string render_text(const boost::json::object& report,
                            const RenderOptions& options = {}) const;

private:
    const ReportTemplate& template_of(const boost::json::object& report) const;

    const TemplateRegistry& templates_;
};

}  // namespace gongkai::annual
