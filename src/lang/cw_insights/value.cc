#include "lang/cw_insights/value.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

#include "core/strings.h"

namespace waggle::lang::cw_insights {

Value Value::String(std::string s) {
  Value v;
  v.kind = Kind::kString;
  if (s.size() > kMaxValueBytes) s.resize(kMaxValueBytes);
  v.text = std::move(s);
  return v;
}

Value Value::Number(double d) {
  Value v;
  v.kind = Kind::kNumber;
  v.number = d;
  return v;
}

Value Value::Time(int64_t ms) {
  Value v;
  v.kind = Kind::kTime;
  v.number = static_cast<double>(ms);
  return v;
}

std::string Value::Text() const {
  switch (kind) {
    case Kind::kNull:
      return "";
    case Kind::kString:
      return text;
    case Kind::kNumber:
      return FormatNumber(number);
    case Kind::kTime:
      return FormatTimestamp(static_cast<int64_t>(number));
  }
  return "";
}

std::optional<double> Value::AsNumber() const {
  if (kind == Kind::kNumber || kind == Kind::kTime) return number;
  double d = 0;
  if (kind == Kind::kString && core::ParseNumber(text, &d)) return d;
  return std::nullopt;
}

int CompareValues(const Value& a, const Value& b) {
  std::optional<double> x = a.AsNumber(), y = b.AsNumber();
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  std::string s = a.Text(), t = b.Text();
  return s < t ? -1 : (s == t ? 0 : 1);
}

bool Truthy(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return false;
    case Value::Kind::kNumber:
      return v.number != 0 && !std::isnan(v.number);
    case Value::Kind::kTime:
      return true;
    case Value::Kind::kString:
      return !v.text.empty() && v.text != "0" && v.text != "false";
  }
  return false;
}

std::string FormatTimestamp(int64_t ms) {
  time_t s = static_cast<time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  struct tm tm = {};
  gmtime_r(&s, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:03}", buf, ((ms % 1000) + 1000) % 1000);
}

std::string FormatNumber(double d) { return fmt::format("{}", d); }

}  // namespace waggle::lang::cw_insights
