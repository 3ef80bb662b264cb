#include "store/segment/segment_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "core/coding.h"
#include "core/file.h"
#include "core/hash.h"
#include "store/column/column_encoder.h"
#include "store/index/bloom_filter.h"
#include "store/segment/footer.h"
#include "store/segment/format.h"

namespace waggle::store::segment {
namespace {

absl::Status ValidateInput(const std::vector<Column>& columns, uint32_t rows,
                           const WriteOptions& options) {
  if (rows > kMaxRows) return absl::InvalidArgumentError("segment: too many rows");
  if (columns.size() > kMaxColumns) return absl::InvalidArgumentError("segment: too many columns");
  if (options.block_rows == 0 || options.block_rows % 64 != 0) {
    return absl::InvalidArgumentError("segment: block_rows must be a positive multiple of 64");
  }
  bool has_timestamp = false;
  std::set<std::pair<std::string_view, ColumnType>> keys;
  for (const Column& c : columns) {
    if (c.rows != rows) {
      return absl::InvalidArgumentError(
          fmt::format("segment: column {} has {} rows, want {}", c.key.name, c.rows, rows));
    }
    if (!keys.emplace(c.key.name, c.key.type).second) {
      return absl::InvalidArgumentError(fmt::format("segment: duplicate column {}", c.key.name));
    }
    if (c.key.name == kTimestampColumn && c.key.type == ColumnType::kInt64 && !c.sparse) {
      has_timestamp = true;
    }
  }
  if (!has_timestamp) return absl::InvalidArgumentError("segment: no dense kInt64 timestamp");
  return absl::OkStatus();
}

// Streams blocks into the temp file and remembers where each one went.
class BlockSink {
 public:
  BlockSink(core::AppendFile* file, const WriteOptions& options)
      : file_(file), compressor_(options.codec, options.zstd_level) {}

  absl::StatusOr<BlockRef> Write(std::string_view raw) {
    if (raw.size() > kMaxBlockRawBytes) {
      return absl::InvalidArgumentError("segment: a block exceeds 1 GiB");
    }
    BlockRef ref;
    ref.offset = file_->size();
    ASSIGN_OR_RETURN(ref.codec, compressor_.Compress(raw, &stored_));
    ref.stored_size = static_cast<uint32_t>(stored_.size());
    ref.raw_size = static_cast<uint32_t>(raw.size());
    ref.checksum = core::Checksum32(stored_);
    RETURN_IF_ERROR(file_->Append(stored_));
    return ref;
  }

 private:
  core::AppendFile* file_;
  BlockCompressor compressor_;
  std::string stored_;
};

absl::StatusOr<ColumnInfo> WriteColumn(const Column& column, uint32_t block_rows, BlockSink* sink) {
  ASSIGN_OR_RETURN(EncodedColumn encoded, EncodeColumn(column, block_rows));
  ColumnInfo info;
  info.key = column.key;
  info.sparse = column.sparse;
  info.encoding = encoded.encoding;
  const ColumnStats& s = encoded.stats;
  info.present_count = s.present_count;
  info.has_minmax = s.has_minmax;
  info.min_int = s.min_int;
  info.max_int = s.max_int;
  info.min_double = s.min_double;
  info.max_double = s.max_double;
  info.min_string = s.min_string;
  info.max_string = s.max_string;
  if (encoded.encoding == Encoding::kDict) {
    info.has_dictionary = true;
    ASSIGN_OR_RETURN(info.dictionary, sink->Write(encoded.dictionary));
    info.stored_bytes += info.dictionary.stored_size;
  }
  for (const std::string& block : encoded.blocks) {
    ASSIGN_OR_RETURN(BlockRef ref, sink->Write(block));
    info.stored_bytes += ref.stored_size;
    info.blocks.push_back(ref);
  }
  return info;
}

std::string BuildBloom(const std::vector<Column>& columns, int bits_per_key) {
  for (const Column& c : columns) {
    if (c.key.name != kTraceIdColumn || c.key.type != ColumnType::kFixed16) continue;
    index::BloomFilterBuilder builder(bits_per_key);
    for (uint32_t r = 0; r < c.rows; ++r) {
      if (c.IsPresent(r)) builder.AddKey(c.FixedAt(r, 16));
    }
    return builder.Finish();
  }
  return {};
}

void SetTimeRange(const std::vector<Column>& columns, Footer* footer) {
  for (const Column& c : columns) {
    if (c.key.name != kTimestampColumn || c.key.type != ColumnType::kInt64 || c.sparse) continue;
    if (c.ints.empty()) return;
    auto [lo, hi] = std::minmax_element(c.ints.begin(), c.ints.end());
    footer->min_time_ns = *lo;
    footer->max_time_ns = *hi;
    return;
  }
}

absl::Status WriteFile(core::AppendFile* file, const std::vector<Column>& columns, uint32_t rows,
                       const WriteOptions& options) {
  RETURN_IF_ERROR(file->Append(kHeaderMagic));
  Footer footer;
  footer.rows = rows;
  footer.block_rows = options.block_rows;
  SetTimeRange(columns, &footer);
  BlockSink sink(file, options);
  for (const Column& c : columns) {
    ASSIGN_OR_RETURN(ColumnInfo info, WriteColumn(c, options.block_rows, &sink));
    footer.columns.push_back(std::move(info));
  }
  footer.bloom = BuildBloom(columns, options.bloom_bits_per_key);
  std::string tail;
  EncodeFooter(footer, &tail);
  if (tail.size() > kMaxFooterBytes) return absl::InvalidArgumentError("segment: footer too large");
  uint64_t footer_offset = file->size();
  uint32_t footer_size = static_cast<uint32_t>(tail.size());
  uint32_t checksum = core::Checksum32(tail);
  core::PutFixed64(&tail, footer_offset);
  core::PutFixed32(&tail, footer_size);
  core::PutFixed32(&tail, checksum);
  core::PutFixed32(&tail, kFormatVersion);
  core::PutFixed32(&tail, kTrailerMagic);
  RETURN_IF_ERROR(file->Append(tail));
  RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace

absl::StatusOr<SegmentStats> WriteSegment(const std::string& path,
                                          const std::vector<Column>& columns, uint32_t rows,
                                          const WriteOptions& options) {
  RETURN_IF_ERROR(ValidateInput(columns, rows, options));
  std::string tmp = path + ".tmp";
  RETURN_IF_ERROR(core::RemoveFile(tmp));
  uint64_t file_bytes = 0;
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(core::AppendFile file, core::AppendFile::Open(tmp));
    RETURN_IF_ERROR(WriteFile(&file, columns, rows, options));
    file_bytes = file.size();
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return absl::InternalError(fmt::format("rename {}: {}", tmp, ec.message()));
    return core::SyncDir(std::filesystem::path(path).parent_path().string());
  }();
  if (!status.ok()) {
    core::RemoveFile(tmp).IgnoreError();
    return status;
  }
  SegmentStats stats;
  stats.file_bytes = file_bytes;
  stats.rows = rows;
  Footer range;
  SetTimeRange(columns, &range);
  stats.min_time_ns = range.min_time_ns;
  stats.max_time_ns = range.max_time_ns;
  return stats;
}

}  // namespace waggle::store::segment
