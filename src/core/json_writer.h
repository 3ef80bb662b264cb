// A streaming JSON writer for API responses. It tracks commas itself, so a
// caller writes Key()/value pairs and Begin/End pairs and gets valid JSON.
// Strings are escaped per RFC 8259; invalid UTF-8 bytes become U+FFFD.
// Not thread-safe; one writer per response.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace waggle::core {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Writes an object key; the next call writes its value.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  // Non-finite doubles are written as null (JSON has no NaN).
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-serialized JSON as one value (caller guarantees validity).
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> first_;  // one entry per open container: no element yet
  bool after_key_ = false;
};

// Appends `s` to `out` as a quoted, escaped JSON string.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace waggle::core
