#include "store/head/table_builder.h"

#include <gtest/gtest.h>

#include <memory>

namespace waggle::store {
namespace {

TEST(TableBuilderTest, SparseColumnsArePaddedAndMarked) {
  TableBuilder t;
  t.BeginRow(30);
  t.SetString("a:route", "/home");
  t.BeginRow(10);
  t.SetInt("a:user", 42);
  t.BeginRow(20);
  t.SetString("a:route", "/x");
  t.SetString("a:route", "/y");  // the last value in a row wins
  Chunk c = t.Seal();
  ASSERT_EQ(c.rows, 3u);
  EXPECT_EQ(c.min_time_ns, 10);
  EXPECT_EQ(c.max_time_ns, 30);
  const Column* route = c.Find("a:route", ColumnType::kString);
  ASSERT_NE(route, nullptr);
  ASSERT_EQ(route->rows, 3u);
  EXPECT_TRUE(route->sparse);
  EXPECT_TRUE(route->IsPresent(0));
  EXPECT_FALSE(route->IsPresent(1));
  EXPECT_TRUE(route->IsPresent(2));
  EXPECT_EQ(route->StringAt(0), "/home");
  EXPECT_EQ(route->StringAt(1), "");
  EXPECT_EQ(route->StringAt(2), "/y");
  const Column* user = c.Find("a:user", ColumnType::kInt64);
  ASSERT_NE(user, nullptr);
  ASSERT_EQ(user->ints.size(), 3u);
  EXPECT_FALSE(user->IsPresent(0));
  EXPECT_TRUE(user->IsPresent(1));
  EXPECT_EQ(user->ints[1], 42);
  EXPECT_FALSE(user->IsPresent(2));
  EXPECT_EQ(t.rows(), 0u);
}

TEST(TableBuilderTest, SameNameDifferentTypesAreSeparateColumns) {
  TableBuilder t;
  t.BeginRow(1);
  t.SetValue("a:v", model::Value::Int(7));
  t.BeginRow(2);
  t.SetValue("a:v", model::Value::String("seven"));
  t.BeginRow(3);
  t.SetValue("a:v", model::Value::Array("{\"values\":[]}"));
  Chunk c = t.Seal();
  int found = 0;
  for (const Column& col : c.columns) {
    if (col.key.name == "a:v") ++found;
  }
  EXPECT_EQ(found, 3);
}

TEST(TableBuilderTest, MergeSortsByTimeAndUnionsColumns) {
  TableBuilder a;
  a.BeginRow(50);
  a.SetString("name", "late");
  a.BeginRow(10);
  a.SetString("name", "early");
  TableBuilder b;
  b.BeginRow(30);
  b.SetString("name", "middle");
  b.SetDouble("a:x", 1.5);
  std::vector<std::shared_ptr<const Chunk>> chunks = {std::make_shared<const Chunk>(a.Seal()),
                                                      std::make_shared<const Chunk>(b.Seal())};
  Chunk m = MergeAndSortByTime(chunks);
  ASSERT_EQ(m.rows, 3u);
  const Column* name = m.Find("name", ColumnType::kString);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->StringAt(0), "early");
  EXPECT_EQ(name->StringAt(1), "middle");
  EXPECT_EQ(name->StringAt(2), "late");
  const Column* x = m.Find("a:x", ColumnType::kDouble);
  ASSERT_NE(x, nullptr);
  EXPECT_FALSE(x->IsPresent(0));
  EXPECT_TRUE(x->IsPresent(1));
  EXPECT_DOUBLE_EQ(x->doubles[1], 1.5);
  EXPECT_FALSE(x->IsPresent(2));
  EXPECT_FALSE(name->sparse);
}

TEST(TableBuilderTest, SnapshotLeavesBuilderIntact) {
  TableBuilder t;
  t.BeginRow(1);
  t.SetFixed("trace.span_id", ColumnType::kFixed8, reinterpret_cast<const uint8_t*>("abcdefgh"));
  Chunk s = t.Snapshot();
  EXPECT_EQ(s.rows, 1u);
  t.BeginRow(2);
  Chunk c = t.Seal();
  ASSERT_EQ(c.rows, 2u);
  const Column* id = c.Find("trace.span_id", ColumnType::kFixed8);
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->FixedAt(0, 8), "abcdefgh");
  EXPECT_FALSE(id->IsPresent(1));
}

}  // namespace
}  // namespace waggle::store
