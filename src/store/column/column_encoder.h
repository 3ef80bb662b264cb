// Turns an in-memory Column into the raw (uncompressed) payloads that a
// segment file stores: an optional dictionary and one payload per block of
// `block_rows` rows. The encoding is chosen per column from its type and
// data; docs/formats/segment.md gives every payload's grammar:
//
//   block   := [presence bitmap of the block's rows, if sparse] values
//   values  := the block's present values, in the column's Encoding
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/column/column.h"
#include "store/column/encoding.h"

namespace waggle::store {

// String min/max are kept only when both are at most this long, so a footer
// never carries a huge value.
inline constexpr size_t kMaxStatStringBytes = 64;

// Per-column statistics for pruning, over present values only.
struct ColumnStats {
  uint32_t present_count = 0;
  // kInt64/kBool: min_int/max_int; kDouble: min_double/max_double (NaN
  // ignored); kString: min_string/max_string. False when no value counts.
  bool has_minmax = false;
  int64_t min_int = 0;
  int64_t max_int = 0;
  double min_double = 0;
  double max_double = 0;
  std::string min_string;
  std::string max_string;
};

// A column ready to be compressed and written.
struct EncodedColumn {
  Encoding encoding = Encoding::kInt;
  std::string dictionary;           // kDict only: the dictionary payload
  std::vector<std::string> blocks;  // block i holds rows [i*block_rows, (i+1)*block_rows)
  ColumnStats stats;
};

// Encodes `column`, whose vectors must match its type and `column.rows`
// (InvalidArgument otherwise, e.g. offsets not increasing or short vectors).
// `block_rows` must be a positive multiple of 64. Thread-safe (no shared state).
absl::StatusOr<EncodedColumn> EncodeColumn(const Column& column, uint32_t block_rows);

// Number of blocks a column of `rows` rows has at `block_rows` per block.
inline uint32_t BlockCount(uint32_t rows, uint32_t block_rows) {
  return static_cast<uint32_t>((uint64_t{rows} + block_rows - 1) / block_rows);
}

}  // namespace waggle::store
