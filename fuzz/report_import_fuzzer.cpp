// The annual-report importer (report.import, `gongkai report import`): the plain text a
// word processor gives, as a drafter pastes it. What it accepts is then checked and rendered
// as the server does with a new draft (check_draft, validate, render html and text).
//
// Bugs: crashes, sanitizer reports, exceptions other than gongkai::Error (ImportError is
// one), validate or check_draft throwing at all (they report problems, never throw), and an
// imported report that the draft check refuses (report.import would store nothing).
#include "support/fuzz_support.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/core/error.hpp>

#include <boost/json/serialize.hpp>

#include <memory>

namespace gongkai::fuzz {
namespace {

const annual::AnnualReports& shipped() {
    static const auto reports = std::make_unique<annual::AnnualReports>(
        annual::AnnualReports::load(source_dir() / "config" / "templates"));
    return *reports;
}

void import_and_use(std::string_view text) {
    const auto& reports = shipped();
    annual::ImportResult imported;
    if (!expect_only<Error>("import_text", [&] { imported = reports.import_text(text); })) {
        return;
    }
    boost::json::serialize(imported.to_json());
    expect_only<>("check_draft", [&] {
        auto check = reports.check_draft(imported.report);
        if (!check.at("ok").as_bool()) {
            report_bug("the draft check refuses an imported report", boost::json::serialize(check));
        }
        reports.validate(imported.report);
    });
    for (auto format : {annual::RenderFormat::html, annual::RenderFormat::text}) {
        expect_only<Error>("render", [&] {
            reports.render(imported.report, format, {.org_name = imported.org_name});
        });
    }
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    gongkai::fuzz::shipped();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::import_and_use(gongkai::fuzz::as_text(data, size));
    return 0;
}
