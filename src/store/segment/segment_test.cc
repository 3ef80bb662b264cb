// WriteSegment + SegmentReader: round trips, footer facts, the bloom, and
// corrupt or truncated files (DataLoss, never a crash).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "core/coding.h"
#include "core/file.h"
#include "core/hash.h"
#include "store/column/column_testing.h"
#include "store/segment/format.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_test_util.h"
#include "store/segment/segment_writer.h"

namespace waggle::store::segment {
namespace {

std::string TempPath(const std::string& name) {
  std::string dir = ::testing::TempDir() + "seg_test_" + std::to_string(::getpid());
  EXPECT_TRUE(core::CreateDirs(dir).ok());
  return dir + "/" + name;
}

void WriteBytes(const std::string& path, std::string_view data) {
  ASSERT_TRUE(core::WriteFileAtomic(path, data).ok());
}

void ExpectRoundTrip(const SegmentReader& reader, const std::vector<Column>& columns) {
  ASSERT_EQ(reader.columns().size(), columns.size());
  for (const Column& c : columns) {
    const ColumnInfo* info = reader.FindColumn(c.key.name, c.key.type);
    ASSERT_NE(info, nullptr) << c.key.name;
    absl::StatusOr<Column> out = reader.ReadColumn(*info);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(ColumnDiff(c, *out), "") << c.key.name;
  }
}

TEST(SegmentTest, RoundTripsASpanTable) {
  std::vector<std::string> trace_ids;
  std::vector<Column> columns = MakeSpanTable(5000, 1, &trace_ids);
  std::string path = TempPath("round_trip.seg");
  WriteOptions options;
  options.block_rows = 1024;  // several blocks per column
  absl::StatusOr<SegmentStats> stats = WriteSegment(path, columns, 5000, options);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_FALSE(core::PathExists(path + ".tmp"));
  absl::StatusOr<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  const SegmentReader& r = **reader;
  EXPECT_EQ(r.rows(), 5000u);
  EXPECT_EQ(r.file_bytes(), stats->file_bytes);
  EXPECT_EQ(r.min_time_ns(), columns[0].ints.front());
  EXPECT_EQ(r.max_time_ns(), columns[0].ints.back());
  EXPECT_EQ(stats->min_time_ns, r.min_time_ns());
  ExpectRoundTrip(r, columns);

  const ColumnInfo* code = r.FindColumn("a:http.status_code", ColumnType::kInt64);
  ASSERT_NE(code, nullptr);
  EXPECT_TRUE(code->sparse);
  EXPECT_TRUE(code->has_minmax);
  EXPECT_EQ(code->min_int, 200);
  EXPECT_EQ(code->max_int, 500);
  const ColumnInfo* service = r.FindColumn("r:service.name", ColumnType::kString);
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->encoding, Encoding::kDict);
  EXPECT_EQ(service->min_string, "auth");
  EXPECT_EQ(service->max_string, "users");
  EXPECT_EQ(r.FindColumn("r:service.name", ColumnType::kInt64), nullptr);
  EXPECT_EQ(r.FindColumn("nope", ColumnType::kString), nullptr);

