// Writes a table of columns to one immutable segment file (format in
// docs/formats/segment.md). Used by the catalog's flush and compaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/column/block_compression.h"
#include "store/column/column.h"

namespace waggle::store::segment {

struct WriteOptions {
  // zstd level for every block. Level 1 is zstd's fastest and stays within
  // a few percent of level 3 on encoded columns (the encodings already took
  // out the structure zstd would find); decoding speed does not depend on it.
  // Compaction may pass a higher level.
  int zstd_level = 1;
  // Codec for every block (kZstd, or kLz4 for faster decoding).
  Codec codec = Codec::kZstd;
  // Rows per block: a positive multiple of 64. Larger blocks compress
  // better; smaller ones let a point read (a trace by id) decode less.
  // Measured on the synthetic mix: 16K rows cost 0.3 B/span over 64K and
  // cut trace-by-id latency by a third.
  uint32_t block_rows = 16 * 1024;
  // Bloom filter bits per distinct trace id. A trace lookup without a time
  // hint asks every segment, so false positives multiply with the segment
  // count: 16 bits (~0.05%) cost ~0.1 B/span more than 10 bits (~1%).
  int bloom_bits_per_key = 16;
};

struct SegmentStats {
  uint64_t file_bytes = 0;
  uint32_t rows = 0;
  int64_t min_time_ns = 0;
  int64_t max_time_ns = 0;
};

// Writes `columns` (each with exactly `rows` rows; one must be the dense
// kInt64 "timestamp") to `path` atomically: a temp file `path`.tmp, fsync,
// rename, fsync of the directory. Columns are written in the given order;
// a kFixed16 "trace.trace_id" column feeds the trace-id bloom filter.
// Returns InvalidArgument for malformed columns (wrong sizes, duplicate
// name+type, rows > kMaxRows, bad options) and the file system's error
// otherwise. A failure before the rename removes the temp file and leaves
// `path` untouched; only a failed directory fsync can leave a complete file.
// Thread-safe for distinct paths.
absl::StatusOr<SegmentStats> WriteSegment(const std::string& path,
                                          const std::vector<Column>& columns, uint32_t rows,
                                          const WriteOptions& options = {});

}  // namespace waggle::store::segment
