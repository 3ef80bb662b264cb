// A TablePart over an immutable segment file. Whole-column reads go
// through the store's ColumnCache (when it has one), keyed by the segment's
// id; point reads (ReadRows) use a cached column if there is one and
// otherwise decode only the rows asked for, without caching them.
#pragma once

#include <memory>

#include "store/catalog/column_cache.h"
#include "store/catalog/manifest.h"
#include "store/catalog/table_part.h"
#include "store/segment/segment_reader.h"

namespace waggle::store {

class SegmentPart final : public TablePart {
 public:
  // `cache` may be null (no caching).
  SegmentPart(SegmentEntry entry, std::unique_ptr<segment::SegmentReader> reader,
              std::shared_ptr<ColumnCache> cache)
      : entry_(std::move(entry)), reader_(std::move(reader)), cache_(std::move(cache)) {}
  ~SegmentPart() override;
  uint32_t rows() const override { return reader_->rows(); }
  int64_t min_time_ns() const override { return reader_->min_time_ns(); }
  int64_t max_time_ns() const override { return reader_->max_time_ns(); }
  uint64_t bytes_on_disk() const override { return reader_->file_bytes(); }
  bool MayContainTrace(const model::TraceId& id) const override {
    return reader_->MayContainTrace(id);
  }
  std::vector<ColumnKey> Keys() const override;
  absl::StatusOr<std::shared_ptr<const Column>> Read(const ColumnKey& key) const override;
  absl::StatusOr<std::shared_ptr<const Column>> ReadRows(
      const ColumnKey& key, const std::vector<uint32_t>& rows) const override;
  const SegmentEntry& entry() const { return entry_; }

 private:
  // The index of `key` in reader_->columns(), or -1.
  int IndexOf(const ColumnKey& key) const;

  SegmentEntry entry_;
  std::unique_ptr<segment::SegmentReader> reader_;
  std::shared_ptr<ColumnCache> cache_;
};

}  // namespace waggle::store
