#include "store/catalog/column_cache.h"

#include <string>

namespace waggle::store {

size_t ColumnCache::BytesOf(const Column& column) {
  size_t bytes =
      sizeof(Column) + column.MemoryUsage() + column.dict_entries.capacity() * sizeof(std::string);
  for (const std::string& entry : column.dict_entries) {
    if (entry.capacity() >= sizeof(std::string)) bytes += entry.capacity();  // beyond SSO
  }
  return bytes;
}

std::shared_ptr<const Column> ColumnCache::Find(uint64_t segment_id, uint32_t column) {
  return Lookup(segment_id, column, /*count_miss=*/true);
}

std::shared_ptr<const Column> ColumnCache::Peek(uint64_t segment_id, uint32_t column) {
  return Lookup(segment_id, column, /*count_miss=*/false);
}

std::shared_ptr<const Column> ColumnCache::Lookup(uint64_t segment_id, uint32_t column,
                                                  bool count_miss) {
  std::lock_guard lock(mu_);
  auto it = entries_.find({segment_id, column});
  if (it == entries_.end()) {
    if (count_miss) ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.value;
}

void ColumnCache::Insert(uint64_t segment_id, uint32_t column,
                         std::shared_ptr<const Column> value) {
  size_t bytes = BytesOf(*value);
  if (bytes > max_bytes_ / 8) return;
  std::lock_guard lock(mu_);
  Key key{segment_id, column};
  auto [it, inserted] = entries_.try_emplace(key);
  if (!inserted) return;  // another query decoded it meanwhile
  lru_.push_front(key);
  it->second = Entry{std::move(value), bytes, lru_.begin()};
  stats_.bytes += bytes;
  ++stats_.entries;
  EvictLocked();
}

void ColumnCache::EraseSegment(uint64_t segment_id) {
  std::lock_guard lock(mu_);
  auto first = entries_.lower_bound({segment_id, 0});
  auto it = first;
  for (; it != entries_.end() && it->first.first == segment_id; ++it) {
    stats_.bytes -= it->second.bytes;
    --stats_.entries;
    lru_.erase(it->second.lru);
  }
  entries_.erase(first, it);
}

ColumnCacheStats ColumnCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void ColumnCache::EvictLocked() {
  while (stats_.bytes > max_bytes_ && !lru_.empty()) {
    auto it = entries_.find(lru_.back());
    stats_.bytes -= it->second.bytes;
    --stats_.entries;
    ++stats_.evictions;
    entries_.erase(it);
    lru_.pop_back();
  }
}

}  // namespace waggle::store
