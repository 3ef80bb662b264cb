// The segment footer: the column directory, segment-wide facts and the
// trace-id bloom. Encoded by the writer, parsed and bounds-checked by the
// reader (grammar in docs/formats/segment.md, "Footer").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/column/block_compression.h"
#include "store/column/column.h"
#include "store/column/encoding.h"

namespace waggle::store::segment {

// Where one stored (compressed) block lies in the file.
struct BlockRef {
  uint64_t offset = 0;       // absolute file offset
  uint32_t stored_size = 0;  // bytes in the file
  uint32_t raw_size = 0;     // bytes after decompression
  Codec codec = Codec::kNone;
  uint32_t checksum = 0;  // core::Checksum32 of the stored bytes
};

// One column of a segment: what the directory says about it.
struct ColumnInfo {
  ColumnKey key;
  uint32_t present_count = 0;
  bool sparse = false;
  // Statistics over present values: ints (kInt64/kBool), doubles (NaN
  // ignored) or strings (only when both are <= 64 bytes).
  bool has_minmax = false;
  int64_t min_int = 0;
  int64_t max_int = 0;
  double min_double = 0;
  double max_double = 0;
  std::string min_string;
  std::string max_string;
  uint64_t stored_bytes = 0;  // blocks + dictionary, as stored
  // Layout details for the reader.
  Encoding encoding = Encoding::kInt;
  bool has_dictionary = false;
  BlockRef dictionary;
  std::vector<BlockRef> blocks;
};

struct Footer {
  uint32_t rows = 0;
  int64_t min_time_ns = 0;
  int64_t max_time_ns = 0;
  uint32_t block_rows = 0;
  std::vector<ColumnInfo> columns;
  std::string bloom;  // empty when the segment has no trace ids
};

// Appends the encoded footer to `dst`.
void EncodeFooter(const Footer& footer, std::string* dst);

// Parses a footer. Every block it names must lie within [kHeaderSize,
// data_end); any violation of the grammar or limits is DataLoss.
absl::StatusOr<Footer> DecodeFooter(std::string_view data, uint64_t data_end);

}  // namespace waggle::store::segment
