#include "common/util/date.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace kiji {

namespace {

bool ReadDigits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  using namespace std::chrono;
  int y, mo, d;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !ReadDigits(text, 0, 4, y) ||
      !ReadDigits(text, 5, 2, mo) || !ReadDigits(text, 8, 2, d)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  char buffer[32];
  if (text.size() == 10) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, mo, d);
    return std::string(buffer);
  }
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  int h, mi, s = 0;
  if (!ReadDigits(text, 11, 2, h) || text.size() < 16 || text[13] != ':' ||
      !ReadDigits(text, 14, 2, mi) || h > 23 || mi > 59) {
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, s) || s > 60) return std::nullopt;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  int offset_minutes = 0;
  if (pos < text.size()) {
    const char sign = text[pos];
    if (sign == 'Z' && pos + 1 == text.size()) {
      // UTC
    } else if (sign == '+' || sign == '-') {
      int oh, om;
      std::string_view rest = text.substr(pos + 1);
      const bool with_colon = rest.size() == 5 && rest[2] == ':';  // +hh:mm, else +hhmm
      if ((!with_colon && rest.size() != 4) || !ReadDigits(rest, 0, 2, oh) ||
          !ReadDigits(rest, with_colon ? 3 : 2, 2, om)) {
        return std::nullopt;
      }
      offset_minutes = (sign == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  const sys_seconds local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
  const sys_seconds utc = local - minutes{offset_minutes};
  const auto utc_day = floor<days>(utc);
  const year_month_day out{utc_day};
  const hh_mm_ss<seconds> tod{utc - utc_day};
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(out.year()),
                static_cast<unsigned>(out.month()), static_cast<unsigned>(out.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return std::string(buffer);
}

namespace {

std::string FormatDay(std::chrono::year_month_day ymd) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

// `count` months back, on the same day or the month's last when it has fewer.
std::chrono::year_month_day MonthsBack(std::chrono::year_month_day from, long count) {
  using namespace std::chrono;
  const year_month back = year_month{from.year(), from.month()} - months{count};
  const day last = year_month_day_last{back.year(), month_day_last{back.month()}}.day();
  return year_month_day{back.year(), back.month(), std::min(from.day(), last)};
}

}  // namespace

std::optional<long> DayNumber(std::string_view normalized_date) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0;
  const std::string_view t = normalized_date;
  if (t.size() < 10 || t[4] != '-' || t[7] != '-' || !ReadDigits(t, 0, 4, y) || !ReadDigits(t, 5, 2, mo) ||
      !ReadDigits(t, 8, 2, d)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<long>(sys_days{ymd}.time_since_epoch().count());
}

std::string CompactDayOf(long day_number) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day_number}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string TodayUtc() {
  using namespace std::chrono;
  return FormatDay(year_month_day{floor<days>(system_clock::now())});
}

bool IsRelativeSpan(std::string_view text) {
  if (text.size() < 2 || text.size() > 6) return false;
  const char unit = text.back();
  if (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y') return false;
  return std::all_of(text.begin(), text.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> RelativeDay(std::string_view text, std::string_view today) {
  using namespace std::chrono;
  const std::optional<std::string> base = NormalizeDate(today.substr(0, 10));
  if (!base) return std::nullopt;
  int y = 0, mo = 0, d = 0;
  ReadDigits(*base, 0, 4, y);
  ReadDigits(*base, 5, 2, mo);
  ReadDigits(*base, 8, 2, d);
  const year_month_day from{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (text == "today") return *base;
  if (text == "yesterday") return FormatDay(year_month_day{sys_days{from} - days{1}});
  if (!IsRelativeSpan(text)) return std::nullopt;
  const long count = std::stol(std::string(text.substr(0, text.size() - 1)));
  if (count > 99999 || (text.back() == 'y' && count > 9999)) return std::nullopt;  // chrono's year range
  switch (text.back()) {
    case 'd': return FormatDay(year_month_day{sys_days{from} - days{count}});
    case 'w': return FormatDay(year_month_day{sys_days{from} - days{7 * count}});
    case 'm': return FormatDay(MonthsBack(from, count));
    default: return FormatDay(MonthsBack(from, 12 * count));
  }
}

std::optional<std::string> ResolveDateBound(std::string_view text, std::string_view today) {
  if (IsDateBound(text)) return std::string(text);
  std::optional<std::string> day = RelativeDay(text, today);
  if (day && day->size() == 10 && (*day)[0] != '-' && IsDateBound(*day)) return day;
  return std::nullopt;
}

std::string ImpliedRangeEnd(std::string_view start, std::string_view today) {
  return RelativeDay(start, today) ? ResolveDateBound("today", today).value_or("") : "";
}

bool RangeEndsBeforeStart(std::string_view start, std::string_view end) {
  return !start.empty() && !end.empty() && start.substr(0, end.size()) > end;
}

std::string CompactDay(std::string_view normalized_date) {
  if (normalized_date.size() < 10) return {};
  std::string out;
  out += normalized_date.substr(0, 4);
  out += normalized_date.substr(5, 2);
  out += normalized_date.substr(8, 2);
  return out;
}

bool IsDateBound(std::string_view text) {
  if (text.size() == 4) return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (text.size() == 7) return NormalizeDate(std::string(text) + "-01").has_value();
  if (text.size() == 10) return NormalizeDate(text).has_value();
  return false;
}

std::string HumanDate(std::string_view normalized_date) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  const std::string_view d = normalized_date;
  const auto digits = [&d](std::size_t from, std::size_t count) {
    return d.size() >= from + count &&
           d.substr(from, count).find_first_not_of("0123456789") == std::string_view::npos;
  };
  const bool day = (d.size() == 10 || (d.size() == 20 && d[10] == 'T' && d[19] == 'Z')) && digits(0, 4) &&
                   d[4] == '-' && digits(5, 2) && d[7] == '-' && digits(8, 2);
  if (!day) return std::string(d);
  const int month = std::stoi(std::string(d.substr(5, 2)));
  const int day_of_month = std::stoi(std::string(d.substr(8, 2)));
  if (month < 1 || month > 12) return std::string(d);
  std::string out = std::to_string(day_of_month) + " " + kMonths[month - 1] + " " + std::string(d.substr(0, 4));
  if (d.size() == 20) out += ", " + std::string(d.substr(11, 5)) + " UTC";
  return out;
}

}  // namespace kiji
