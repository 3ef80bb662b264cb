#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/file.h"
#include "store/wal/format.h"
#include "store/wal/reader.h"
#include "store/wal/writer.h"

namespace waggle::store::wal {
namespace {

class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/wal_replay_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `payloads` as records of type 1 into a fresh writer's file.
  void WriteFile(const std::vector<std::string>& payloads) {
    auto writer = Writer::Open(Options{.dir = dir_}).value();
    for (const std::string& p : payloads) ASSERT_TRUE(writer->Append(1, {p}).ok());
  }

  // Payloads replayed, in order; fills `stats`.
  std::vector<std::string> ReplayPayloads(ReplayStats* stats, bool truncate = true) {
    std::vector<std::string> out;
    auto result = Replay(
        dir_,
        [&](uint64_t, uint8_t, std::string_view payload) {
          out.emplace_back(payload);
          return absl::OkStatus();
        },
        truncate);
    EXPECT_TRUE(result.ok()) << result.status();
    if (result.ok()) *stats = *result;
    return out;
  }

  void WriteBytes(uint64_t file_number, std::string_view bytes) {
    std::ofstream out(FilePath(dir_, file_number), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  std::string dir_;
};

std::vector<std::string> Numbered(int n, const std::string& prefix) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i) + std::string(i * 3, '.'));
  return out;
}

TEST_F(ReplayTest, EmptyOrMissingDirectoryReplaysNothing) {
  ReplayStats stats;
  EXPECT_TRUE(ReplayPayloads(&stats).empty());
  EXPECT_EQ(stats.files, 0u);
  std::filesystem::create_directories(dir_);
  WriteBytes(1, "");  // created, never written
  EXPECT_TRUE(ReplayPayloads(&stats).empty());
  EXPECT_EQ(stats.files, 1u);
  EXPECT_EQ(stats.corrupt_files + stats.truncated_bytes, 0u);
}

// Cuts the last record at every byte offset: earlier records survive, the
// tail is cut back to the last intact record, and the WAL keeps working.
TEST_F(ReplayTest, TornTailAtEveryOffsetIsCut) {
  std::vector<std::string> payloads = Numbered(5, "early");
  std::string last(300, 'L');
  payloads.push_back(last);
  WriteFile(payloads);
  std::string full = core::ReadFile(FilePath(dir_, 1)).value();
  uint64_t last_start = full.size() - kRecordHeaderSize - last.size();
  std::vector<std::string> early(payloads.begin(), payloads.end() - 1);
  for (uint64_t cut = last_start; cut < full.size(); ++cut) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    WriteBytes(1, std::string_view(full).substr(0, cut));
    ReplayStats stats;
    ASSERT_EQ(ReplayPayloads(&stats), early) << "cut at " << cut;
    EXPECT_EQ(stats.truncated_bytes, cut - last_start);
    EXPECT_EQ(stats.corrupt_files, 0u);
    EXPECT_EQ(core::FileSize(FilePath(dir_, 1)).value(), last_start);
    if (cut % 37 != 0 && cut != full.size() - 1) continue;  // a sample also restarts
    auto writer = Writer::Open(Options{.dir = dir_}).value();
    ASSERT_EQ(writer->Append(1, {"after restart"}).value(), 2u);
    writer.reset();
    std::vector<std::string> expected = early;
    expected.push_back("after restart");
    EXPECT_EQ(ReplayPayloads(&stats), expected);
    EXPECT_EQ(stats.corrupt_files + stats.truncated_bytes, 0u);
  }
}

TEST_F(ReplayTest, TornFileHeaderIsCutToEmpty) {
  std::filesystem::create_directories(dir_);
  char header[kFileHeaderSize];
  EncodeFileHeader(1, header);
  WriteBytes(1, std::string_view(header, 10));
  ReplayStats stats;
  EXPECT_TRUE(ReplayPayloads(&stats).empty());
  EXPECT_EQ(stats.truncated_bytes, 10u);
  EXPECT_EQ(core::FileSize(FilePath(dir_, 1)).value(), 0u);
}

TEST_F(ReplayTest, ForeignHeaderInLastFileIsNeverCut) {
  std::filesystem::create_directories(dir_);
  std::string junk(100, 'j');
  WriteBytes(1, junk);
  ReplayStats stats;
  EXPECT_TRUE(ReplayPayloads(&stats).empty());
  EXPECT_EQ(stats.corrupt_files, 1u);
  EXPECT_EQ(core::ReadFile(FilePath(dir_, 1)).value(), junk);
}

// Flips a payload byte of record `index` (of type-1 records in `file`).
void CorruptRecord(const std::string& dir, uint64_t file, int index) {
  std::string bytes = core::ReadFile(FilePath(dir, file)).value();
  uint64_t offset = kFileHeaderSize;
  for (int i = 0; i < index; ++i)
    offset += kRecordHeaderSize + DecodeRecordHeader(&bytes[offset]).length;
  ASSERT_GT(DecodeRecordHeader(&bytes[offset]).length, 0u);
  bytes[offset + kRecordHeaderSize] ^= 0x40;
  std::ofstream(FilePath(dir, file), std::ios::binary | std::ios::trunc) << bytes;
}

