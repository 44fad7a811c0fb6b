// gongkai report validate|render|import: the annual report (政府信息公开工作年度报告) as
// JSON (docs/annual-report.md): checked against its template, printed in the official
// layout, or imported from the plain text of a word-processor copy.
#include "commands.hpp"

#include <gongkai/annual/import_error.hpp>
#include <gongkai/annual/report_importer.hpp>
#include <gongkai/annual/report_renderer.hpp>
#include <gongkai/annual/report_validator.hpp>
#include <gongkai/annual/template_registry.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace gongkai::cli {

namespace {

// Files the report commands read are reports, not archives: a bigger file is a mistake.
constexpr std::uintmax_t kMaxInputBytes = 16 * 1024 * 1024;

// A file named on the command line that cannot be used: exit code 2.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// build/bin/gongkai → config/templates of the source tree; then ./config/templates.
std::string default_templates_folder() {
    std::error_code ec;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto beside_build =
            (executable.parent_path() / ".." / ".." / "config" / "templates").lexically_normal();
        if (std::filesystem::is_directory(beside_build, ec)) {
            return beside_build.string();
        }
    }
    return "config/templates";
}

// The whole file, or standard input for "-".
std::string read_input(const std::string& path) {
    if (path == "-") {
        std::string content{std::istreambuf_iterator<char>(std::cin),
                            std::istreambuf_iterator<char>()};
        return content;
    }
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        throw InputError("cannot read " + path + ": " + ec.message());
    }
    if (size > kMaxInputBytes) {
        throw InputError(path + " is too large for a report (over 16 MiB)");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
        throw InputError("cannot read " + path);
    }
    return content.str();
}

// Parses JSON; a syntax error is described, not thrown.
std::optional<boost::json::value> parse_json(const std::string& text, std::string& problem) {
    boost::json::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec) {
        problem = ec.message();
        return std::nullopt;
    }
    return value;
}

// JSON for people: two-space indentation, members in their order, UTF-8 as is.
void write_pretty(std::ostream& out, const boost::json::value& value, int indent = 0) {
    std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    if (value.is_object() && !value.get_object().empty()) {
        out << "{\n";
        bool first = true;
        for (const auto& member : value.get_object()) {
            out << (first ? "" : ",\n") << pad << "  "
                << boost::json::serialize(boost::json::value(member.key())) << ": ";
            write_pretty(out, member.value(), indent + 1);
            first = false;
        }
        out << "\n" << pad << "}";
    } else if (value.is_array() && !value.get_array().empty()) {
        out << "[\n";
        bool first = true;
        for (const auto& element : value.get_array()) {
            out << (first ? "" : ",\n") << pad << "  ";
            write_pretty(out, element, indent + 1);
            first = false;
        }
        out << "\n" << pad << "]";
    } else {
        out << boost::json::serialize(value);
    }
}

annual::TemplateRegistry load_templates(const std::string& folder) {
    try {
        return annual::TemplateRegistry::load_directory(folder);
    } catch (const annual::TemplateError& e) {
        throw InputError(std::string("report templates: ") + e.what());
    }
}

void print_problems(const char* heading, const std::vector<annual::Problem>& problems) {
    if (problems.empty()) {
        return;
    }
    std::cout << heading << "\n";
    for (const auto& problem : problems) {
        std::cout << "  [" << problem.rule << "] "
                  << (problem.path.empty() ? "(报告)" : problem.path) << "\n      "
                  << problem.message << "\n";
    }
}

struct ReportOptions {
    std::string file;
    std::string templates;
    bool json = false;
    std::string previous;
    std::string format = "html";
    std::string org_name;
    std::string banner;
    std::string watermark;
    std::int64_t year = 0;
    std::string template_id;
};

int run_validate(const ReportOptions& options) {
    auto templates = load_templates(options.templates);
    annual::ReportValidator validator(templates);
    std::optional<boost::json::value> previous;
    if (!options.previous.empty()) {
        std::string problem;
        previous = parse_json(read_input(options.previous), problem);
        if (!previous) {
            throw InputError(options.previous + " is not valid JSON: " + problem);
        }
    }
    std::string problem;
    auto report = parse_json(read_input(options.file), problem);
    annual::ValidationResult result;
    if (report) {
        result = validator.validate(*report, previous ? &*previous : nullptr);
    } else {
        result.errors.push_back(
            {"schema", "", "不是有效的 JSON：" + problem, std::nullopt, std::nullopt});
    }
    if (options.json) {
        std::cout << boost::json::serialize(result.to_json()) << "\n";
    } else {
        print_problems("错误 / errors:", result.errors);
        print_problems("警告 / warnings:", result.warnings);
        std::cout << options.file << ": "
                  << (result.ok() ? "通过校验 / valid" : "未通过校验 / invalid") << " ("
                  << result.errors.size() << " 个错误 errors, " << result.warnings.size()
                  << " 个警告 warnings)\n";
    }
    return result.ok() ? kExitOk : kExitFailed;
}

