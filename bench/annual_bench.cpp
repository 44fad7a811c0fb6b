// gongkai-annual-bench: validates and renders (HTML and text) N annual reports and prints
// the time per report. Targets (issue #4): validation under 100 µs, HTML under 1 ms.
//
//   build/bin/gongkai-annual-bench [--count N] [--templates DIR]
//
// The reports are generated from the templates themselves, half in each version, with
// random numbers that satisfy R1–R7 and a few paragraphs of text, so that every report
// takes the full path (no early exit on a broken report).
#include <gongkai/annual/report_renderer.hpp>
#include <gongkai/annual/report_validator.hpp>
#include <gongkai/annual/template_registry.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace gongkai::annual;
using Clock = std::chrono::steady_clock;

const std::string kParagraph =
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "围绕重点领域信息公开、政策解读和回应关切，持续提升政务公开质量和实效。";

boost::json::object make_report(const ReportTemplate& report_template, std::int64_t year,
                                std::mt19937& random) {
    std::uniform_int_distribution<int> small(0, 9);
    boost::json::object report{{"template", report_template.id}, {"year", year}};
    boost::json::object sections;
    boost::json::object notes;
    for (const auto& section : report_template.sections) {
        if (!section.is_table()) {
            sections[section.key] = kParagraph + "\n" + kParagraph + "\n" + kParagraph;
            continue;
        }
        notes[section.key] = "";
        boost::json::object table;
        for (const auto& row : section.data_rows) {
            boost::json::object cells;
            for (const auto& column : section.columns_of(row)) {
                if (column.type == CellType::amount) {
                    cells[column.key] = fmt::format("{}.{}", small(random) * 7, small(random));
                } else {
                    cells[column.key] = small(random);
                }
            }
            table[row.key] = std::move(cells);
        }
        report[section.key] = std::move(table);
    }
    report["sections"] = std::move(sections);
    report["notes"] = std::move(notes);

    // Make the sums agree: R3 (results_total), R2 (total column), R1 (carry-over), R5.
    auto& applications = report["applications"].as_object();
    const RuleSpec* rule_r3 = nullptr;
    for (const auto& rule : report_template.rules) {
        if (rule.id == "R3") {
            rule_r3 = &rule;
        }
    }
    const SectionSpec& table_three = *report_template.find_section("applications");
    const auto& columns = table_three.blocks.front().columns;
    for (const auto& row : table_three.data_rows) {
        std::int64_t sum = 0;
        for (const auto& column : columns) {
            if (column.key != "total") {
                sum += applications[row.key].as_object()[column.key].as_int64();
            }
        }
        applications[row.key].as_object()["total"] = sum;
    }
    for (const auto& column : columns) {
        std::int64_t results = 0;
        for (const auto& key : rule_r3->right) {
            results += applications[key].as_object()[column.key].as_int64();
        }
        applications["results_total"].as_object()[column.key] = results;
        // R1: new + carried over = results + carried forward.
        auto forward = applications["carried_forward"].as_object()[column.key].as_int64();
        auto carried = std::min(applications["carried_over"].as_object()[column.key].as_int64(),
                                results + forward);
        applications["carried_over"].as_object()[column.key] = carried;
        applications["new_received"].as_object()[column.key] = results + forward - carried;
    }
    // The total column of the three rows above changed; recompute it.
    for (const char* key : {"new_received", "carried_over", "results_total"}) {
        std::int64_t sum = 0;
        for (const auto& column : columns) {
            if (column.key != "total") {
                sum += applications[key].as_object()[column.key].as_int64();
            }
        }
        applications[key].as_object()["total"] = sum;
    }
    for (auto& [key, group] : report["review_litigation"].as_object()) {
        auto& cells = group.as_object();
        cells["total"] = cells["upheld"].as_int64() + cells["corrected"].as_int64() +
                         cells["other"].as_int64() + cells["pending"].as_int64();
    }
    return report;
}

template <class Work>
double microseconds_per_report(const std::vector<boost::json::object>& reports, Work work) {
    auto start = Clock::now();
    for (const auto& report : reports) {
        work(report);
    }
    std::chrono::duration<double, std::micro> elapsed = Clock::now() - start;
    return elapsed.count() / static_cast<double>(reports.size());
}

}  // namespace

int main(int argc, char** argv) {
    std::string folder = GONGKAI_TEMPLATES_DIR;
    std::size_t count = 10'000;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string option = argv[i];
        if (option == "--count") {
            count = std::strtoul(argv[i + 1], nullptr, 10);
        } else if (option == "--templates") {
            folder = argv[i + 1];
        }
    }
    if (count == 0) {
        std::cerr << "usage: gongkai-annual-bench [--count N] [--templates DIR]\n";
        return 2;
    }
    auto templates = TemplateRegistry::load_directory(folder);
    ReportValidator validator(templates);
    ReportRenderer renderer(templates);

    std::mt19937 random(20240131);
    std::vector<boost::json::object> reports;
    reports.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::int64_t year = i % 2 == 0 ? 2020 : 2024;
        reports.push_back(make_report(*templates.default_for_year(year), year, random));
    }

    std::size_t failed = 0;
    std::size_t html_bytes = 0;
    std::size_t text_bytes = 0;
    RenderOptions options{"某某市某某区人民政府办公室", std::nullopt};
    auto validate = microseconds_per_report(reports, [&](const boost::json::object& report) {
        failed += validator.validate(report).ok() ? 0 : 1;
    });
    auto html = microseconds_per_report(reports, [&](const boost::json::object& report) {
        html_bytes += renderer.render_html(report, options).size();
    });
    auto text = microseconds_per_report(reports, [&](const boost::json::object& report) {
        text_bytes += renderer.render_text(report, options).size();
    });
    // The same report over and over: what a server sees right after parsing a request,
    // with the report still in cache (the loops above touch 10,000 reports in turn).
    auto start = Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
        failed += validator.validate(reports.front()).ok() ? 0 : 1;
    }
    std::chrono::duration<double, std::micro> warm_elapsed = Clock::now() - start;
    double warm = warm_elapsed.count() / static_cast<double>(count);

    fmt::print("{} annual reports ({} gov-annual-2019, {} gov-annual-2021)\n", count,
               (count + 1) / 2, count / 2);
    fmt::print("validate     {:8.1f} µs/report  (target < 100 µs; {} reports with errors)\n",
               validate, failed);
    fmt::print("validate     {:8.1f} µs/report  (one report again and again, warm cache)\n", warm);
    fmt::print("render html  {:8.1f} µs/report  (target < 1000 µs; {:.1f} KB/report)\n", html,
               html_bytes / 1024.0 / static_cast<double>(count));
    fmt::print("render text  {:8.1f} µs/report  ({:.1f} KB/report)\n", text,
               text_bytes / 1024.0 / static_cast<double>(count));
    return failed == 0 ? 0 : 1;
}
