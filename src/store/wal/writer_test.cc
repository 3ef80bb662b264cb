#include "store/wal/writer.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/file.h"
#include "store/wal/format.h"
#include "store/wal/reader.h"

namespace waggle::store::wal {
namespace {

struct Entry {
  uint64_t file;
  uint8_t type;
  std::string payload;
};

// A fresh directory per test, removed afterwards.
class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/wal_writer_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Writer> OpenWriter(uint64_t max_file_bytes = 256 << 20) {
    auto writer = Writer::Open(Options{.dir = dir_, .max_file_bytes = max_file_bytes});
    EXPECT_TRUE(writer.ok()) << writer.status();
    return std::move(writer).value();
  }

  std::vector<Entry> ReplayAll(ReplayStats* stats_out = nullptr) {
    std::vector<Entry> entries;
    auto stats = Replay(dir_, [&](uint64_t file, uint8_t type, std::string_view payload) {
      entries.push_back(Entry{file, type, std::string(payload)});
      return absl::OkStatus();
    });
    EXPECT_TRUE(stats.ok()) << stats.status();
    if (stats_out != nullptr && stats.ok()) *stats_out = *stats;
    return entries;
  }

  std::string dir_;
};

std::string Payload(uint64_t seed, size_t size) {
  std::string s(size, '\0');
  std::mt19937_64 rng(seed);
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

TEST_F(WriterTest, RoundTripsManyRecordsInOrder) {
  auto writer = OpenWriter();
  std::vector<std::string> payloads;
  for (int i = 0; i < 500; ++i) payloads.push_back(Payload(i, static_cast<size_t>(i * 37 % 5000)));
  for (int i = 0; i < 500; ++i) {
    auto file = writer->Append(static_cast<uint8_t>(i % 256), {payloads[i]});
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(*file, 1u);
  }
  Writer::Stats stats = writer->stats();
  EXPECT_EQ(stats.records, 500u);
  EXPECT_EQ(stats.syncs, 500u);  // one thread: one sync per record
  EXPECT_EQ(stats.files, 1u);
  writer.reset();
  ReplayStats replay;
  std::vector<Entry> entries = ReplayAll(&replay);
  ASSERT_EQ(entries.size(), 500u);
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(entries[i].file, 1u);
    EXPECT_EQ(entries[i].type, i % 256);
    EXPECT_EQ(entries[i].payload, payloads[i]) << i;
  }
  EXPECT_EQ(replay.files, 1u);
  EXPECT_EQ(replay.records, 500u);
  EXPECT_EQ(replay.truncated_bytes, 0u);
  EXPECT_EQ(replay.corrupt_files, 0u);
  uint64_t file_size = core::FileSize(FilePath(dir_, 1)).value();
  EXPECT_EQ(file_size, kFileHeaderSize + stats.bytes);
  EXPECT_EQ(stats.bytes, replay.bytes + 500 * kRecordHeaderSize);
}

TEST_F(WriterTest, EmptyLargeAndManyPiecePayloads) {
  auto writer = OpenWriter();
  std::string large = Payload(1, 16 << 20);
  std::string header = "hdr:";
  std::vector<std::string_view> many;
  for (int i = 0; i < 50; ++i) many.push_back(i % 2 ? std::string_view("xy") : std::string_view());
  ASSERT_TRUE(writer->Append(1, {}).ok());
  ASSERT_TRUE(writer->Append(2, {"", ""}).ok());
  ASSERT_TRUE(writer->Append(3, {header, large}).ok());
  ASSERT_TRUE(writer->Append(4, std::span<const std::string_view>(many)).ok());
  writer.reset();
  std::vector<Entry> entries = ReplayAll();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].payload, "");
  EXPECT_EQ(entries[1].payload, "");
  EXPECT_EQ(entries[2].type, 3);
  EXPECT_TRUE(entries[2].payload == header + large);
  std::string xy;
  for (int i = 0; i < 25; ++i) xy += "xy";
  EXPECT_EQ(entries[3].payload, xy);
}

TEST_F(WriterTest, RejectsOversizedRecordAndStaysUsable) {
  auto writer = OpenWriter();
  std::string mib(1 << 20, 'm');
  std::vector<std::string_view> pieces(128, mib);  // exactly the limit
  pieces.push_back("!");                           // one byte over
  auto over = writer->Append(1, std::span<const std::string_view>(pieces));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(writer->Append(1, {"still fine"}).ok());
  EXPECT_EQ(writer->stats().records, 1u);
}

TEST_F(WriterTest, OpenNeverAppendsToAnOldFile) {
  ASSERT_TRUE(OpenWriter()->Append(1, {"first"}).ok());
  auto writer = OpenWriter();
  EXPECT_EQ(writer->current_file_number(), 2u);
  EXPECT_EQ(writer->Append(1, {"second"}).value(), 2u);
  writer.reset();
  EXPECT_EQ(ListFiles(dir_).value(), (std::vector<uint64_t>{1, 2}));
  std::vector<Entry> entries = ReplayAll();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].payload, "first");
  EXPECT_EQ(entries[0].file, 1u);
  EXPECT_EQ(entries[1].payload, "second");
  EXPECT_EQ(entries[1].file, 2u);
}

// Payload "t<thread>:<seq>:" followed by filler.
std::string ThreadPayload(int thread, int seq) {
  std::string s = fmt::format("t{}:{}:", thread, seq);
  s.append(static_cast<size_t>((thread * 7919 + seq * 104729) % 3000), 'f');
  return s;
}

