#include "store/catalog/segment_part.h"

namespace waggle::store {

SegmentPart::~SegmentPart() {
  if (cache_ != nullptr) cache_->EraseSegment(entry_.id);
}

std::vector<ColumnKey> SegmentPart::Keys() const {
  std::vector<ColumnKey> keys;
  for (const segment::ColumnInfo& info : reader_->columns()) keys.push_back(info.key);
  return keys;
}

int SegmentPart::IndexOf(const ColumnKey& key) const {
  const auto& columns = reader_->columns();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<std::shared_ptr<const Column>> SegmentPart::Read(const ColumnKey& key) const {
  int index = IndexOf(key);
  if (index < 0) return std::shared_ptr<const Column>();
  const auto slot = static_cast<uint32_t>(index);
  if (cache_ != nullptr) {
    if (auto hit = cache_->Find(entry_.id, slot)) return hit;
  }
  ASSIGN_OR_RETURN(Column column, reader_->ReadColumn(reader_->columns()[slot]));
  auto decoded = std::make_shared<const Column>(std::move(column));
  if (cache_ != nullptr) cache_->Insert(entry_.id, slot, decoded);
  return decoded;
}

absl::StatusOr<std::shared_ptr<const Column>> SegmentPart::ReadRows(
    const ColumnKey& key, const std::vector<uint32_t>& rows) const {
  int index = IndexOf(key);
  if (index < 0) return std::shared_ptr<const Column>();
  const auto slot = static_cast<uint32_t>(index);
  if (cache_ != nullptr) {
    if (auto hit = cache_->Peek(entry_.id, slot)) return hit;
  }
  ASSIGN_OR_RETURN(Column column, reader_->ReadColumnRows(reader_->columns()[slot], rows));
  return std::make_shared<const Column>(std::move(column));
}

}  // namespace waggle::store
