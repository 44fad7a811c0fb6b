#pragma once

#include <gongkai/annual/report_template.hpp>
#include <gongkai/annual/template_registry.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace gongkai::annual {

// A template's layout as JSON, so that a browser can draw editable grids exactly like the
// printed tables (`annual.templates`, docs/protocol.md):
//
//   {id, name, issued_by, first_year, last_year (null: open), title,
//    sections: [{key, number, heading, layout (null | "blocks" | "matrix" | "grouped_row"),
//                row_heading, column_heading, corner_note,
//                blocks: [{title, columns: [{key, label, group, type, value_suffix}],
//                          rows: [{key (null: heading row), label, group, children}]}]}],
//    rules: [{id, check, section, description}]}
//
// Every key is always present (empty texts are ""), so a client need not test for absence.
// What only the importer uses (aliases, heading variants and keywords) is left out.
// Row and column keys are those of the content and of the validator's paths
// ("applications.results_total.total").
boost::json::object template_json(const ReportTemplate& report_template);

// Every template of the registry, oldest first (by first_year).
boost::json::array templates_json(const TemplateRegistry& templates);

}  // namespace gongkai::annual