// A bad checksum in the middle of the last file ends that file: the records
// before it survive; it and every record after it in that file are cut (a
// checksum cannot tell a torn write from bit rot, and the records after
// it were not necessarily acknowledged).
TEST_F(ReplayTest, BadChecksumInLastFileKeepsEarlierRecordsAndCutsTheRest) {
  std::vector<std::string> payloads = Numbered(10, "r");
  WriteFile(payloads);
  CorruptRecord(dir_, 1, 4);
  ReplayStats stats;
  std::vector<std::string> got = ReplayPayloads(&stats);
  EXPECT_EQ(got, std::vector<std::string>(payloads.begin(), payloads.begin() + 4));
  EXPECT_GT(stats.truncated_bytes, 0u);
  EXPECT_EQ(stats.corrupt_files, 0u);
  // Replaying again finds a clean file.
  EXPECT_EQ(ReplayPayloads(&stats).size(), 4u);
  EXPECT_EQ(stats.truncated_bytes, 0u);
}

// In an earlier file the rest of the file is skipped (and left on disk for
// inspection), and replay continues with the next file.
TEST_F(ReplayTest, BadChecksumInEarlierFileSkipsRestOfThatFileOnly) {
  std::vector<std::string> first = Numbered(10, "a");
  std::vector<std::string> second = Numbered(3, "b");
  WriteFile(first);
  WriteFile(second);
  CorruptRecord(dir_, 1, 6);
  uint64_t size_before = core::FileSize(FilePath(dir_, 1)).value();
  ReplayStats stats;
  std::vector<std::string> expected(first.begin(), first.begin() + 6);
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(ReplayPayloads(&stats), expected);
  EXPECT_EQ(stats.corrupt_files, 1u);
  EXPECT_EQ(stats.truncated_bytes, 0u);
  EXPECT_EQ(stats.files, 2u);
  EXPECT_EQ(core::FileSize(FilePath(dir_, 1)).value(), size_before);
}

TEST_F(ReplayTest, WithoutTruncationATornTailCountsAsCorrupt) {
  WriteFile(Numbered(3, "k"));
  uint64_t size = core::FileSize(FilePath(dir_, 1)).value();
  ASSERT_TRUE(core::TruncateFile(FilePath(dir_, 1), size - 2).ok());
  ReplayStats stats;
  EXPECT_EQ(ReplayPayloads(&stats, /*truncate=*/false).size(), 2u);
  EXPECT_EQ(stats.corrupt_files, 1u);
  EXPECT_EQ(stats.truncated_bytes, 0u);
  EXPECT_EQ(core::FileSize(FilePath(dir_, 1)).value(), size - 2);
}

TEST_F(ReplayTest, ErrorFromCallbackStopsReplay) {
  WriteFile(Numbered(10, "e"));
  int calls = 0;
  auto result = Replay(dir_, [&](uint64_t, uint8_t, std::string_view) {
    return ++calls == 3 ? absl::DataLossError("stop here") : absl::OkStatus();
  });
  EXPECT_EQ(result.status(), absl::DataLossError("stop here"));
  EXPECT_EQ(calls, 3);
}

TEST_F(ReplayTest, FileReaderReportsPositions) {
  WriteFile({"one", "two"});
  auto reader = FileReader::Open(dir_, 1).value();
  Record record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.position.file_number, 1u);
  EXPECT_EQ(record.position.offset, kFileHeaderSize);
  EXPECT_EQ(record.payload, "one");
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.position.offset, kFileHeaderSize + kRecordHeaderSize + 3);
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_EQ(reader.damage(), Damage::kNone);
  EXPECT_EQ(reader.valid_bytes(), reader.file_size());
}

// Prints the replay rate of a warm 256 MiB WAL (the goal is >= 1 GB/s in a
// release build; sanitizer builds are several times slower).
TEST_F(ReplayTest, ReplaySpeed) {
  std::string body(1 << 20, 's');
  {
    auto writer = Writer::Open(Options{.dir = dir_, .max_file_bytes = 64 << 20}).value();
    for (int i = 0; i < 256; ++i) ASSERT_TRUE(writer->Append(1, {body}).ok());
  }
  uint64_t s_count = 0;
  auto start = std::chrono::steady_clock::now();
  auto result = Replay(dir_, [&](uint64_t, uint8_t, std::string_view payload) {
    s_count += payload.size() > 0 && payload.back() == 's' ? 1 : 0;
    return absl::OkStatus();
  });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.ok()) << result.status();
  ReplayStats stats = *result;
  EXPECT_EQ(s_count, 256u);
  EXPECT_EQ(stats.records, 256u);
  EXPECT_EQ(stats.bytes, 256u << 20);
  std::printf("replayed %.0f MB in %.3f s: %.2f GB/s\n", stats.bytes / 1e6, seconds,
              stats.bytes / 1e9 / seconds);
}

}  // namespace
}  // namespace waggle::store::wal
