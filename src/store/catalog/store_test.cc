#include "store/catalog/store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <thread>

#include "core/file.h"
#include "core/strings.h"

namespace waggle::store {
namespace {

// Test payloads are lines "<trace byte> <span byte> <start_ns> <service>":
// small enough to write by hand, decoded into real spans.
absl::Status DecodeTestPayload(uint8_t, std::string_view payload, model::EventBatch* batch) {
  for (std::string_view line : core::Split(payload, '\n', true)) {
    std::vector<std::string_view> f = core::Split(line, ' ');
    int trace = 0, span = 0;
    int64_t start = 0;
    if (f.size() != 4 || !core::ParseNumber(f[0], &trace) || !core::ParseNumber(f[1], &span) ||
        !core::ParseNumber(f[2], &start)) {
      return absl::InvalidArgumentError("bad test payload");
    }
    model::Resource& r = batch->resources.emplace_back();
    r.span_dataset = batch->arena.Copy(f[3]);
    r.log_dataset = r.span_dataset;
    batch->scopes.emplace_back();
    model::Span& s = batch->spans.emplace_back();
    s.trace_id[15] = static_cast<uint8_t>(trace);
    s.span_id[7] = static_cast<uint8_t>(span);
    s.start_ns = start;
    s.end_ns = start + 1000;
    s.name = "op";
    s.resource = static_cast<uint32_t>(batch->resources.size() - 1);
    s.scope = static_cast<uint32_t>(batch->scopes.size() - 1);
  }
  return absl::OkStatus();
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/store_test_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> Open(StoreOptions options = {}) {
    options.data_dir = dir_;
    auto store = Store::Open(options, DecodeTestPayload, clock_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static void Append(Store& store, const std::string& payload) {
    model::EventBatch batch;
    ASSERT_TRUE(DecodeTestPayload(1, payload, &batch).ok());
    ASSERT_TRUE(store.Append("default", 1, payload, batch).ok());
  }

  // Counts the stored spans of test trace `trace` across every part.
  static size_t SpansOf(const Store& store, int trace) {
    size_t n = 0;
    for (const TableSnapshot& t : store.Snapshot()) {
      for (const auto& part : t.parts) {
        auto ids = part->Read({"trace.trace_id", ColumnType::kFixed16, model::ValueKind::kBytes});
        EXPECT_TRUE(ids.ok());
        if (!ids.ok() || *ids == nullptr) continue;
        for (uint32_t r = 0; r < (*ids)->rows; ++r) {
          std::string_view id = (*ids)->FixedAt(r, 16);
          if (id[15] == static_cast<char>(trace) && id.substr(0, 15) == std::string(15, '\0')) ++n;
        }
      }
    }
    return n;
  }

  // Runs `work` in a child process that exits without any destructor, as
  // kill -9 would; returns the child's verdict.
  static bool RunAndCrash(const std::function<bool()>& work) {
    pid_t pid = fork();
    if (pid == 0) _exit(work() ? 0 : 1);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  std::string dir_;
  core::ManualClock clock_{1'700'000'000'000'000'000};
};

TEST_F(StoreTest, AppendedRowsAreReadableAtOnce) {
  auto store = Open();
  Append(*store, "1 1 100 svc\n1 2 200 svc\n2 1 300 other\n");
  EXPECT_EQ(SpansOf(*store, 1), 2u);
  EXPECT_EQ(SpansOf(*store, 2), 1u);
  EXPECT_EQ(SpansOf(*store, 3), 0u);
}

TEST_F(StoreTest, RestartReplaysTheWalExactlyOnce) {
  ASSERT_TRUE(RunAndCrash([&] {
    auto store = Open();
    Append(*store, "1 1 100 svc\n");
    Append(*store, "1 2 200 svc\n");
    bool ok = SpansOf(*store, 1) == 2;
    store.release();  // no destructor: the process dies as with kill -9
    return ok;
  }));
  auto store = Open();
  EXPECT_EQ(SpansOf(*store, 1), 2u);
  EXPECT_EQ(store->stats().replayed_records, 2u);
}

TEST_F(StoreTest, LargePayloadsAreCompressedInTheWalAndReplayed) {
  std::string payload;
  for (int i = 0; i < 2000; ++i)
    payload += "7 " + std::to_string(i % 200) + " " + std::to_string(i) + " svc\n";
  ASSERT_GT(payload.size(), 20000u);
  ASSERT_TRUE(RunAndCrash([&] {
    auto store = Open();
    Append(*store, payload);
    store.release();  // no destructor: the process dies as with kill -9
    return true;
  }));
  uint64_t wal_bytes = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/wal"))
    wal_bytes += e.file_size();
  EXPECT_LT(wal_bytes, payload.size() / 2);
  auto store = Open();
  EXPECT_EQ(SpansOf(*store, 7), 2000u);
}

TEST_F(StoreTest, ReplayFlushesAFullHeadBetweenWalFiles) {
  // Two crashed runs leave two WAL files (every Open starts a new one).
  for (const char* payload : {"4 1 100 svc\n", "4 2 200 svc\n"}) {
    ASSERT_TRUE(RunAndCrash([&] {
      auto store = Open();
      Append(*store, payload);
      store.release();  // no destructor: the process dies as with kill -9
      return true;
    }));
  }
  StoreOptions tiny;
  tiny.head_flush_bytes = 1;  // any row fills the head
  ASSERT_TRUE(RunAndCrash([&] {
    auto store = Open(tiny);
    bool ok =
        store->stats().segments == 1 && store->stats().head_rows == 1 && SpansOf(*store, 4) == 2;
    store.release();
    return ok;
  }));
  // The flush made during replay is committed: nothing comes back twice.
  auto store = Open();
  EXPECT_EQ(SpansOf(*store, 4), 2u);
  EXPECT_EQ(store->stats().segments, 1u);
}

TEST_F(StoreTest, FlushWritesSegmentsAndDeletesCoveredWal) {
  auto store = Open();
  Append(*store, "1 1 100 svc\n1 2 200 svc\n");
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_EQ(store->stats().segments, 1u);
  EXPECT_EQ(store->stats().head_rows, 0u);
  EXPECT_EQ(SpansOf(*store, 1), 2u);
  Append(*store, "1 3 300 svc\n");
  EXPECT_EQ(SpansOf(*store, 1), 3u);
  ASSERT_TRUE(store->Close().ok());
  store = Open();
  EXPECT_EQ(SpansOf(*store, 1), 3u);
  EXPECT_EQ(store->stats().replayed_records, 0u);
  EXPECT_EQ(store->stats().segments, 2u);
}

TEST_F(StoreTest, OrphanSegmentsOfAnUnfinishedFlushAreRemoved) {
  {
    auto store = Open();
    Append(*store, "1 1 100 svc\n");
    ASSERT_TRUE(store->Close().ok());
  }
  std::string orphan = dir_ + "/datasets/default/svc/spans-000000000099.seg";
  ASSERT_TRUE(core::WriteFileAtomic(orphan, "not a segment").ok());
  auto store = Open();
  EXPECT_FALSE(core::PathExists(orphan));
  EXPECT_EQ(SpansOf(*store, 1), 1u);
}

TEST_F(StoreTest, RetentionDropsWholeOldSegments) {
  StoreOptions options;
  options.retention_ns = 3600'000'000'000;
  auto store = Open(options);
  int64_t now = clock_.NowNanos();
  Append(*store, "1 1 " + std::to_string(now - 7200'000'000'000) + " svc\n");
  ASSERT_TRUE(store->Flush().ok());
  Append(*store, "2 1 " + std::to_string(now) + " svc\n");
  ASSERT_TRUE(store->Flush().ok());
  ASSERT_TRUE(store->EnforceRetention().ok());
  EXPECT_EQ(SpansOf(*store, 1), 0u);
  EXPECT_EQ(SpansOf(*store, 2), 1u);
  EXPECT_EQ(store->stats().segments, 1u);
}

TEST_F(StoreTest, SegmentColumnsAreCachedUntilTheSegmentIsDropped) {
  StoreOptions options;
  options.retention_ns = 3600'000'000'000;
  auto store = Open(options);
  int64_t now = clock_.NowNanos();
  Append(*store, "1 1 " + std::to_string(now - 7200'000'000'000) + " svc\n");
  ASSERT_TRUE(store->Flush().ok());
  Append(*store, "2 1 " + std::to_string(now) + " svc\n");
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_EQ(SpansOf(*store, 1), 1u);  // decodes both segments' trace ids
  ColumnCacheStats first = store->stats().column_cache;
  EXPECT_EQ(first.misses, 2u);
  EXPECT_EQ(first.entries, 2u);
  EXPECT_EQ(SpansOf(*store, 1), 1u);  // from memory
  ColumnCacheStats second = store->stats().column_cache;
  EXPECT_EQ(second.hits, first.hits + 2);
  EXPECT_EQ(second.misses, 2u);
  ASSERT_TRUE(store->EnforceRetention().ok());
  ColumnCacheStats dropped = store->stats().column_cache;
  EXPECT_EQ(dropped.entries, 1u);
  EXPECT_EQ(dropped.bytes, first.bytes / 2);

  options.column_cache_bytes = 0;
  store.reset();
  store = Open(options);
  EXPECT_EQ(SpansOf(*store, 2), 1u);
  EXPECT_EQ(store->stats().column_cache.misses, 0u);  // no cache at all
}

TEST_F(StoreTest, ConcurrentAppendsDuringFlushesLoseNothing) {
  constexpr int kThreads = 8, kPerThread = 200;
  ASSERT_TRUE(RunAndCrash([&] {
    auto store = Open();
    std::atomic<bool> done{false};
    std::atomic<bool> flush_ok{true};
    std::thread flusher([&] {
      while (!done) flush_ok = flush_ok && store->Flush().ok();
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          Append(*store, std::to_string(t) + " " + std::to_string(i % 250) + " " +
                             std::to_string(i) + " svc\n");
        }
      });
    }
    for (auto& w : writers) w.join();
    done = true;
    flusher.join();
    bool all = flush_ok;
    for (int t = 0; t < kThreads; ++t) all = all && SpansOf(*store, t) == kPerThread;
    store.release();  // no destructor: the process dies as with kill -9
    return all;
  }));
  auto store = Open();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(SpansOf(*store, t), size_t{kPerThread});
}

}  // namespace
}  // namespace waggle::store
