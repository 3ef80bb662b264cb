#include "store/catalog/column_cache.h"

#include <gtest/gtest.h>

#include <memory>

namespace waggle::store {
namespace {

// An int column of `rows` rows, each holding its row number.
std::shared_ptr<const Column> Ints(uint32_t rows) {
  auto c = std::make_shared<Column>();
  c->key = {"n", ColumnType::kInt64, model::ValueKind::kInt};
  c->rows = rows;
  for (uint32_t r = 0; r < rows; ++r) c->ints.push_back(r);
  c->ints.shrink_to_fit();
  return c;
}

TEST(ColumnCache, FindsWhatWasInserted) {
  ColumnCache cache(1 << 20);
  EXPECT_EQ(cache.Find(1, 0), nullptr);
  auto col = Ints(100);
  cache.Insert(1, 0, col);
  EXPECT_EQ(cache.Find(1, 0), col);
  EXPECT_EQ(cache.Find(1, 1), nullptr);
  EXPECT_EQ(cache.Find(2, 0), nullptr);
  EXPECT_EQ(cache.Peek(3, 0), nullptr);  // not a miss
  ColumnCacheStats s = cache.stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 3u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.bytes, ColumnCache::BytesOf(*col));
  EXPECT_GE(s.bytes, 800u);
}

TEST(ColumnCache, EvictsLeastRecentlyUsedWithinTheBound) {
  const size_t one = ColumnCache::BytesOf(*Ints(1000));
  ColumnCache cache(one * 8);  // eight columns fit; one is exactly an eighth
  for (uint32_t i = 0; i < 8; ++i) cache.Insert(1, i, Ints(1000));
  EXPECT_EQ(cache.stats().entries, 8u);
  ASSERT_NE(cache.Find(1, 0), nullptr);  // column 0 becomes the most recent
  cache.Insert(2, 0, Ints(1000));        // evicts column 1, the oldest
  EXPECT_NE(cache.Peek(1, 0), nullptr);
  EXPECT_EQ(cache.Peek(1, 1), nullptr);
  EXPECT_NE(cache.Peek(1, 2), nullptr);
  EXPECT_NE(cache.Peek(2, 0), nullptr);
  ColumnCacheStats s = cache.stats();
  EXPECT_EQ(s.entries, 8u);
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_LE(s.bytes, one * 8);
}

TEST(ColumnCache, RefusesColumnsLargerThanAnEighth) {
  const size_t one = ColumnCache::BytesOf(*Ints(1000));
  ColumnCache cache(one * 7);
  cache.Insert(1, 0, Ints(1000));
  EXPECT_EQ(cache.Peek(1, 0), nullptr);
  EXPECT_EQ(cache.stats().bytes, 0u);
  ColumnCache off(0);
  off.Insert(1, 0, Ints(1));
  EXPECT_EQ(off.Peek(1, 0), nullptr);
}

TEST(ColumnCache, EraseSegmentDropsOnlyItsColumns) {
  ColumnCache cache(1 << 20);
  for (uint64_t seg = 1; seg <= 3; ++seg) {
    for (uint32_t i = 0; i < 4; ++i) cache.Insert(seg, i, Ints(10));
  }
  cache.EraseSegment(2);
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_NE(cache.Peek(1, i), nullptr);
    EXPECT_EQ(cache.Peek(2, i), nullptr);
    EXPECT_NE(cache.Peek(3, i), nullptr);
  }
  EXPECT_EQ(cache.stats().entries, 8u);
  EXPECT_EQ(cache.stats().bytes, 8 * ColumnCache::BytesOf(*Ints(10)));
  cache.EraseSegment(7);  // unknown: nothing happens
  EXPECT_EQ(cache.stats().entries, 8u);
}

TEST(ColumnCache, CountsDictionaryEntries) {
  auto c = std::make_shared<Column>();
  c->key = {"s", ColumnType::kString, model::ValueKind::kString};
  Column plain = *c;
  c->dict_entries = {std::string(1000, 'x'), std::string(2000, 'y')};
  EXPECT_GE(ColumnCache::BytesOf(*c), ColumnCache::BytesOf(plain) + 3000);
}

}  // namespace
}  // namespace waggle::store
