// File: store/catalog/column_cache.h
//
// A byte-bounded LRU of decoded segment columns, shared by every
// SegmentPart of a store. Decompressing and decoding a column is most of a
// query's cost; the next query of an investigation, or a dashboard's
// refresh, usually touches the same columns of the same segments, and with
// the cache it reads them straight from memory.
//
// Segments are immutable and their ids are never reused, so an entry never
// goes stale: a segment's entries are erased when its part is destroyed
// (after retention dropped it and the last query holding it finished).
//
//   ColumnCache cache(512 << 20);
//   if (auto hit = cache.Find(segment_id, 3)) return hit;
//   auto column = Decode(...);
//   cache.Insert(segment_id, 3, column);
//
// Thread-safe: one mutex, taken once per (part, column) a query reads,
// never per row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "store/column/column.h"

namespace waggle::store {

struct ColumnCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;
  size_t bytes = 0;
  size_t entries = 0;
};

class ColumnCache {
 public:
  // Keeps at most `max_bytes` of decoded columns (0 disables the cache).
  explicit ColumnCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The cached column `column` of segment `segment_id`, or nullptr (counted
  // as a miss).
  std::shared_ptr<const Column> Find(uint64_t segment_id, uint32_t column);
  // Like Find, but a miss is not counted: for point reads, which decode
  // only a few rows and never insert.
  std::shared_ptr<const Column> Peek(uint64_t segment_id, uint32_t column);
  // Caches `value` as column `column` of segment `segment_id`, evicting the
  // least recently used columns to stay within the bound. A column larger
  // than an eighth of the bound is not kept, so one huge column cannot
  // flush everything else.
  void Insert(uint64_t segment_id, uint32_t column, std::shared_ptr<const Column> value);
  // Drops every cached column of segment `segment_id`.
  void EraseSegment(uint64_t segment_id);
  ColumnCacheStats stats() const;

  // Heap bytes `column` holds, as the cache accounts them.
  static size_t BytesOf(const Column& column);

 private:
  using Key = std::pair<uint64_t, uint32_t>;
  struct Entry {
    std::shared_ptr<const Column> value;
    size_t bytes = 0;
    std::list<Key>::iterator lru;  // position in lru_ (front = most recent)
  };

  std::shared_ptr<const Column> Lookup(uint64_t segment_id, uint32_t column, bool count_miss);
  void EvictLocked();

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::map<Key, Entry> entries_;  // ordered, so a segment's columns are one range
  std::list<Key> lru_;
  ColumnCacheStats stats_;
};

}  // namespace waggle::store
