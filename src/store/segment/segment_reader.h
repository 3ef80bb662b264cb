// Reads a segment file written by WriteSegment. Open() maps the file and
// parses only the trailer and footer; column blocks are read from the map
// when a column is asked for, so opening is cheap and memory stays with the
// page cache. Every length in the file is checked: corruption or truncation
// gives DataLoss, never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/file.h"
#include "core/status.h"
#include "model/ids.h"
#include "store/column/column.h"
#include "store/index/bloom_filter.h"
#include "store/segment/footer.h"

namespace waggle::store::segment {

// An open segment. Immutable after Open(); every const method is
// thread-safe.
class SegmentReader {
 public:
  // Maps `path` and validates its header, trailer, footer checksum and
  // directory. NotFound if absent; DataLoss if malformed.
  static absl::StatusOr<std::unique_ptr<SegmentReader>> Open(const std::string& path);

  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  uint32_t rows() const { return footer_.rows; }
  int64_t min_time_ns() const { return footer_.min_time_ns; }
  int64_t max_time_ns() const { return footer_.max_time_ns; }
  uint64_t file_bytes() const { return file_.data().size(); }
  uint32_t block_rows() const { return footer_.block_rows; }

  // The column directory, in file order.
  const std::vector<ColumnInfo>& columns() const { return footer_.columns; }

  // The column with this name and type, or nullptr if the segment has none.
  // The pointer lives as long as the reader.
  const ColumnInfo* FindColumn(std::string_view name, ColumnType type) const;

  // Decodes every row of the column `info` (an element of columns()),
  // checking each block's checksum. DataLoss if the data is corrupt.
  absl::StatusOr<Column> ReadColumn(const ColumnInfo& info) const;
  // Like ReadColumn, but decodes only the blocks holding `rows` (ascending
  // row numbers); other rows read as absent or zero. For point reads.
  absl::StatusOr<Column> ReadColumnRows(const ColumnInfo& info,
                                        const std::vector<uint32_t>& rows) const;

  // False only if no span of trace `id` is in this segment; true when the
  // segment has no bloom filter.
  bool MayContainTrace(const model::TraceId& id) const;

 private:
  SegmentReader(core::MappedFile file, Footer footer, std::optional<index::BloomFilter> bloom)
      : file_(std::move(file)), footer_(std::move(footer)), bloom_(bloom) {}
  // The decompressed bytes of `ref`: a view of the map when stored raw, else
  // of `*scratch`.
  // Decodes every block, or only those `wanted` marks (null = all).
  absl::StatusOr<Column> ReadBlocks(const ColumnInfo& info, const std::vector<bool>* wanted) const;
  absl::StatusOr<std::string_view> LoadBlock(const BlockRef& ref, std::string* scratch) const;

  core::MappedFile file_;
  Footer footer_;
  std::optional<index::BloomFilter> bloom_;  // views footer_.bloom
};

}  // namespace waggle::store::segment
