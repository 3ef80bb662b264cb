#include "store/catalog/segment_part.h"

namespace waggle::store {

std::vector<ColumnKey> SegmentPart::Keys() const {
  std::vector<ColumnKey> keys;
  for (const segment::ColumnInfo& info : reader_->columns()) keys.push_back(info.key);
  return keys;
}

absl::StatusOr<std::shared_ptr<const Column>> SegmentPart::Read(const ColumnKey& key) const {
  for (const segment::ColumnInfo& info : reader_->columns()) {
    if (info.key == key) {
      ASSIGN_OR_RETURN(Column column, reader_->ReadColumn(info));
      return std::make_shared<const Column>(std::move(column));
    }
  }
  return std::shared_ptr<const Column>();
}

absl::StatusOr<std::shared_ptr<const Column>> SegmentPart::ReadRows(
    const ColumnKey& key, const std::vector<uint32_t>& rows) const {
  for (const segment::ColumnInfo& info : reader_->columns()) {
    if (info.key == key) {
      ASSIGN_OR_RETURN(Column column, reader_->ReadColumnRows(info, rows));
      return std::make_shared<const Column>(std::move(column));
    }
  }
  return std::shared_ptr<const Column>();
}

}  // namespace waggle::store
