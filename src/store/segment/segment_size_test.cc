// The disk-size sanity figure: ~100k realistic spans (21 columns, random
// trace ids shared by 1-50 spans, a 100k-value user.id, sparse attributes)
// written to one segment. Prints bytes per span by column; asserts the
// round trip and a generous size bound (the target is <= 34 B/span).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/file.h"
#include "store/column/column_testing.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_test_util.h"
#include "store/segment/segment_writer.h"

namespace waggle::store::segment {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST(SegmentSizeTest, RealisticSpansBytesPerRow) {
  constexpr uint32_t kRows = 100000;
  std::vector<Column> columns = MakeSpanTable(kRows, 42);
  std::string dir = ::testing::TempDir() + "seg_size_" + std::to_string(::getpid());
  ASSERT_TRUE(core::CreateDirs(dir).ok());
  for (int level : {1, 3}) {
    WriteOptions options;
    options.zstd_level = level;
    std::string path = dir + "/spans.seg";
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<SegmentStats> stats = WriteSegment(path, columns, kRows, options);
    double write_s = Seconds(start);
    ASSERT_TRUE(stats.ok()) << stats.status();
    absl::StatusOr<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    double per_row = static_cast<double>(stats->file_bytes) / kRows;
    std::printf("zstd level %d: %llu bytes, %.2f B/span, write %.3f s\n", level,
                static_cast<unsigned long long>(stats->file_bytes), per_row, write_s);
    double read_s = 0;
    for (size_t i = 0; i < columns.size(); ++i) {
      const ColumnInfo& info = (*reader)->columns()[i];
      start = std::chrono::steady_clock::now();
      absl::StatusOr<Column> out = (*reader)->ReadColumn(info);
      read_s += Seconds(start);
      ASSERT_TRUE(out.ok()) << out.status();
      ASSERT_EQ(ColumnDiff(columns[i], *out), "") << info.key.name;
      if (level == 1) {
        std::printf("  %-26s enc %d  %6.2f B/span\n", info.key.name.c_str(),
                    static_cast<int>(info.encoding),
                    static_cast<double>(info.stored_bytes) / kRows);
      }
    }
    std::printf("  read all columns: %.3f s\n", read_s);
    EXPECT_LT(per_row, 45.0);
  }
}

}  // namespace
}  // namespace waggle::store::segment
