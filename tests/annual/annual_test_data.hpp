#pragma once

// Shared by the tests of the annual module: the shipped templates, the files under
// tests/annual/data, and small helpers to change one cell of a report by its path.
#include <gongkai/annual/template_registry.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual::testing {

inline std::filesystem::path data_dir() {
    return gongkai::testing::source_dir() / "tests" / "annual" / "data";
}

inline std::filesystem::path golden_dir() {
    return gongkai::testing::source_dir() / "tests" / "annual" / "golden";
}

inline std::filesystem::path templates_dir() {
    return gongkai::testing::source_dir() / "config" / "templates";
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

inline void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

// The templates of config/templates, loaded once.
inline const TemplateRegistry& shipped_templates() {
    static const TemplateRegistry registry = TemplateRegistry::load_directory(templates_dir());
    return registry;
}

// A report of tests/annual/data (valid-2019.json, valid-2021.json).
inline boost::json::value load_report(const std::string& name) {
    return boost::json::parse(read_file(data_dir() / name));
}

// The member at a dotted path ("applications.granted.total"), created if absent.
inline boost::json::value& at_path(boost::json::value& report, std::string_view path) {
    boost::json::value* current = &report;
    while (true) {
        auto dot = path.find('.');
        current = &current->as_object()[path.substr(0, dot)];
        if (dot == std::string_view::npos) {
            return *current;
        }
        path.remove_prefix(dot + 1);
    }
}

inline void add_to(boost::json::value& report, std::string_view path, std::int64_t delta) {
    auto& cell = at_path(report, path);
    cell = cell.as_int64() + delta;
}

// The codes of the system a text shows people (what the browser tests refuse on screens):
// dotted or snake_case identifiers (applications.new_received.total), template ids
// (gov-annual-2019) and rule ids (R6). Empty when the text is the office's Chinese.
inline std::vector<std::string> codes_in(const std::string& text) {
    static const std::regex kCode(
        R"(\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b|\bgov-annual-[0-9]{4}\b|\bR[0-9]+\b)");
    std::vector<std::string> found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kCode);
         it != std::sregex_iterator(); ++it) {
        found.push_back(it->str());
    }
    return found;
}

inline void erase_path(boost::json::value& report, std::string_view path) {
    auto dot = path.rfind('.');
    if (dot == std::string_view::npos) {
        report.as_object().erase(path);
        return;
    }
    at_path(report, path.substr(0, dot)).as_object().erase(path.substr(dot + 1));
}

}  // namespace gongkai::annual::testing
