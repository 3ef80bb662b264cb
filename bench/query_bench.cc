// Query latency over a data directory written by `waggle load --synthetic N`:
// runs each benchmark query a few times and prints the first run (decoded
// columns not yet cached) and the median ms.
// Results only by default (what the peers' GROUP BY computes); --series
// also computes the per-bucket series, as the query API does by default.
//
//   waggle_query_bench --data DIR [--runs 5] [--threads 2] [--series]
//                      [--cache-bytes N] [--only NAME-PART]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "ingest/otlp/decode.h"
#include "ingest/replay.h"
#include "query/exec/executor.h"
#include "query/spec/spec_json.h"
#include "store/catalog/store.h"
#include "synth/generator.h"

namespace {

using namespace waggle;

struct Bench {
  std::string name;
  std::string spec;
};

std::vector<Bench> Benches() {
  std::string range = R"("time_range": 2678400)";  // 31 days
  return {
      {"COUNT by service",
       R"({"calculations":[{"op":"COUNT"}],"breakdowns":["service.name"],)" + range + "}"},
      {"P99(duration_ms) by service",
       R"({"calculations":[{"op":"P99","column":"duration_ms"}],"breakdowns":["service.name"],)" +
           range + "}"},
      {"HEATMAP(duration_ms)",
       R"({"calculations":[{"op":"HEATMAP","column":"duration_ms"}],)" + range + "}"},
      {"COUNT where user.id = X", R"({"filters":[{"column":"user.id","op":"=","value":")" +
                                      synth::SlowUserId() + R"("}],)" + range + "}"},
      {"COUNT by user.id limit 10",
       R"({"calculations":[{"op":"COUNT"}],"breakdowns":["user.id"],"limit":10,)" + range + "}"},
      {"COUNT_DISTINCT(user.id)",
       R"({"calculations":[{"op":"COUNT_DISTINCT","column":"user.id"}],)" + range + "}"},
  };
}

// Writes `spans` synthetic spans over the last day (like `waggle load`, for
// release builds of the bench without the server binary).
int Load(const std::string& data, uint64_t spans) {
  store::StoreOptions o;
  o.data_dir = data;
  o.head_flush_bytes = 256 << 20;
  o.head_flush_age_ns = INT64_MAX / 2;
  auto st = store::Store::Open(o, ingest::DecodeRecord, core::SystemClock::Get());
  if (!st.ok()) return 1;
  synth::Options g;
  g.start_ns = core::SystemClock::Get().NowNanos() - int64_t{86400} * 1'000'000'000;
  g.spans_per_second = static_cast<double>(spans) / 86400;
  synth::Generator gen(g);
  std::string body;
  model::EventBatch batch;
  for (uint64_t done = 0; done < spans;) {
    gen.NextTracesRequest(std::min<uint64_t>(1024, spans - done), &body);
    batch.Clear();
    if (!ingest::otlp::DecodeTracesProto(body, &batch).ok()) return 1;
    if (!(*st)->BulkAppend("default", batch).ok()) return 1;
    done += batch.spans.size();
  }
  return (*st)->Close().ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Query latency over a loaded data directory"};
  std::string data;
  int runs = 5, threads = 2;
  app.add_option("--data", data)->required();
  app.add_option("--runs", runs);
  app.add_option("--threads", threads);
  bool series = false;
  app.add_flag("--series", series, "Also compute the per-bucket series");
  uint64_t load = 0;
  app.add_option("--load", load, "First write this many synthetic spans into --data");
  std::string only;
  app.add_option("--only", only, "Run only the queries whose name contains this (profiling)");
  size_t cache_bytes = store::StoreOptions{}.column_cache_bytes;
  app.add_option("--cache-bytes", cache_bytes, "Decoded-column cache bound (0 = off)");
  CLI11_PARSE(app, argc, argv);
  if (load > 0 && Load(data, load) != 0) {
    fmt::print(stderr, "load failed\n");
    return 1;
  }
  store::StoreOptions o;
  o.data_dir = data;
  o.head_flush_age_ns = INT64_MAX / 2;
  o.column_cache_bytes = cache_bytes;
  auto st = store::Store::Open(o, ingest::DecodeRecord, core::SystemClock::Get());
  if (!st.ok()) {
    fmt::print(stderr, "{}\n", st.status().message());
    return 1;
  }
  core::ThreadPool pool(threads);
  std::vector<store::TableSnapshot> snap = (*st)->Snapshot();
  uint64_t rows = 0;
  for (const auto& t : snap) rows += t.rows();
  fmt::print("{} rows in {} tables, {} threads, {}\n", rows, snap.size(), threads,
             series ? "results and series" : "results only");
  for (const Bench& b : Benches()) {
    if (b.name.find(only) == std::string::npos) continue;
    auto spec = query::ParseQuerySpec(b.spec);
    if (!spec.ok()) {
      fmt::print(stderr, "{}: {}\n", b.name, spec.status().message());
      return 1;
    }
    std::vector<double> ms;
    query::exec::ExecStats stats;
    for (int i = 0; i < runs; ++i) {
      query::exec::ExecOptions eo;
      eo.now_ns = core::SystemClock::Get().NowNanos();
      eo.pool = &pool;
      eo.series = series;
      auto t0 = std::chrono::steady_clock::now();
      auto r = query::exec::ExecuteQuery(*spec, snap, eo);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!r.ok()) {
        fmt::print(stderr, "{}: {}\n", b.name, r.status().message());
        return 1;
      }
      stats = r->stats;
    }
    const double first = ms[0];
    std::sort(ms.begin(), ms.end());
    fmt::print("{:<32} first {:8.1f} ms  median {:8.1f} ms  (min {:8.1f})  matched {} groups {}\n",
               b.name, first, ms[ms.size() / 2], ms[0], stats.rows_matched, stats.groups);
  }
  (void)(*st)->Close();
  return 0;
}