int run_render(const ReportOptions& options) {
    auto templates = load_templates(options.templates);
    std::string problem;
    auto report = parse_json(read_input(options.file), problem);
    if (!report || !report->is_object()) {
        std::cerr << "gongkai: " << options.file << " is not a JSON object"
                  << (problem.empty() ? "" : ": " + problem) << "\n";
        return kExitFailed;
    }
    annual::RenderOptions render_options{options.org_name, std::nullopt};
    if (!options.banner.empty() || !options.watermark.empty()) {
        render_options.banner = annual::StatusBanner{options.banner, options.watermark, false};
    }
    annual::ReportRenderer renderer(templates);
    const auto& content = report->get_object();
    std::cout << (options.format == "text" ? renderer.render_text(content, render_options)
                                           : renderer.render_html(content, render_options));
    // Drafts may be rendered; say so when the content would not pass.
    auto check = annual::ReportValidator(templates).validate(*report);
    if (!check.ok()) {
        std::cerr << "gongkai: note: the report has " << check.errors.size()
                  << " validation errors (see gongkai report validate)\n";
    }
    return kExitOk;
}

int run_import(const ReportOptions& options) {
    auto templates = load_templates(options.templates);
    annual::ImportOptions import_options;
    if (options.year != 0) {
        import_options.year = options.year;
    }
    import_options.template_id = options.template_id;
    std::string text = read_input(options.file);
    try {
        auto result = annual::ReportImporter(templates).import_text(text, import_options);
        write_pretty(std::cout, result.report);
        std::cout << "\n";
        for (const auto& assumption : result.assumptions) {
            std::cerr << "假设 assumed [" << assumption.kind << "]: " << assumption.message << "\n";
        }
    } catch (const annual::ImportError& e) {
        std::cerr << "gongkai: " << options.file << ": " << e.what() << " ("
                  << annual::to_string(e.failure()) << ")\n";
        return kExitFailed;
    }
    return kExitOk;
}

// Input problems (unreadable file, broken templates) are usage errors: exit code 2.
Action guarded(int (*run)(const ReportOptions&), std::shared_ptr<ReportOptions> options) {
    return [run, options] {
        try {
            return run(*options);
        } catch (const InputError& e) {
            std::cerr << "gongkai: " << e.what() << "\n";
            return kExitUsage;
        }
    };
}

}  // namespace

void add_report_commands(CLI::App& app, Context& context) {
    auto options = std::make_shared<ReportOptions>();
    options->templates = default_templates_folder();
    auto add_templates_option = [&options](CLI::App* command) {
        command
            ->add_option("--templates", options->templates, "Folder of report templates (*.toml)")
            ->capture_default_str();
    };

    auto* report = app.add_subcommand(
        "report", "Annual reports (政府信息公开工作年度报告): validate, render, import");
    report->require_subcommand(1);

    auto* validate = report->add_subcommand(
        "validate",
        "Check an annual report (JSON) against its template and rules R1–R7; "
        "exit 0 when it has no errors, 1 when it has");
    validate->add_option("file", options->file, "Report JSON file, or - for standard input")
        ->required();
    validate->add_flag("--json", options->json, "Print exactly {ok, errors, warnings} as JSON");
    validate->add_option("--previous", options->previous,
                         "Last year's report (JSON) of the same organisation, for R6");
    add_templates_option(validate);
    validate->callback([&context, options] { context.action = guarded(run_validate, options); });

    auto* render = report->add_subcommand(
        "render", "Print an annual report in the official layout, as HTML or plain text");
    render->add_option("file", options->file, "Report JSON file, or - for standard input")
        ->required();
    render->add_option("--format", options->format, "html (a self-contained page) or text")
        ->check(CLI::IsMember({"html", "text"}))
        ->capture_default_str();
    render->add_option("--org-name", options->org_name,
                       "Organisation name printed before the year in the title");
    render->add_option("--banner", options->banner,
                       "A notice printed above the report (e.g. 草稿，未经审核)");
    render->add_option("--watermark", options->watermark,
                       "A short word printed faintly across the page (e.g. 草稿)");
    add_templates_option(render);
    render->callback([&context, options] { context.action = guarded(run_render, options); });

    auto* import =
        report->add_subcommand("import",
                               "Read the plain text of an existing report (copied out of a word "
                               "processor); print the report JSON, and to stderr what was assumed");
    import->add_option("file", options->file, "UTF-8 text file, or - for standard input")
        ->required();
    import->add_option("--year", options->year, "Report year (default: from the title)")
        ->check(CLI::Range(1900, 9999));
    import->add_option("--template", options->template_id,
                       "Template id (default: recognised from the tables)");
    add_templates_option(import);
    import->callback([&context, options] { context.action = guarded(run_import, options); });
}

}  // namespace gongkai::cli
