#include "gongkai/core/clock.hpp"

#include <fmt/format.h>

#include <charconv>

namespace gongkai {

namespace {

using namespace std::chrono;

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) {
        return false;
    }
    auto first = text.data() + pos;
    auto last = first + len;
    auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc{} && ptr == last;
}

}  // namespace

std::string format_iso8601(TimePoint t) {
    auto ms = floor<milliseconds>(t);
    auto day = floor<days>(ms);
    year_month_day ymd{day};
    hh_mm_ss hms{ms - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", int(ymd.year()),
                       unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count(),
                       hms.subseconds().count());
}

std::optional<TimePoint> parse_iso8601(std::string_view text) {
    int y = 0, mo = 0, d = 0;
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !read_int(text, 0, 4, y) ||
        !read_int(text, 5, 2, mo) || !read_int(text, 8, 2, d)) {
        return std::nullopt;
    }
    year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    // A TimePoint (nanoseconds) holds 1677-09-22 to 2262-04-11: a date outside is no time it
    // can stand for (converting it would overflow). The last day is partial, so it is out too.
    constexpr sys_days kFirstDay = ceil<days>(TimePoint::min());
    constexpr sys_days kLastDay = floor<days>(TimePoint::max());
    if (!ymd.ok() || sys_days{ymd} < kFirstDay || sys_days{ymd} >= kLastDay) {
        return std::nullopt;
    }
    TimePoint result = sys_days{ymd};
    if (text.size() == 10) {
        return result;
    }
    int h = 0, mi = 0, s = 0;
    if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        !read_int(text, 11, 2, h) || !read_int(text, 14, 2, mi) || !read_int(text, 17, 2, s) ||
        h > 23 || mi > 59 || s > 59) {
        return std::nullopt;
    }
    result += hours{h} + minutes{mi} + seconds{s};
    std::string_view rest = text.substr(19);
    if (rest.size() == 5 && rest[0] == '.' && rest[4] == 'Z') {
        int frac = 0;
        if (!read_int(rest, 1, 3, frac)) {
            return std::nullopt;
        }
        result += milliseconds{frac};
    } else if (rest != "Z") {
        return std::nullopt;
    }
    return result;
}

namespace {

std::optional<std::chrono::sys_time<std::chrono::minutes>> beijing_minutes(std::string_view iso) {
    auto utc = parse_iso8601(iso);
    if (!utc) return std::nullopt;
    return std::chrono::floor<std::chrono::minutes>(*utc) + std::chrono::hours(8);
}

}  // namespace

std::string beijing_time_text(std::string_view iso_utc) {
    auto local = beijing_minutes(iso_utc);
    if (!local) return std::string(iso_utc);
    auto day = std::chrono::floor<std::chrono::days>(*local);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss hm{*local - day};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                       unsigned(ymd.day()), hm.hours().count(), hm.minutes().count());
}

std::string beijing_date_text(std::string_view iso_utc) {
    auto text = beijing_time_text(iso_utc);
    return text.size() == 16 ? text.substr(0, 10) : text;
}

}  // namespace gongkai
