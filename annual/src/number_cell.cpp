#include "number_cell.hpp"

#include "cell_value.hpp"
#include "gongkai/annual/decimal_amount.hpp"
#include "text_folding.hpp"

#include <array>

namespace gongkai::annual {

namespace {

constexpr std::array<std::string_view, 7> kBlankWords = {"-", "--", "—", "——", "/", "无", "\\"};
constexpr std::array<std::string_view, 2> kAmountUnits = {"万元", "万"};
constexpr std::array<std::string_view, 7> kCountUnits = {"件", "个", "项", "条", "次", "家", "人"};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Digits with optional thousands separators ("1,234"); the separators are dropped.
bool take_digits(std::string_view text, std::string& digits) {
    if (text.empty()) {
        return false;
    }
    bool grouped = text.find(',') != std::string_view::npos;
    std::size_t since_comma = 0;
    bool seen_comma = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ',') {
            // A group of three must follow, and the first group has one to three digits.
            if (i == 0 || (seen_comma && since_comma != 3) || (!seen_comma && since_comma > 3)) {
                return false;
            }
            seen_comma = true;
            since_comma = 0;
            continue;
        }
        if (!is_digit(c)) {
            return false;
        }
        digits += c;
        ++since_comma;
    }
    return !grouped || since_comma == 3;
}

std::string_view strip_unit(std::string_view text, const ColumnSpec& column) {
    if (!column.value_suffix.empty() && text.ends_with(column.value_suffix)) {
        return text.substr(0, text.size() - column.value_suffix.size());
    }
    if (column.type == CellType::amount) {
        for (auto unit : kAmountUnits) {
            if (text.ends_with(unit)) {
                return text.substr(0, text.size() - unit.size());
            }
        }
        return text;
    }
    for (auto unit : kCountUnits) {
        if (text.ends_with(unit)) {
            return text.substr(0, text.size() - unit.size());
        }
    }
    return text;
}

NumberCell read_count(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::string digits;
    if (!take_digits(text, digits)) {
        return {};
    }
    // Beyond kMaxCount the number cannot be meant; refusing it also keeps sums in range.
    while (digits.size() > 1 && digits.front() == '0') {
        digits.erase(0, 1);
    }
    if (digits.size() > 13) {
        return {};
    }
    std::int64_t number = std::stoll(digits);
    if (number > kMaxCount) {
        return {};
    }
    return {NumberCell::Kind::value, boost::json::value(negative ? -number : number)};
}

NumberCell read_amount(std::string_view text) {
    auto point = text.find('.');
    std::string digits;
    if (!take_digits(text.substr(0, point), digits)) {
        return {};
    }
    std::string decimal = digits;
    if (point != std::string_view::npos) {
        auto fraction = text.substr(point + 1);
        if (fraction.empty() || !DecimalAmount::looks_decimal(fraction)) {
            return {};
        }
        decimal += ".";
        decimal += fraction;
    }
    // Kept as written (with more than four decimals too): the validator explains the rule.
    return {NumberCell::Kind::value, boost::json::value(decimal)};
}

}  // namespace

NumberCell read_number_cell(std::string_view text, const ColumnSpec& column) {
    std::string compact = compact_text(text);
    if (compact.empty()) {
        return {NumberCell::Kind::blank, {}};
    }
    for (auto word : kBlankWords) {
        if (compact == word) {
            return {NumberCell::Kind::blank, {}};
        }
    }
    std::string_view number = strip_unit(compact, column);
    return column.type == CellType::amount ? read_amount(number) : read_count(number);
}

bool is_value_text(std::string_view text) {
    static const ColumnSpec kAnyCount{"", "", "", CellType::signed_count, ""};
    static const ColumnSpec kAnyAmount{"", "", "", CellType::amount, ""};
    return read_number_cell(text, kAnyCount).kind != NumberCell::Kind::not_a_number ||
           read_number_cell(text, kAnyAmount).kind != NumberCell::Kind::not_a_number;
}

}  // namespace gongkai::annual
