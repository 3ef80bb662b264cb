// Micro-benchmarks of the hot paths (Google Benchmark): OTLP protobuf span
// decode, X-Ray JSON segment decode, the column encodings both ways, and
// the query scan's filter and aggregation kernels over a segment store.
// Items are spans (decoders), rows (encodings) or rows scanned (queries).
//
//   waggle_micro_bench [--benchmark_filter=REGEX] [--benchmark_format=json]
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/thread_pool.h"
#include "demo/request_logs.h"
#include "demo/xray_segments.h"
#include "ingest/otlp/decode.h"
#include "ingest/replay.h"
#include "ingest/xray/segment_decoder.h"
#include "query/exec/executor.h"
#include "query/spec/spec_json.h"
#include "store/catalog/store.h"
#include "store/column/column_decoder.h"
#include "store/column/column_encoder.h"
#include "synth/cruddur.h"
#include "synth/generator.h"
#include "synth/trace_plan.h"

namespace {

using namespace waggle;

constexpr int64_t kStartNs = 1'795'000'000'000'000'000;

void BM_OtlpTracesProtoDecode(benchmark::State& state) {
  synth::Generator gen({.seed = 1});
  std::string body;
  gen.NextTracesRequest(static_cast<size_t>(state.range(0)), &body);
  model::EventBatch batch;
  size_t spans = 0;
  for (auto _ : state) {
    batch.Clear();
    if (!ingest::otlp::DecodeTracesProto(body, &batch).ok()) state.SkipWithError("decode failed");
    spans += batch.spans.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(spans));
  state.SetBytesProcessed(static_cast<int64_t>(body.size() * state.iterations()));
}
BENCHMARK(BM_OtlpTracesProtoDecode)->Arg(512);

// The demo's backend segments: the handler, SQL and external calls as subsegments.
std::vector<std::string> XrayDocuments(size_t n) {
  synth::Prng rng(7);
  synth::TracePlan plan;
  std::vector<std::string> docs;
  std::string datagram;
  for (int64_t i = 0; docs.size() < n; ++i) {
    synth::PlanTrace(&rng, kStartNs + i * 1'000'000, &plan);
    if (demo::EncodeXrayDatagram(plan, &datagram) == 0) continue;
    docs.emplace_back(*ingest::xray::SplitDaemonDatagram(datagram));
  }
  return docs;
}

void BM_XraySegmentDecode(benchmark::State& state) {
  std::vector<std::string> docs = XrayDocuments(256);
  ingest::xray::SegmentDecoder decoder;
  model::EventBatch batch;
  std::vector<ingest::xray::DocumentInfo> info;
  size_t spans = 0, bytes = 0;
  for (auto _ : state) {
    batch.Clear();
    info.clear();
    for (const std::string& doc : docs) {
      if (!decoder.Decode(doc, "", &batch, &info).ok()) state.SkipWithError("decode failed");
      bytes += doc.size();
    }
    spans += batch.spans.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(spans));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_XraySegmentDecode);

constexpr uint32_t kColumnRows = 64 * 1024;
constexpr uint32_t kBlockRows = 8192;

// Span start times (ascending, jittered), routes (a dictionary) or user ids (high cardinality).
store::Column MakeColumn(int kind) {
  store::Column c;
  c.rows = kColumnRows;
  synth::Prng rng(kind + 1);
  if (kind == 0) {
    c.key = {"time", store::ColumnType::kInt64, model::ValueKind::kInt};
    int64_t t = kStartNs;
    for (uint32_t r = 0; r < c.rows; ++r) c.ints.push_back(t += 1000 + rng.Uniform(50'000));
    return c;
  }
  c.key = {kind == 1 ? "http.route" : "user.id", store::ColumnType::kString,
           model::ValueKind::kString};
  c.offsets.push_back(0);
  const auto routes = synth::cruddur::Routes();
  for (uint32_t r = 0; r < c.rows; ++r) {
    c.bytes += kind == 1 ? std::string(routes[rng.Uniform(routes.size())].route)
                         : synth::cruddur::UserId(static_cast<uint32_t>(rng.Zipf(100000)));
    c.offsets.push_back(static_cast<uint32_t>(c.bytes.size()));
  }
  return c;
}

void BM_ColumnEncode(benchmark::State& state) {
  store::Column c = MakeColumn(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto encoded = store::EncodeColumn(c, kBlockRows);
    if (!encoded.ok()) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(encoded);
  }
  state.SetItemsProcessed(static_cast<int64_t>(c.rows) * state.iterations());
  state.SetLabel(c.key.name);
}
BENCHMARK(BM_ColumnEncode)->Arg(0)->Arg(1)->Arg(2);

void BM_ColumnDecode(benchmark::State& state) {
  store::Column c = MakeColumn(static_cast<int>(state.range(0)));
  store::EncodedColumn encoded = *store::EncodeColumn(c, kBlockRows);
  store::ColumnLayout layout{c.key,  encoded.encoding, false,
                             c.rows, kBlockRows,       encoded.stats.present_count};
  for (auto _ : state) {
    auto decoder = store::ColumnDecoder::Create(layout, encoded.dictionary);
    if (!decoder.ok()) state.SkipWithError("bad layout");
    for (uint32_t b = 0; b < encoded.blocks.size(); ++b) {
      if (!decoder->DecodeBlock(b, encoded.blocks[b]).ok()) state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(std::move(*decoder).Finish());
  }
  state.SetItemsProcessed(static_cast<int64_t>(c.rows) * state.iterations());
  state.SetLabel(c.key.name);
}
BENCHMARK(BM_ColumnDecode)->Arg(0)->Arg(1)->Arg(2);

// A store of synthetic spans flushed to segments, written once per process.
class SpanStore {
 public:
  static SpanStore& Get() {
    static SpanStore store(200'000);
    return store;
  }
  const std::vector<store::TableSnapshot>& snapshot() const { return snapshot_; }
  uint64_t rows() const { return rows_; }
  ~SpanStore() {
    if (store_) (void)store_->Close();
    std::filesystem::remove_all(dir_);
  }

 private:
  explicit SpanStore(uint64_t spans) {
    char tmpl[] = "/tmp/waggle-micro-XXXXXX";
    dir_ = mkdtemp(tmpl);
    store::StoreOptions o;
    o.data_dir = dir_;
    o.head_flush_age_ns = INT64_MAX / 2;
    store_ = std::move(*store::Store::Open(o, ingest::DecodeRecord, core::SystemClock::Get()));
    synth::Generator gen({.seed = 1,
                          .start_ns = core::SystemClock::Get().NowNanos() - 3600 * kSecond,
                          .spans_per_second = static_cast<double>(spans) / 3600});
    std::string body;
    model::EventBatch batch;
    for (uint64_t done = 0; done < spans; done += batch.spans.size()) {
      gen.NextTracesRequest(1024, &body);
      batch.Clear();
      (void)ingest::otlp::DecodeTracesProto(body, &batch);
      (void)store_->BulkAppend("default", batch);
    }
    (void)store_->Flush();
    snapshot_ = store_->Snapshot();
    for (const auto& t : snapshot_) rows_ += t.rows();
  }
  static constexpr int64_t kSecond = 1'000'000'000;
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::vector<store::TableSnapshot> snapshot_;
  uint64_t rows_ = 0;
};

void RunQuery(benchmark::State& state, const std::string& spec_json) {
  SpanStore& spans = SpanStore::Get();
  auto spec = query::ParseQuerySpec(spec_json);
  if (!spec.ok()) {
    state.SkipWithError("bad spec");
    return;
  }
  for (auto _ : state) {
    query::exec::ExecOptions eo;
    eo.now_ns = core::SystemClock::Get().NowNanos();
    eo.series = false;
    auto r = query::exec::ExecuteQuery(*spec, spans.snapshot(), eo);
    if (!r.ok()) state.SkipWithError("query failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(spans.rows()) * state.iterations());
}

void BM_QueryFilterUserId(benchmark::State& state) {
  RunQuery(state, R"({"filters":[{"column":"user.id","op":"=","value":")" + synth::SlowUserId() +
                      R"("}],"time_range":7200})");
}
BENCHMARK(BM_QueryFilterUserId)->Unit(benchmark::kMillisecond);

void BM_QueryP99ByService(benchmark::State& state) {
  RunQuery(
      state,
      R"({"calculations":[{"op":"P99","column":"duration_ms"}],"breakdowns":["service.name"],"time_range":7200})");
}
BENCHMARK(BM_QueryP99ByService)->Unit(benchmark::kMillisecond);

void BM_QueryCountByUserIdTop10(benchmark::State& state) {
  RunQuery(
      state,
      R"({"calculations":[{"op":"COUNT"}],"breakdowns":["user.id"],"limit":10,"time_range":7200})");
}
BENCHMARK(BM_QueryCountByUserIdTop10)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
