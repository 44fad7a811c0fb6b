#include "gongkai/annual/template_registry.hpp"

#include "template_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace gongkai::annual {

namespace {

// Template files are small; a huge file is a mistake, not a template.
constexpr std::uintmax_t kMaxTemplateBytes = 1024 * 1024;

std::string read_file(const std::filesystem::path& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxTemplateBytes) {
        throw TemplateError(
            fmt::format("{}: cannot read the template (missing or over 1 MiB)", path.string()));
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
        throw TemplateError(fmt::format("{}: cannot read the template", path.string()));
    }
    return content.str();
}

bool overlaps(const ReportTemplate& a, const ReportTemplate& b) {
    auto a_last = a.last_year.value_or(9999);
    auto b_last = b.last_year.value_or(9999);
    return a.first_year <= b_last && b.first_year <= a_last;
}

}  // namespace

TemplateRegistry TemplateRegistry::load_directory(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        throw TemplateError(fmt::format("{}: not a folder of report templates", folder.string()));
    }
    // Sorted, so that errors and ids() do not depend on the order of the folder listing.
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    if (ec) {
        throw TemplateError(fmt::format("{}: {}", folder.string(), ec.message()));
    }
    std::sort(files.begin(), files.end());
    TemplateRegistry registry;
    for (const auto& file : files) {
        registry.add_toml(read_file(file), file.string());
    }
    if (registry.empty()) {
        throw TemplateError(fmt::format("{}: no *.toml report templates", folder.string()));
    }
    return registry;
}

void TemplateRegistry::add_toml(std::string_view toml_text, std::string_view source_name) {
    ReportTemplate parsed = parse_template_toml(toml_text, source_name);
    if (templates_.count(parsed.id) != 0) {
        throw TemplateError(
            fmt::format("{}: template “{}” is defined twice", source_name, parsed.id));
    }
    for (const auto& [id, existing] : templates_) {
        if (overlaps(existing, parsed)) {
            throw TemplateError(fmt::format(
                "{}: the years of “{}” overlap those of “{}”: a year must select one template",
                source_name, parsed.id, id));
        }
    }
    std::string id = parsed.id;
    templates_.emplace(std::move(id), std::move(parsed));
}

const ReportTemplate* TemplateRegistry::find(std::string_view id) const {
    auto found = templates_.find(id);
    return found == templates_.end() ? nullptr : &found->second;
}

const ReportTemplate* TemplateRegistry::default_for_year(std::int64_t year) const {
    for (const auto& [id, report_template] : templates_) {
        if (report_template.covers_year(year)) {
            return &report_template;
        }
    }
    return nullptr;
}

const ReportTemplate* TemplateRegistry::resolve(const boost::json::object& report) const {
    if (const auto* id = report.if_contains("template")) {
        return id->is_string() ? find(id->get_string()) : nullptr;
    }
    if (const auto* year = report.if_contains("year"); year && year->is_int64()) {
        return default_for_year(year->get_int64());
    }
    return nullptr;
}

std::vector<std::string> TemplateRegistry::ids() const {
    std::vector<std::string> result;
    for (const auto& [id, report_template] : templates_) {
        result.push_back(id);
    }
    return result;
}

}  // namespace gongkai::annual
