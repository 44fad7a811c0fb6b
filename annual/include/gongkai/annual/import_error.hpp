#pragma once

#include <gongkai/core/error.hpp>

#include <string>
#include <string_view>

namespace gongkai::annual {

// Why a text could not be imported. Tests and callers branch on this, not on the wording.
enum class ImportFailure {
    empty,             // nothing but whitespace
    too_large,         // over ImportOptions::max_bytes
    not_utf8,          // not valid UTF-8 (binary data, another encoding)
    not_a_report,      // no section headings of an annual report found
    missing_section,   // a table section (二, 三 or 四) is missing
    bad_table,         // a table is incomplete or holds something that is not a number
    unknown_year,      // no year in the title and none given
    unknown_template,  // the named template does not exist, or none is known for the year
};

std::string_view to_string(ImportFailure failure);

// A text that cannot be turned into a report. The message says in Chinese what is wrong and
// where (「第 12 行：……」), naming rows, tables and templates by their printed labels. An Error
// with code validation_failed (too_large for ImportFailure::too_large), so the API answers it as
// is.
class ImportError : public Error {
public:
    ImportError(ImportFailure failure, std::string message);

    ImportFailure failure() const noexcept { return failure_; }

private:
    ImportFailure failure_;
};

}  // namespace gongkai::annual
