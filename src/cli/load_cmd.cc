#include "cli/load_cmd.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "core/clock.h"
#include "core/file.h"
#include "ingest/otlp/decode.h"
#include "ingest/replay.h"
#include "store/catalog/store.h"
#include "synth/generator.h"

namespace waggle::cli {
namespace {

class ProgressBar {
 public:
  explicit ProgressBar(uint64_t total) : total_(total), start_(std::chrono::steady_clock::now()) {}
  void Update(uint64_t done, bool force = false) {
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double frac = total_ == 0 ? 1 : static_cast<double>(done) / static_cast<double>(total_);
    int filled = static_cast<int>(frac * 30);
    fmt::print(stderr, "\r[{:<30}] {:5.1f}%  {}/{} spans  {:.0f} spans/s   ",
               std::string(filled, '='), frac * 100, done, total_, secs > 0 ? done / secs : 0);
    std::fflush(stderr);
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_;
};

// Collects a bounded, evenly spread sample of the loaded trace ids.
void SampleTraceIds(const model::EventBatch& batch, uint64_t request, std::string* out) {
  if (request % 64 != 0 || batch.spans.empty()) return;
  *out += model::IdToHex(batch.spans.front().trace_id) + "\n";
}

}  // namespace

int RunLoad(const LoadFlags& flags) {
  if (core::PathExists(flags.data_dir + "/ports.json") &&
      core::PathExists(flags.data_dir + "/wal")) {
    fmt::print(stderr,
               "waggle: note: {} has been served before; make sure no server is running on it\n",
               flags.data_dir);
  }
  store::StoreOptions options;
  options.data_dir = flags.data_dir;
  options.head_flush_bytes = 256 << 20;
  options.head_flush_age_ns = INT64_MAX / 2;
  auto store = store::Store::Open(options, ingest::DecodeRecord, core::SystemClock::Get());
  if (!store.ok()) {
    fmt::print(stderr, "waggle: {}\n", store.status().message());
    return 1;
  }
  int64_t span_ns = static_cast<int64_t>(flags.days * 86400e9);
  synth::Options gen_options;
  gen_options.seed = flags.seed;
  gen_options.start_ns = core::SystemClock::Get().NowNanos() - span_ns;
  gen_options.spans_per_second =
      flags.spans == 0 ? 1 : static_cast<double>(flags.spans) / (span_ns / 1e9);
  synth::Generator generator(gen_options);
  ProgressBar bar(flags.spans);
  std::string request, sample;
  model::EventBatch batch;
  uint64_t done = 0;
  for (uint64_t n = 0; done < flags.spans; ++n) {
    generator.NextTracesRequest(std::min<uint64_t>(1024, flags.spans - done), &request);
    batch.Clear();
    auto decoded = ingest::otlp::DecodeTracesProto(request, &batch);
    absl::Status s = decoded.ok() ? (*store)->BulkAppend("default", batch) : decoded.status();
    if (!s.ok()) {
      fmt::print(stderr, "\nwaggle: {}\n", s.message());
      return 1;
    }
    done += batch.spans.size();
    SampleTraceIds(batch, n, &sample);
    bar.Update(done);
  }
  absl::Status closed = (*store)->Close();
  bar.Update(done, true);
  if (!closed.ok()) {
    fmt::print(stderr, "\nwaggle: {}\n", closed.message());
    return 1;
  }
  if (!flags.trace_ids_file.empty()) {
    absl::Status w = core::WriteFileAtomic(flags.trace_ids_file, sample);
    if (!w.ok()) fmt::print(stderr, "\nwaggle: {}\n", w.message());
  }
  store::StoreStats stats = (*store)->stats();
  fmt::print(stderr,
             "\nloaded {} spans in {:.1f} s into {} segment(s), {} bytes ({:.1f} bytes/span)\n",
             done, bar.seconds(), stats.segments, stats.segment_bytes,
             done ? static_cast<double>(stats.segment_bytes) / done : 0.0);
  return 0;
}

}  // namespace waggle::cli
