// Test helpers shared by the column and segment tests: semantic column
// equality (present rows and their values; absent slots must be zero/empty).
#pragma once

#include <fmt/format.h>

#include <cstring>
#include <string>

#include "store/column/column.h"

namespace waggle::store {

// Returns "" if `a` and `b` hold the same rows, else a description of the
// first difference.
inline std::string ColumnDiff(const Column& a, const Column& b) {
  if (!(a.key == b.key)) return "keys differ";
  if (a.rows != b.rows) return fmt::format("rows {} vs {}", a.rows, b.rows);
  if (a.sparse != b.sparse) return "sparse flag differs";
  size_t width = FixedWidth(a.key.type);
  for (uint32_t r = 0; r < a.rows; ++r) {
    if (a.IsPresent(r) != b.IsPresent(r)) return fmt::format("presence differs at row {}", r);
    bool present = a.IsPresent(r);
    bool same = true;
    switch (a.key.type) {
      case ColumnType::kInt64:
      case ColumnType::kBool:
        same = present ? a.ints[r] == b.ints[r] : b.ints[r] == 0;
        break;
      case ColumnType::kDouble:
        // Compare bits so NaN payloads and -0.0 count too.
        same = present ? std::memcmp(&a.doubles[r], &b.doubles[r], 8) == 0 : b.doubles[r] == 0;
        break;
      case ColumnType::kString:
        same = present ? a.StringAt(r) == b.StringAt(r) : b.StringAt(r).empty();
        break;
      case ColumnType::kFixed16:
      case ColumnType::kFixed8:
        same = present ? a.FixedAt(r, width) == b.FixedAt(r, width)
                       : b.FixedAt(r, width) == std::string(width, '\0');
        break;
    }
    if (!same) return fmt::format("value differs at row {}", r);
  }
  return "";
}

}  // namespace waggle::store
