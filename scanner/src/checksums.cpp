#include "checksums.hpp"

#include <array>

namespace gongkai::scanner {

namespace {

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int number(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

bool is_real_date(int year, int month, int day) {
    using namespace std::chrono;
    return year_month_day(std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                          std::chrono::day(static_cast<unsigned>(day)))
        .ok();
}

}  // namespace

bool is_province_code(std::string_view two_digits) {
    if (two_digits.size() != 2 || !all_digits(two_digits)) {
        return false;
    }
    int code = number(two_digits);
    return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
           (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
           code == 71 || code == 81 || code == 82;
}

bool is_valid_resident_id_18(std::string_view id, std::chrono::year_month_day today) {
    static constexpr std::array<int, 17> kWeights{7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                  3, 7, 9,  10, 5, 8, 4, 2};
    static constexpr std::string_view kCheck = "10X98765432";
    if (id.size() != 18 || !all_digits(id.substr(0, 17)) || !is_province_code(id.substr(0, 2))) {
        return false;
    }
    char last = id[17] == 'x' ? 'X' : id[17];
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        sum += (id[i] - '0') * kWeights[i];
    }
    if (kCheck[static_cast<std::size_t>(sum % 11)] != last) {
        return false;
    }
    int year = number(id.substr(6, 4));
    int month = number(id.substr(10, 2));
    int day = number(id.substr(12, 2));
    if (year < 1800 || !is_real_date(year, month, day)) {
        return false;
    }
    std::chrono::year_month_day birth{std::chrono::year(year),
                                      std::chrono::month(static_cast<unsigned>(month)),
                                      std::chrono::day(static_cast<unsigned>(day))};
    return birth <= today;
}

bool is_valid_resident_id_15(std::string_view id) {
    if (id.size() != 15 || !all_digits(id) || !is_province_code(id.substr(0, 2))) {
        return false;
    }
    // The 1989 format was issued until 1999, so its two-digit years are all 19YY.
    return is_real_date(1900 + number(id.substr(6, 2)), number(id.substr(8, 2)),
                        number(id.substr(10, 2)));
}

bool passes_luhn(std::string_view digits) {
    if (digits.empty() || !all_digits(digits)) {
        return false;
    }
    int sum = 0;
    bool double_it = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int digit = *it - '0';
        if (double_it) {
            digit *= 2;
            if (digit > 9) {
                digit -= 9;
            }
        }
        sum += digit;
        double_it = !double_it;
    }
    return sum % 10 == 0;
}

bool is_valid_credit_code(std::string_view code) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static constexpr std::array<int, 17> kWeights{1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                  29, 25, 13, 8,  24, 10, 30, 28};
    // Registration authorities of GB 32100-2015 (1 机构编制 … 9 工商, A 中央军委, N 农业,
    // Y 其他).
    static constexpr std::string_view kAuthorities = "123456789ANY";
    // Characters 3–8 are an administrative division code: a province, or 100000 for organs
    // of the central government.
    if (code.size() != 18 || kAuthorities.find(code[0]) == std::string_view::npos ||
        !all_digits(code.substr(2, 6)) ||
        !(is_province_code(code.substr(2, 2)) || code.substr(2, 2) == "10")) {
        return false;
    }
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        auto value = kAlphabet.find(code[i]);
        if (value == std::string_view::npos) {
            return false;
        }
        sum += static_cast<int>(value) * kWeights[i];
    }
    auto check = kAlphabet.find(code[17]);
    return check != std::string_view::npos && static_cast<int>(check) == (31 - sum % 31) % 31;
}

}  // namespace gongkai::scanner
