// Micro benchmarks of the WAL: group-commit append throughput (records/s,
// MB/s, records per fdatasync) and replay throughput. Not run by ctest.
//
//   WAL_BENCH_DIR=/data/tmp ./wal_bench        (default dir: /tmp)
//
// The append figures depend entirely on the disk's fdatasync latency: run
// it on the disk the server will use.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/wal/reader.h"
#include "store/wal/writer.h"

namespace waggle::store::wal {
namespace {

std::string BenchDir(std::string_view name) {
  const char* base = std::getenv("WAL_BENCH_DIR");
  return std::string(base != nullptr ? base : "/tmp") + "/wal_bench_" + std::to_string(::getpid()) +
         "_" + std::string(name);
}

std::unique_ptr<Writer> g_writer;
std::string g_dir;

// Each thread appends records of state.range(0) bytes as two pieces (a
// small header and the body, like an ingest request).
void BM_Append(benchmark::State& state) {
  if (state.thread_index() == 0) {
    g_dir = BenchDir("append");
    std::filesystem::remove_all(g_dir);
    g_writer = std::move(Writer::Open(Options{.dir = g_dir}).value());
  }
  std::string header(16, 'h');
  std::string body(static_cast<size_t>(state.range(0)) - header.size(), 'b');
  for (auto _ : state) {
    auto file = g_writer->Append(1, {header, body});
    if (!file.ok()) state.SkipWithError(file.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
  if (state.thread_index() == 0) {
    Writer::Stats stats = g_writer->stats();
    state.counters["records_per_sync"] =
        static_cast<double>(stats.records) / static_cast<double>(stats.syncs);
    g_writer.reset();
    std::filesystem::remove_all(g_dir);
  }
}
BENCHMARK(BM_Append)->Arg(100 << 10)->Threads(1)->Threads(16)->UseRealTime();
BENCHMARK(BM_Append)->Arg(1 << 10)->Threads(16)->UseRealTime();

// Replays a 256 MiB WAL of 100 KiB records (the page cache is warm).
void BM_Replay(benchmark::State& state) {
  std::string dir = BenchDir("replay");
  std::filesystem::remove_all(dir);
  {
    auto writer = std::move(Writer::Open(Options{.dir = dir, .max_file_bytes = 64 << 20}).value());
    std::string body(100 << 10, 'r');
    for (int i = 0; i < 2560; ++i) (void)writer->Append(2, {body}).value();
  }
  uint64_t bytes = 0;
  for (auto _ : state) {
    uint64_t sum = 0;
    auto stats = Replay(dir, [&](uint64_t, uint8_t, std::string_view p) {
      sum += p.size();
      return absl::OkStatus();
    });
    benchmark::DoNotOptimize(sum);
    bytes += stats.value().bytes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Replay)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace waggle::store::wal

BENCHMARK_MAIN();
