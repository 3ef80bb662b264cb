#include "store/catalog/chunk_part.h"

namespace waggle::store {

std::vector<ColumnKey> ChunkPart::Keys() const {
  std::vector<ColumnKey> keys;
  keys.reserve(chunk_->columns.size());
  for (const Column& c : chunk_->columns) keys.push_back(c.key);
  return keys;
}

absl::StatusOr<std::shared_ptr<const Column>> ChunkPart::Read(const ColumnKey& key) const {
  for (const Column& c : chunk_->columns) {
    // Aliasing pointer: the column lives as long as the chunk does.
    if (c.key == key) return std::shared_ptr<const Column>(chunk_, &c);
  }
  return std::shared_ptr<const Column>();
}

}  // namespace waggle::store
