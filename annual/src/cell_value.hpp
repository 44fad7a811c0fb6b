#pragma once

#include "gongkai/annual/report_template.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace gongkai::annual {

// What one JSON table cell holds, read against the type of its column. Shared by the
// validator (which reports every state but `ok`) and the renderer (which prints `ok` cells
// and leaves the rest empty).
struct CellValue {
    enum class State {
        ok,
        missing,      // no such member
        blank,        // null, or a string of nothing but spaces
        wrong_type,   // a JSON type the column can never hold (a draft cannot be stored)
        not_integer,  // a count written with a fraction or exponent
        negative,     // below zero where the column does not allow it
        bad_amount,   // an amount string that is no plain decimal, or has over 4 decimals
        too_large,    // beyond the sane range (counts over 10^12, amounts over 10^10 万元)
    };

    State state = State::missing;
    std::int64_t number = 0;  // ok: the count, or the amount in 元

    // ok cells as printed: "12", "-3", "14.73" (amounts in their shortest exact form).
    std::string to_display(CellType type) const;
};

inline constexpr std::int64_t kMaxCount = 1'000'000'000'000;

CellValue read_cell(const boost::json::value* value, CellType type);

// The cell as written in the JSON, for messages ("1.5", "\"abc\"", "true").
std::string describe_json(const boost::json::value& value);

}  // namespace gongkai::annual
