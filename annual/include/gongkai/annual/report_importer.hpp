#pragma once

#include <gongkai/annual/template_registry.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual {

struct ImportOptions {
    std::optional<std::int64_t> year{};       // overrides the year found in the title
    std::string template_id{};                // overrides the template recognised from the tables
    std::size_t max_bytes = 2 * 1024 * 1024;  // real reports are 10–100 KB of text
};

// Something the importer had to assume; the drafter should check it.
struct ImportAssumption {
    // blank_cells, template, year, organisation, preamble, missing_section, ignored_text
    std::string kind;
    std::string message;             // Chinese sentence
    std::vector<std::string> paths;  // the cells or fields concerned, if any

    boost::json::object to_json() const;  // {kind, message, paths?}
};

struct ImportResult {
    boost::json::object report;  // the content, in the JSON shape of docs/annual-report.md
    std::vector<ImportAssumption> assumptions;
    std::string org_name;  // the organisation named above the title, or empty

    boost::json::array assumptions_json() const;
    // {report, assumptions: [{kind, message, paths?}], org_name}: what `report.import` answers.
    boost::json::object to_json() const;
};

// Reads the plain text a word processor gives when an annual report is copied out of it:
// section headings and row labels recognised by their text (tolerant of full-width and
// non-breaking spaces, tabs, line breaks inside cells, 、/，/. variants and the known
// heading variants), the numbers of each row in column order, narrative paragraphs kept.
// The result is not validated: run ReportValidator on it.
class ReportImporter {
public:
    // `templates` must outlive the importer.
    explicit ReportImporter(const TemplateRegistry& templates);

    // Throws ImportError when the text is not a usable report (empty, binary, too large,
    // a table missing or unreadable); never returns a report with a guessed number other
    // than a blank cell read as 0, and lists every such assumption.
    ImportResult import_text(std::string_view text, const ImportOptions& options = {}) const;

private:
    const TemplateRegistry& templates_;
};

}  // namespace gongkai::annual
