#pragma once

// The check algorithms that separate a real identifier from a random run of digits
// (../shared/docs/secrecy-review.md). Inputs are ASCII, already stripped of separators.

#include <chrono>
#include <string_view>

namespace gongkai::scanner {

// GB 11643-1999: 17 digits + check character (X or x for 10), weighted sum mod 11, a
// province code, and a real birth date YYYYMMDD from 1800 up to `today`.
bool is_valid_resident_id_18(std::string_view id, std::chrono::year_month_day today);

// GB 11643-1989: 15 digits, a province code and a real birth date 19YYMMDD; no check digit.
bool is_valid_resident_id_15(std::string_view id);

// The first two digits of a resident ID: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82.
bool is_province_code(std::string_view two_digits);

// Luhn (ISO/IEC 7812) over a string of digits.
bool passes_luhn(std::string_view digits);

// GB 32100-2015 unified social credit code: 18 characters over 0-9 A-H J-N P-R T U W-Y,
// weighted sum mod 31, registration authority, and a division code with a province.
bool is_valid_credit_code(std::string_view code);

}  // namespace gongkai::scanner
