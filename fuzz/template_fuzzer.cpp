// The annual-report template reader (config/templates/*.toml, TemplateRegistry::add_toml).
// A template it accepts is then used as the server would: its JSON layout for the browser
// (annual.templates), and an empty draft of it checked and rendered.
//
// Bugs: crashes, sanitizer reports, exceptions other than TemplateError from the reader or
// other than gongkai::Error from rendering, and the checks (which report problems) throwing.
#include "support/fuzz_support.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/annual/template_json.hpp>
#include <gongkai/core/error.hpp>

#include <boost/json/serialize.hpp>

namespace gongkai::fuzz {
namespace {

void read_and_use(std::string_view toml_text) {
    annual::TemplateRegistry registry;
    if (!expect_only<annual::TemplateError>(
            "add_toml", [&] { registry.add_toml(toml_text, "fuzz-template.toml"); })) {
        return;
    }
    boost::json::serialize(annual::templates_json(registry));
    const auto id = registry.ids().at(0);
    const auto first_year = registry.find(id)->first_year;
    annual::AnnualReports reports(std::move(registry));
    const boost::json::object draft{{"template", id}, {"year", first_year}};
    expect_only<>("checks", [&] {
        reports.check_draft(draft);
        reports.validate(draft);
    });
    for (auto format : {annual::RenderFormat::html, annual::RenderFormat::text}) {
        expect_only<Error>("render", [&] { reports.render(draft, format); });
    }
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::read_and_use(gongkai::fuzz::as_text(data, size));
    return 0;
}
