// The values a query sees: a typed scalar per row of a user-facing column,
// viewing the storage of the part being scanned (Value) or owning it
// (OwnedValue, for group keys kept after a part is released).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "query/spec/spec.h"

namespace waggle::query::exec {

enum class ValueType : uint8_t { kNull = 0, kBool, kInt, kDouble, kString };

struct Value {
  ValueType type = ValueType::kNull;
  int64_t i = 0;  // kInt, and kBool as 0/1
  double d = 0;   // kDouble
  std::string_view s;

  bool is_null() const { return type == ValueType::kNull; }
};

struct OwnedValue {
  ValueType type = ValueType::kNull;
  int64_t i = 0;
  double d = 0;
  std::string s;

  static OwnedValue From(const Value& v);
  Value view() const { return Value{type, i, d, s}; }
  bool operator==(const OwnedValue&) const = default;
};

// The value as a number: ints, doubles, bools (0/1) and numeric strings.
// False for null and non-numeric strings (such rows are skipped by numeric
// aggregates).
bool ToNumber(const Value& v, double* out);

// Appends a type-tagged encoding of `v` (equal values, equal bytes) to `out`:
// the identity of a group key across parts.
void AppendKeyBytes(const Value& v, std::string* out);

// A 64-bit hash of `v` (type-tagged), for COUNT_DISTINCT.
uint64_t HashValue(const Value& v);

// Total order used to sort breakdown values: null first, then bools,
// numbers (ints and doubles compared numerically), strings.
int CompareValues(const Value& a, const Value& b);

// Writes `v` as a JSON scalar (null for kNull).
void WriteValue(const Value& v, core::JsonWriter* w);

// Compares a row value with a filter literal: <0, 0, >0, or nullopt when
// they cannot be compared (e.g. a non-numeric string with a number).
std::optional<int> CompareWithLiteral(const Value& v, const Literal& lit);

}  // namespace waggle::query::exec
