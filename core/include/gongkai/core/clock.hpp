#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gongkai {

using TimePoint = std::chrono::system_clock::time_point;

// Where time comes from. Production code takes a Clock& so that timeouts, session expiry
// and reminders are tested by moving a ManualClock, never by sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(TimePoint::duration(now_.load())); }
    void advance(std::chrono::milliseconds by) { now_ += TimePoint::duration(by).count(); }
    void set(TimePoint to) { now_ = to.time_since_epoch().count(); }

private:
    std::atomic<TimePoint::rep> now_;
};

// UTC, ISO 8601, millisecond precision, fixed width ("2024-01-31T08:00:00.000Z") so that
// stored timestamps sort as text in time order.
std::string format_iso8601(TimePoint t);

// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" and "YYYY-MM-DDTHH:MM:SS.fffZ" (UTC only).
std::optional<TimePoint> parse_iso8601(std::string_view text);

// For pages people read (review record, public pages): a stored UTC timestamp as Beijing
// time, "2024-01-31 16:00" (China has one time zone, UTC+8, and no daylight saving time, so
// no time-zone database is needed). Text that is not a timestamp comes back unchanged.
std::string beijing_time_text(std::string_view iso_utc);
// The same, the date only: "2024-01-31".
std::string beijing_date_text(std::string_view iso_utc);

}  // namespace gongkai
