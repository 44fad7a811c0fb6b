#pragma once

#include <gongkai/annual/report_template.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual {

// A template file that cannot be used: a configuration fault, reported at start with the
// file and the place in it.
class TemplateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The known template versions, loaded once at start and read-only afterwards (safe to share
// between threads). Adding a template version means adding a file to the folder.
class TemplateRegistry {
public:
    // Loads every *.toml file of `folder`. Throws TemplateError for an unreadable or invalid
    // file, two files with one id, overlapping year ranges, or a folder without templates.
    static TemplateRegistry load_directory(const std::filesystem::path& folder);

    // Adds one template from TOML text; `source_name` names it in errors.
    void add_toml(std::string_view toml_text, std::string_view source_name);

    const ReportTemplate* find(std::string_view id) const;
    // The template used by default for reports of `year` (2019–2020 → gov-annual-2019,
    // 2021+ → gov-annual-2021 with the shipped files), or nullptr.
    const ReportTemplate* default_for_year(std::int64_t year) const;
    // The template a report's content uses: its "template" if that names a known template,
    // otherwise, when "template" is absent, the default for its "year"; else nullptr.
    const ReportTemplate* resolve(const boost::json::object& report) const;

    std::vector<std::string> ids() const;
    bool empty() const { return templates_.empty(); }

private:
    std::map<std::string, ReportTemplate, std::less<>> templates_;
};

}  // namespace gongkai::annual
