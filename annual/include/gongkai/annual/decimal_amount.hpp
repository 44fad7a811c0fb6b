#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gongkai::annual {

// A non-negative amount in 万元 with at most four decimals (0.0001 万元 = 1 元), held exactly
// as an integer number of 元: amounts never pass through binary floating point.
class DecimalAmount {
public:
    static constexpr int kMaxDecimals = 4;
    // 10^14 元: far above any budget, and sums of many amounts stay inside int64.
    static constexpr std::int64_t kMaxYuan = 100'000'000'000'000;

    DecimalAmount() = default;
    static DecimalAmount from_yuan(std::int64_t yuan);

    // Reads "14.73", "0", "12.5000": digits, optionally one point and up to four decimals.
    // Nothing else (no sign, spaces, exponent or unit). Returns nothing when the text is not
    // such a number or exceeds kMaxYuan.
    static std::optional<DecimalAmount> parse(std::string_view text);
    // Whether `text` is a plain decimal number at all (so that "1.23456" can be told apart
    // from "abc": the first has too many decimals, the second is no number).
    static bool looks_decimal(std::string_view text);

    std::int64_t yuan() const { return yuan_; }
    // Shortest exact form: "14.73", "15", "0.0001".
    std::string to_string() const;

    auto operator<=>(const DecimalAmount&) const = default;

private:
    explicit DecimalAmount(std::int64_t yuan) : yuan_(yuan) {}
    std::int64_t yuan_ = 0;
};

}  // namespace gongkai::annual
