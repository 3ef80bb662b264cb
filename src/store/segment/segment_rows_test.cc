// SegmentReader::ReadColumnRows: point reads decode only the blocks they need.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/segment/segment_reader.h"
#include "store/segment/segment_writer.h"

namespace waggle::store::segment {
namespace {

constexpr uint32_t kRows = 300;

std::vector<Column> MakeColumns() {
  Column time;
  time.key = {"timestamp", ColumnType::kInt64, model::ValueKind::kInt};
  Column name;
  name.key = {"name", ColumnType::kString, model::ValueKind::kString};
  name.offsets.push_back(0);
  Column sparse;
  sparse.key = {"a:even", ColumnType::kInt64, model::ValueKind::kInt};
  sparse.sparse = true;
  sparse.present.Resize(kRows);
  for (uint32_t r = 0; r < kRows; ++r) {
    time.ints.push_back(1000 + r);
    name.bytes += "row-" + std::to_string(r);
    name.offsets.push_back(static_cast<uint32_t>(name.bytes.size()));
    sparse.ints.push_back(r % 2 == 0 ? r * 10 : 0);
    if (r % 2 == 0) sparse.present.Set(r);
  }
  time.rows = name.rows = sparse.rows = kRows;
  return {time, name, sparse};
}

TEST(SegmentRowsTest, DecodesOnlyTheBlocksOfTheWantedRows) {
  std::string path = ::testing::TempDir() + "/segment_rows_test.seg";
  WriteOptions options;
  options.block_rows = 64;
  ASSERT_TRUE(WriteSegment(path, MakeColumns(), kRows, options).ok());
  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  const std::vector<uint32_t> wanted = {70, 130, 131};
  const ColumnInfo* name = (*reader)->FindColumn("name", ColumnType::kString);
  ASSERT_NE(name, nullptr);
  auto names = (*reader)->ReadColumnRows(*name, wanted);
  ASSERT_TRUE(names.ok()) << names.status();
  for (uint32_t r : wanted) EXPECT_EQ(names->StringAt(r), "row-" + std::to_string(r));
  EXPECT_EQ(names->StringAt(5), "");  // block 0 was skipped
  EXPECT_EQ(names->StringAt(250), "");
  const ColumnInfo* even = (*reader)->FindColumn("a:even", ColumnType::kInt64);
  ASSERT_NE(even, nullptr);
  auto evens = (*reader)->ReadColumnRows(*even, wanted);
  ASSERT_TRUE(evens.ok()) << evens.status();
  EXPECT_TRUE(evens->IsPresent(70));
  EXPECT_EQ(evens->ints[70], 700);
  EXPECT_TRUE(evens->IsPresent(130));
  EXPECT_FALSE(evens->IsPresent(131));
  EXPECT_FALSE(evens->IsPresent(2));  // skipped block: absent
  auto full = (*reader)->ReadColumn(*name);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->StringAt(5), "row-5");
  EXPECT_FALSE((*reader)->ReadColumnRows(*name, {kRows}).ok());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace waggle::store::segment
