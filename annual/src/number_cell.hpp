#pragma once

#include "gongkai/annual/report_template.hpp"

#include <boost/json/value.hpp>

#include <string_view>

namespace gongkai::annual {

// One table cell of imported text, read as a number of its column.
struct NumberCell {
    enum class Kind {
        value,         // `value` holds it: an integer for counts, a decimal string for amounts
        blank,         // empty, or a dash or 无 standing for nothing: read as 0 with a warning
        not_a_number,  // anything else
    };
    Kind kind = Kind::not_a_number;
    boost::json::value value;
};

// Tolerates white space anywhere, full-width digits, thousands separators and a unit after
// the number (万元 for amounts; 件 个 项 条 次 家 人 for counts). A sign is kept where it
// is written; the validator decides whether the column allows it.
NumberCell read_number_cell(std::string_view text, const ColumnSpec& column);

// Whether `text` could be a value cell of any column (a number, blank or a dash).
bool is_value_text(std::string_view text);

}  // namespace gongkai::annual
