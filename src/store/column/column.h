// The in-memory column: what head segments build and what segment readers
// decode into. A column holds one value slot per row of its table; rows
// where the value is absent are marked in a presence bitmap (sparse
// attribute columns), and their slots hold zero / empty.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/value.h"

namespace waggle::store {

// Physical storage type of a column.
enum class ColumnType : uint8_t {
  kInt64 = 1,    // also timestamps and durations (ns)
  kDouble = 2,
  kBool = 3,
  kString = 4,   // also bytes, JSON arrays/objects (see ColumnKey::kind)
  kFixed16 = 5,  // 16-byte values: trace ids
  kFixed8 = 6,   // 8-byte values: span ids
};

// Identifies a column within a table. The same attribute name may appear
// with several types in one table (one column each).
struct ColumnKey {
  std::string name;
  ColumnType type = ColumnType::kString;
  // Logical kind for kString columns (kString, kBytes, kArray, kKvlist);
  // the matching scalar kind otherwise.
  model::ValueKind kind = model::ValueKind::kString;

  bool operator==(const ColumnKey&) const = default;
};

// A presence bitmap: bit r set means row r has a value.
class Bitmap {
 public:
  void Resize(size_t rows) { words_.resize((rows + 63) / 64, 0); }
  void Set(size_t row) { words_[row >> 6] |= uint64_t{1} << (row & 63); }
  bool Get(size_t row) const { return (words_[row >> 6] >> (row & 63)) & 1; }
  const std::vector<uint64_t>& words() const { return words_; }
  std::vector<uint64_t>& words() { return words_; }

 private:
  std::vector<uint64_t> words_;
};

// One column of `size()` rows. Exactly one of the value vectors is used,
// chosen by `key.type`. Not thread-safe.
struct Column {
  ColumnKey key;
  // Empty when every row is present (dense); else one bit per row.
  bool sparse = false;
  Bitmap present;
  std::vector<int64_t> ints;      // kInt64, and kBool as 0/1
  std::vector<double> doubles;    // kDouble
  std::vector<uint32_t> offsets;  // kString: size()+1 offsets into `bytes`
  std::string bytes;              // kString data; kFixed16/kFixed8: width*rows
  uint32_t rows = 0;
  // Optional dictionary form, filled only for kString columns decoded from a
  // dictionary encoding (query kernels group and filter on codes): row r's
  // value is dict_entries[dict_codes[r]] when present (absent rows hold 0).
  // Both empty otherwise; `bytes`/`offsets` are always filled as well.
  std::vector<uint32_t> dict_codes;
  std::vector<std::string> dict_entries;

  size_t size() const { return rows; }
  bool IsPresent(size_t row) const { return !sparse || present.Get(row); }
  std::string_view StringAt(size_t row) const {
    return std::string_view(bytes).substr(offsets[row], offsets[row + 1] - offsets[row]);
  }
  std::string_view FixedAt(size_t row, size_t width) const {
    return std::string_view(bytes).substr(row * width, width);
  }
  // Approximate heap bytes held.
  size_t MemoryUsage() const {
    return ints.capacity() * 8 + doubles.capacity() * 8 + offsets.capacity() * 4 +
           bytes.capacity() + present.words().capacity() * 8 + dict_codes.capacity() * 4;
  }
};

// Width in bytes of a fixed-size column type (0 for others).
inline size_t FixedWidth(ColumnType type) {
  return type == ColumnType::kFixed16 ? 16 : type == ColumnType::kFixed8 ? 8 : 0;
}

}  // namespace waggle::store
