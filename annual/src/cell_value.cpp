#include "cell_value.hpp"

#include "gongkai/annual/decimal_amount.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace gongkai::annual {

namespace {

bool is_blank_string(boost::json::string_view text) {
    return text.find_first_not_of(" \t\r\n") == boost::json::string_view::npos;
}

CellValue make(CellValue::State state, std::int64_t number = 0) {
    return {state, number};
}

CellValue read_count(const boost::json::value& value, CellType type) {
    using State = CellValue::State;
    if (value.is_int64()) {
        auto number = value.get_int64();
        if (number < 0 && type == CellType::count) {
            return make(State::negative, number);
        }
        if (number > kMaxCount || number < -kMaxCount) {
            return make(State::too_large);
        }
        return make(State::ok, number);
    }
    if (value.is_uint64()) {
        return make(State::too_large);  // only numbers above INT64_MAX are stored unsigned
    }
    if (value.is_double()) {
        return make(State::not_integer);
    }
    return make(State::wrong_type);
}

CellValue read_amount(const boost::json::value& value) {
    using State = CellValue::State;
    if (value.is_int64()) {
        auto number = value.get_int64();
        if (number < 0) {
            return make(State::negative);
        }
        if (number > DecimalAmount::kMaxYuan / 10000) {
            return make(State::too_large);
        }
        return make(State::ok, number * 10000);
    }
    if (value.is_uint64()) {
        return make(State::too_large);
    }
    if (value.is_string()) {
        std::string_view text(value.get_string().data(), value.get_string().size());
        if (auto amount = DecimalAmount::parse(text)) {
            return make(State::ok, amount->yuan());
        }
        if (!text.empty() && text.front() == '-' && DecimalAmount::looks_decimal(text.substr(1))) {
            return make(State::negative);
        }
        return make(State::bad_amount);
    }
    // Binary floating point cannot hold 14.73 exactly: amounts are strings or integers.
    return make(State::wrong_type);
}

}  // namespace

std::string CellValue::to_display(CellType type) const {
    if (type == CellType::amount) {
        return DecimalAmount::from_yuan(number).to_string();
    }
    return std::to_string(number);
}

CellValue read_cell(const boost::json::value* value, CellType type) {
    if (value == nullptr) {
        return make(CellValue::State::missing);
    }
    if (value->is_null() || (value->is_string() && is_blank_string(value->get_string()))) {
        return make(CellValue::State::blank);
    }
    return type == CellType::amount ? read_amount(*value) : read_count(*value, type);
}

std::string describe_json(const boost::json::value& value) {
    // Doubles as people write them (1.5, not Boost.JSON's 1.5E0).
    std::string text =
        value.is_double() ? fmt::format("{}", value.get_double()) : boost::json::serialize(value);
    constexpr std::size_t kMaxShown = 40;
    if (text.size() > kMaxShown) {
        // Cut at a character boundary: never in the middle of a UTF-8 sequence.
        std::size_t cut = kMaxShown;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        text = text.substr(0, cut) + "…";
    }
    return text;
}

}  // namespace gongkai::annual
