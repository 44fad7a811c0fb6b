#include "gongkai/annual/decimal_amount.hpp"

namespace gongkai::annual {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

DecimalAmount DecimalAmount::from_yuan(std::int64_t yuan) {
    return DecimalAmount(yuan);
}

bool DecimalAmount::looks_decimal(std::string_view text) {
    auto point = text.find('.');
    auto whole = text.substr(0, point);
    if (whole.empty()) {
        return false;
    }
    for (char c : whole) {
        if (!is_digit(c)) {
            return false;
        }
    }
    if (point == std::string_view::npos) {
        return true;
    }
    auto fraction = text.substr(point + 1);
    if (fraction.empty()) {
        return false;
    }
    for (char c : fraction) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

std::optional<DecimalAmount> DecimalAmount::parse(std::string_view text) {
    if (!looks_decimal(text)) {
        return std::nullopt;
    }
    auto point = text.find('.');
    auto whole = text.substr(0, point);
    auto fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (fraction.size() > kMaxDecimals) {
        return std::nullopt;
    }
    // Leading zeros are harmless; the digits that matter must fit below kMaxYuan.
    while (whole.size() > 1 && whole.front() == '0') {
        whole.remove_prefix(1);
    }
    if (whole.size() > 11) {
        return std::nullopt;
    }
    std::int64_t yuan = 0;
    for (char c : whole) {
        yuan = yuan * 10 + (c - '0');
    }
    for (int i = 0; i < kMaxDecimals; ++i) {
        yuan = yuan * 10 + (i < static_cast<int>(fraction.size()) ? fraction[i] - '0' : 0);
    }
    if (yuan > kMaxYuan) {
        return std::nullopt;
    }
    return DecimalAmount(yuan);
}

std::string DecimalAmount::to_string() const {
    std::string result = std::to_string(yuan_ / 10000);
    auto fraction = yuan_ % 10000;
    if (fraction != 0) {
        std::string digits = std::to_string(fraction);
        digits.insert(0, 4 - digits.size(), '0');
        while (digits.back() == '0') {
            digits.pop_back();
        }
        result += "." + digits;
    }
    return result;
}

}  // namespace gongkai::annual
