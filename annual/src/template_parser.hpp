#pragma once

#include "gongkai/annual/report_template.hpp"

#include <string_view>

namespace gongkai::annual {

// Reads one template file (the TOML format of config/templates/*.toml), checks that it is
// complete and consistent, and derives the flattened data rows. Throws TemplateError with
// `source_name`, the line and the problem; unknown keys are refused so that a typo in a
// template cannot go unnoticed.
ReportTemplate parse_template_toml(std::string_view toml_text, std::string_view source_name);

}  // namespace gongkai::annual