  for (const std::string& id : trace_ids) {
    model::TraceId trace;
    std::memcpy(trace.data(), id.data(), 16);
    ASSERT_TRUE(r.MayContainTrace(trace));
  }
  int false_positives = 0;
  for (int i = 0; i < 10000; ++i) {
    model::TraceId other{};
    std::memcpy(other.data(), &i, sizeof(i));
    other[15] = 0xAB;
    false_positives += r.MayContainTrace(other);
  }
  EXPECT_LT(false_positives, 200);  // ~1%
}

TEST(SegmentTest, MinimalAndEmptySegments) {
  for (uint32_t rows : {0u, 1u}) {
    TestColumn ts("timestamp", ColumnType::kInt64, false);
    for (uint32_t i = 0; i < rows; ++i) ts.AddInt(-5);
    std::vector<Column> columns;
    columns.push_back(ts.Take());
    std::string path = TempPath("small" + std::to_string(rows) + ".seg");
    ASSERT_TRUE(WriteSegment(path, columns, rows).ok());
    absl::StatusOr<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_EQ((*reader)->rows(), rows);
    EXPECT_EQ((*reader)->min_time_ns(), rows == 0 ? 0 : -5);
    model::TraceId id{};
    EXPECT_TRUE((*reader)->MayContainTrace(id));  // no trace column: no bloom
    ExpectRoundTrip(**reader, columns);
  }
}

TEST(SegmentTest, RejectsBadInput) {
  std::vector<Column> columns = MakeSpanTable(100, 2);
  std::string path = TempPath("bad.seg");
  EXPECT_EQ(WriteSegment(path, columns, 99).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<Column> no_ts(columns.begin() + 1, columns.end());
  EXPECT_EQ(WriteSegment(path, no_ts, 100).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<Column> dup = columns;
  dup.push_back(columns[3]);
  EXPECT_EQ(WriteSegment(path, dup, 100).status().code(), absl::StatusCode::kInvalidArgument);
  WriteOptions odd;
  odd.block_rows = 100;
  EXPECT_EQ(WriteSegment(path, columns, 100, odd).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(core::PathExists(path));
  EXPECT_FALSE(core::PathExists(path + ".tmp"));
  EXPECT_EQ(SegmentReader::Open(path).status().code(), absl::StatusCode::kNotFound);
}

TEST(SegmentTest, LargeColumnsRoundTripWithEveryCodec) {
  std::vector<Column> columns = MakeSpanTable(70000, 3);
  for (Codec codec : {Codec::kZstd, Codec::kLz4, Codec::kNone}) {
    WriteOptions options;
    options.codec = codec;
    std::string path = TempPath("large.seg");
    ASSERT_TRUE(WriteSegment(path, columns, 70000, options).ok());
    absl::StatusOr<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    ExpectRoundTrip(**reader, columns);
  }
}

class CorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    columns_ = MakeSpanTable(700, 4);
    path_ = TempPath("corrupt_source.seg");
    WriteOptions options;
    options.block_rows = 256;
    ASSERT_TRUE(WriteSegment(path_, columns_, 700, options).ok());
    absl::StatusOr<std::string> bytes = core::ReadFile(path_);
    ASSERT_TRUE(bytes.ok());
    good_ = *bytes;
  }

  // Opens `bytes` as a segment and reads every column; returns the first
  // error, or OK if everything read.
  absl::Status OpenAndReadAll(std::string_view bytes) {
    std::string path = TempPath("corrupt.seg");
    WriteBytes(path, bytes);
    ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(path));
    for (const ColumnInfo& info : reader->columns()) {
      RETURN_IF_ERROR(reader->ReadColumn(info).status());
    }
    return absl::OkStatus();
  }

  std::vector<Column> columns_;
  std::string path_;
  std::string good_;
};

TEST_F(CorruptionTest, EveryTruncationIsDataLoss) {
  ASSERT_TRUE(OpenAndReadAll(good_).ok());
  for (size_t len = 0; len < good_.size(); len += 1 + len / 50) {
    EXPECT_EQ(OpenAndReadAll(good_.substr(0, len)).code(), absl::StatusCode::kDataLoss) << len;
  }
}

TEST_F(CorruptionTest, FlippedBytesAreDataLoss) {
  for (size_t pos = 0; pos < good_.size(); pos += 1 + pos / 40) {
    std::string bad = good_;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x5A);
    EXPECT_EQ(OpenAndReadAll(bad).code(), absl::StatusCode::kDataLoss) << pos;
  }
}

TEST_F(CorruptionTest, GarbageIsDataLoss) {
  std::mt19937_64 rng(11);
  for (size_t size : {0, 1, 31, 32, 1000}) {
    std::string garbage(size, '\0');
    for (char& c : garbage) c = static_cast<char>(rng());
    EXPECT_EQ(OpenAndReadAll(garbage).code(), absl::StatusCode::kDataLoss) << size;
  }
}

TEST_F(CorruptionTest, HostileFooterWithValidChecksumIsDataLoss) {
  // Rewrite the footer with lies the checksum cannot catch.
  const char* t = good_.data() + good_.size() - kTrailerSize;
  uint64_t footer_offset = core::DecodeFixed64(t);
  std::string_view footer_bytes(good_.data() + footer_offset,
                                good_.size() - kTrailerSize - footer_offset);
  absl::StatusOr<Footer> footer = DecodeFooter(footer_bytes, footer_offset);
  ASSERT_TRUE(footer.ok()) << footer.status();
  auto rewrite = [&](const Footer& f) {
    std::string tail;
    EncodeFooter(f, &tail);
    uint32_t size = static_cast<uint32_t>(tail.size());
    uint32_t checksum = core::Checksum32(tail);
    core::PutFixed64(&tail, footer_offset);
    core::PutFixed32(&tail, size);
    core::PutFixed32(&tail, checksum);
    core::PutFixed32(&tail, kFormatVersion);
    core::PutFixed32(&tail, kTrailerMagic);
    return good_.substr(0, footer_offset) + tail;
  };
  ASSERT_TRUE(OpenAndReadAll(rewrite(*footer)).ok());
  Footer f = *footer;
  f.rows = kMaxRows + 1;
  EXPECT_EQ(OpenAndReadAll(rewrite(f)).code(), absl::StatusCode::kDataLoss);
  f = *footer;
  f.columns[2].blocks[0].offset = footer_offset;  // into the footer
  EXPECT_EQ(OpenAndReadAll(rewrite(f)).code(), absl::StatusCode::kDataLoss);
  f = *footer;
  f.columns[0].blocks[1].raw_size += 1;
  EXPECT_EQ(OpenAndReadAll(rewrite(f)).code(), absl::StatusCode::kDataLoss);
  f = *footer;
  f.columns[5].present_count -= 1;
  EXPECT_EQ(OpenAndReadAll(rewrite(f)).code(), absl::StatusCode::kDataLoss);
  f = *footer;
  f.columns[4].encoding = Encoding::kInt;  // an id column claiming int blocks
  EXPECT_EQ(OpenAndReadAll(rewrite(f)).code(), absl::StatusCode::kDataLoss);
  f = *footer;
  f.bloom = "x";
  EXPECT_EQ(OpenAndReadAll(rewrite(f)).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace waggle::store::segment
