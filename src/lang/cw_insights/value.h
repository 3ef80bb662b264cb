// File: lang/cw_insights/value.h
//
// The values Insights expressions compute: absent (null), text, numbers
// and timestamps (epoch ms, rendered "YYYY-MM-DD HH:MM:SS.mmm" UTC).
// Event fields are text; arithmetic and numeric functions give numbers;
// comparisons and predicates give 1 or 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace waggle::lang::cw_insights {

// Longest text an expression may build (longer results are cut).
inline constexpr size_t kMaxValueBytes = 256 * 1024;

struct Value {
  enum class Kind { kNull, kString, kNumber, kTime };
  Kind kind = Kind::kNull;
  std::string text;   // kString
  double number = 0;  // kNumber, kTime (ms)

  // A text value, cut at kMaxValueBytes.
  static Value String(std::string s);
  // A number value.
  static Value Number(double d);
  // A timestamp value at epoch `ms`.
  static Value Time(int64_t ms);
  // 1 for true, 0 for false.
  static Value Bool(bool b) { return Number(b ? 1 : 0); }

  // False for null.
  bool present() const { return kind != Kind::kNull; }
  // The text shown in results ("" for null).
  std::string Text() const;
  // The numeric value: numbers, timestamps (ms) and numeric text.
  std::optional<double> AsNumber() const;
};

// Orders two present values: numerically when both are numeric, else as text.
int CompareValues(const Value& a, const Value& b);

// Whether a filter holds for `v`: null, 0, "", "0" and "false" do not.
bool Truthy(const Value& v);

// `ms` as Insights renders timestamps: "YYYY-MM-DD HH:MM:SS.mmm" (UTC).
std::string FormatTimestamp(int64_t ms);

// `d` as results show numbers: integers without a fraction, others in the
// shortest form that reads back the same.
std::string FormatNumber(double d);

}  // namespace waggle::lang::cw_insights
