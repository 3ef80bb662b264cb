// Typed attribute values: the OTLP AnyValue kinds. Scalars are stored as
// themselves; bytes as raw bytes; arrays and key-value lists as their JSON
// text (Honeycomb flattens them the same way), so every kind round-trips.
#pragma once

#include <cstdint>
#include <string_view>

namespace waggle::model {

enum class ValueKind : uint8_t {
  kEmpty = 0,
  kString = 1,
  kBool = 2,
  kInt = 3,
  kDouble = 4,
  kBytes = 5,   // raw bytes in `str`
  kArray = 6,   // JSON array text in `str`
  kKvlist = 7,  // JSON object text in `str`
};

// A value whose `str` points into a buffer owned elsewhere (the request or
// the batch's arena). Trivially copyable; 32 bytes.
struct Value {
  ValueKind kind = ValueKind::kEmpty;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string_view str;

  static Value String(std::string_view s) { return {ValueKind::kString, false, 0, 0, s}; }
  static Value Bool(bool v) { return {ValueKind::kBool, v, 0, 0, {}}; }
  static Value Int(int64_t v) { return {ValueKind::kInt, false, v, 0, {}}; }
  static Value Double(double v) { return {ValueKind::kDouble, false, 0, v, {}}; }
  static Value Bytes(std::string_view s) { return {ValueKind::kBytes, false, 0, 0, s}; }
  static Value Array(std::string_view json) { return {ValueKind::kArray, false, 0, 0, json}; }
  static Value Kvlist(std::string_view json) { return {ValueKind::kKvlist, false, 0, 0, json}; }
};

struct Attribute {
  std::string_view key;
  Value value;
};

// A half-open range [begin, end) of indexes into one of EventBatch's vectors.
struct Range {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
};

}  // namespace waggle::model