TEST_F(WriterTest, ConcurrentAppendsAreReplayedExactlyOnceInPerThreadOrder) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 150;
  auto writer = OpenWriter();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string p = ThreadPayload(t, i);
        if (!writer
                 ->Append(static_cast<uint8_t>(t), {p.substr(0, 3), std::string_view(p).substr(3)})
                 .ok()) {
          failures++;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  Writer::Stats stats = writer->stats();
  EXPECT_EQ(stats.records, uint64_t{kThreads * kPerThread});
  EXPECT_LE(stats.syncs, stats.records);
  std::printf("16 threads: %lu records in %lu syncs\n", static_cast<unsigned long>(stats.records),
              static_cast<unsigned long>(stats.syncs));
  writer.reset();
  std::vector<int> next(kThreads, 0);
  for (const Entry& e : ReplayAll()) {
    ASSERT_LT(e.type, kThreads);
    ASSERT_EQ(e.payload, ThreadPayload(e.type, next[e.type])) << "thread " << int{e.type};
    next[e.type]++;
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread) << t;
}

TEST_F(WriterTest, RotatesBySize) {
  auto writer = OpenWriter(/*max_file_bytes=*/4096);
  std::string body(1000, 'b');
  std::map<uint64_t, int> per_file;
  for (int i = 0; i < 20; ++i) per_file[writer->Append(1, {body}).value()]++;
  std::string huge(10000, 'h');  // larger than a file: gets a file of its own
  uint64_t huge_file = writer->Append(2, {huge}).value();
  uint64_t after = writer->Append(3, {"x"}).value();
  EXPECT_GT(huge_file, per_file.rbegin()->first);
  EXPECT_EQ(after, huge_file + 1);
  EXPECT_GT(per_file.size(), 4u);
  std::vector<uint64_t> numbers = ListFiles(dir_).value();
  for (uint64_t n : numbers) {
    uint64_t size = core::FileSize(FilePath(dir_, n)).value();
    if (n != huge_file) {
      EXPECT_LE(size, 4096u) << n;
    }
  }
  EXPECT_EQ(writer->stats().files, ListFiles(dir_).value().size());
  writer.reset();
  std::vector<Entry> entries = ReplayAll();
  ASSERT_EQ(entries.size(), 22u);
  EXPECT_EQ(entries[20].payload, huge);
  EXPECT_EQ(entries[20].file, huge_file);
}

TEST_F(WriterTest, RotateAndRemoveFilesUpTo) {
  auto writer = OpenWriter();
  ASSERT_EQ(writer->Append(1, {"a"}).value(), 1u);
  EXPECT_EQ(writer->Rotate().value(), 1u);
  EXPECT_EQ(writer->current_file_number(), 2u);
  ASSERT_EQ(writer->Append(1, {"b"}).value(), 2u);
  EXPECT_EQ(writer->Rotate().value(), 2u);
  ASSERT_EQ(writer->Append(1, {"c"}).value(), 3u);
  EXPECT_EQ(ListFiles(dir_).value(), (std::vector<uint64_t>{1, 2, 3}));

  ASSERT_TRUE(writer->RemoveFilesUpTo(1).ok());
  EXPECT_EQ(ListFiles(dir_).value(), (std::vector<uint64_t>{2, 3}));
  ASSERT_TRUE(writer->RemoveFilesUpTo(100).ok());  // never the current file
  EXPECT_EQ(ListFiles(dir_).value(), (std::vector<uint64_t>{3}));
  ASSERT_TRUE(writer->Append(1, {"d"}).ok());
  writer.reset();
  std::vector<Entry> entries = ReplayAll();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].payload, "c");
  EXPECT_EQ(entries[1].payload, "d");
}

// Appends racing with rotations: each record is replayed from exactly the
// file its Append returned, in per-thread order, and rotations close
// consecutive files.
TEST_F(WriterTest, RotateConcurrentWithAppends) {
  auto writer = OpenWriter();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::vector<std::vector<uint64_t>> files(kThreads);
  std::atomic<bool> stop{false};
  std::vector<uint64_t> closed;
  std::thread rotator([&] {
    while (!stop.load()) closed.push_back(writer->Rotate().value());
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string p = ThreadPayload(t, i);
        files[t].push_back(writer->Append(static_cast<uint8_t>(t), {p}).value());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  stop = true;
  rotator.join();
  for (size_t i = 1; i < closed.size(); ++i) EXPECT_EQ(closed[i], closed[i - 1] + 1);
  writer.reset();
  std::vector<int> next(kThreads, 0);
  for (const Entry& e : ReplayAll()) {
    ASSERT_EQ(e.payload, ThreadPayload(e.type, next[e.type]));
    EXPECT_EQ(e.file, files[e.type][next[e.type]]);
    next[e.type]++;
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
}

// RLIMIT_FSIZE makes write(2) fail with EFBIG: a real I/O error without a
// special file system. Every later call must fail with the same error.
TEST_F(WriterTest, PoisonedAfterIoError) {
  auto writer = OpenWriter();
  ASSERT_TRUE(writer->Append(1, {"before"}).ok());
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = old_limit;
  limit.rlim_cur = 64 << 10;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::string body(100 << 10, 'z');
  auto failed = writer->Append(1, {body});
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kResourceExhausted) << failed.status();
  auto later = writer->Append(1, {"small"});
  EXPECT_EQ(later.status(), failed.status());
  EXPECT_EQ(writer->Rotate().status(), failed.status());
  writer.reset();
  // The partial record is a torn tail: the record before it survives.
  ReplayStats stats;
  std::vector<Entry> entries = ReplayAll(&stats);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].payload, "before");
  EXPECT_GT(stats.truncated_bytes, 0u);
}

}  // namespace
}  // namespace waggle::store::wal
