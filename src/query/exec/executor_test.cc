// The executor against hand-built stores: each operator and aggregate on
// known data, and a brute-force cross-check on random data and random specs
// (segments and head chunks mixed, sparse and mixed-type attributes).
#include "query/exec/executor.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "core/clock.h"
#include "query/exec/filter_eval.h"
#include "query/exec/group_state.h"
#include "query/spec/spec_json.h"
#include "store/catalog/store.h"

namespace waggle::query::exec {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kS = 1'000'000'000;

// One synthetic span as the reference sees it.
struct RefSpan {
  int64_t start_ns = 0;
  int64_t duration_ns = 0;
  std::string service;
  std::string name;
  std::optional<std::string> route;
  std::optional<int64_t> status_int;      // a:http.status_code as int
  std::optional<std::string> status_str;  // ... or as string
  std::string user;
  int status_code = 0;
};

absl::Status NoReplay(uint8_t, std::string_view, model::EventBatch*) { return absl::OkStatus(); }

class TestStore {
 public:
  TestStore() {
    char tmpl[] = "/tmp/waggle_exec_testXXXXXX";
    dir_ = mkdtemp(tmpl);
    store::StoreOptions o;
    o.data_dir = dir_;
    o.head_flush_age_ns = INT64_MAX / 2;
    store_ = *store::Store::Open(o, NoReplay, core::SystemClock::Get());
  }
  ~TestStore() {
    (void)store_->Close();
    std::filesystem::remove_all(dir_);
  }
  void Add(const std::vector<RefSpan>& spans) {
    for (const RefSpan& s : spans) AddOne(s);
  }
  void Flush() { ASSERT_TRUE(store_->Flush().ok()); }
  std::vector<store::TableSnapshot> Snapshot() const { return store_->Snapshot(); }

 private:
  void AddOne(const RefSpan& s) {
    model::EventBatch b;
    b.resources.push_back({});
    b.scopes.push_back({});
    b.attributes.push_back({"service.name", model::Value::String(s.service)});
    b.resources[0].attributes = {0, 1};
    b.resources[0].span_dataset = s.service == "db" ? "db" : "app";
    model::Span sp;
    sp.trace_id[0] = 1;
    sp.span_id[0] = 2;
    sp.start_ns = s.start_ns;
    sp.end_ns = s.start_ns + s.duration_ns;
    sp.name = s.name;
    sp.kind = model::SpanKind::kServer;
    sp.status_code = static_cast<model::StatusCode>(s.status_code);
    uint32_t begin = static_cast<uint32_t>(b.attributes.size());
    b.attributes.push_back({"user.id", model::Value::String(s.user)});
    if (s.route) b.attributes.push_back({"http.route", model::Value::String(*s.route)});
    if (s.status_int)
      b.attributes.push_back({"http.status_code", model::Value::Int(*s.status_int)});
    if (s.status_str) {
      b.attributes.push_back({"http.status_code", model::Value::String(*s.status_str)});
    }
    sp.attributes = {begin, static_cast<uint32_t>(b.attributes.size())};
    b.spans.push_back(sp);
    ASSERT_TRUE(store_->BulkAppend("default", b).ok());
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

QueryResult RunQuery(const TestStore& ts, std::string_view json, bool series = true) {
  absl::StatusOr<QuerySpec> spec = ParseQuerySpec(json);
  EXPECT_TRUE(spec.ok()) << spec.status();
  ExecOptions o;
  o.now_ns = kT0 + 3600 * kS;
  o.series = series;
  core::ThreadPool pool(2);
  o.pool = &pool;
  absl::StatusOr<QueryResult> r = ExecuteQuery(*spec, ts.Snapshot(), o);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : QueryResult{};
}

std::string Render(const QueryResult& r) {
  core::JsonWriter w;
  WriteResultData(r, RenderOptions{}, &w);
  return w.str();
}

// Expects the same rows, keys and values in `a` and `b`, doubles equal up
// to summation order (cells merged in another order round differently).
void ExpectSameRow(const ResultRow& a, const ResultRow& b, const std::string& what) {
  ASSERT_EQ(a.keys.size(), b.keys.size()) << what;
  for (size_t k = 0; k < a.keys.size(); ++k) {
    EXPECT_EQ(TupleKeyBytes({a.keys[k]}), TupleKeyBytes({b.keys[k]})) << what;
  }
  ASSERT_EQ(a.values.size(), b.values.size()) << what;
  for (size_t v = 0; v < a.values.size(); ++v) {
    const CalcValue &x = a.values[v], &y = b.values[v];
    EXPECT_EQ(x.kind, y.kind) << what;
    EXPECT_EQ(x.i, y.i) << what;
    EXPECT_NEAR(x.d, y.d, 1e-9 * std::max(1.0, std::abs(x.d))) << what;
    ASSERT_EQ(x.heatmap.size(), y.heatmap.size()) << what;
    for (size_t h = 0; h < x.heatmap.size(); ++h) {
      EXPECT_DOUBLE_EQ(x.heatmap[h].count, y.heatmap[h].count) << what;
    }
  }
}

// Expects `a` and `b` to hold the same results, total and other.
void ExpectSameResults(const QueryResult& a, const QueryResult& b, const std::string& what) {
  ASSERT_EQ(a.results.size(), b.results.size()) << what;
  for (size_t i = 0; i < a.results.size(); ++i) ExpectSameRow(a.results[i], b.results[i], what);
  ExpectSameRow(a.total, b.total, what);
  EXPECT_EQ(a.has_other, b.has_other) << what;
  if (a.has_other && b.has_other) ExpectSameRow(a.other, b.other, what);
}

std::vector<RefSpan> KnownSpans() {
  std::vector<RefSpan> out;
  for (int i = 1; i <= 100; ++i) {
    RefSpan s;
    s.start_ns = kT0 + i * kS;
    s.duration_ns = i * 1'000'000;  // 1..100 ms
    s.service = i % 2 == 0 ? "api" : "web";
    s.name = i <= 10 ? "slow-op" : "op";
    if (i % 4 != 0) s.route = i % 3 == 0 ? "/a" : "/b";
    if (i % 5 == 0) {
      s.status_str = "500";
    } else {
      s.status_int = 200;
    }
    s.user = "u" + std::to_string(i % 7);
    s.status_code = i % 10 == 0 ? 2 : 0;
    out.push_back(s);
  }
  return out;
}

TEST(Executor, CountPercentilesAndBreakdown) {
  TestStore ts;
  std::vector<RefSpan> spans = KnownSpans();
  ts.Add({spans.begin(), spans.begin() + 50});
  ts.Flush();  // half in a segment, half in the head
  ts.Add({spans.begin() + 50, spans.end()});
  QueryResult r =
      RunQuery(ts, R"({"calculations":[{"op":"COUNT"},{"op":"P50","column":"duration_ms"},
      {"op":"P99","column":"duration_ms"},{"op":"MAX","column":"duration_ms"},
      {"op":"SUM","column":"duration_ms"},{"op":"AVG","column":"duration_ms"},
      {"op":"MIN","column":"duration_ms"},{"op":"COUNT_DISTINCT","column":"user.id"}],
      "start_time":1767225600,"end_time":1767229200})");
  ASSERT_EQ(r.results.size(), 1u);
  const auto& v = r.results[0].values;
  EXPECT_EQ(v[0].i, 100);
  EXPECT_DOUBLE_EQ(v[1].d, 50);
  EXPECT_DOUBLE_EQ(v[2].d, 99);
  EXPECT_DOUBLE_EQ(v[3].d, 100);
  EXPECT_DOUBLE_EQ(v[4].d, 5050);
  EXPECT_DOUBLE_EQ(v[5].d, 50.5);
  EXPECT_DOUBLE_EQ(v[6].d, 1);
  EXPECT_EQ(v[7].i, 7);
  EXPECT_EQ(r.total.values[0].i, 100);

  r = RunQuery(ts, R"({"calculations":[{"op":"COUNT"}],"breakdowns":["service.name"],
      "start_time":1767225600,"end_time":1767229200})");
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].values[0].i, 50);
  EXPECT_EQ(r.results[0].keys[0].s, "api");  // ties order by key
  EXPECT_EQ(r.results[1].keys[0].s, "web");
}

int64_t CountWhere(const TestStore& ts, std::string_view filter) {
  QueryResult r = RunQuery(ts, fmt::format(R"({{"filters":[{}],"start_time":1767225600,
      "end_time":1767229200}})",
                                           filter));
  return r.results.empty() ? -1 : r.results[0].values[0].i;
}

TEST(Executor, EveryFilterOperator) {
  TestStore ts;
  ts.Add(KnownSpans());
  EXPECT_EQ(CountWhere(ts, R"({"column":"name","op":"=","value":"slow-op"})"), 10);
  EXPECT_EQ(CountWhere(ts, R"({"column":"name","op":"!=","value":"slow-op"})"), 90);
  EXPECT_EQ(CountWhere(ts, R"({"column":"duration_ms","op":">","value":90})"), 10);
  EXPECT_EQ(CountWhere(ts, R"({"column":"duration_ms","op":">=","value":90})"), 11);
  EXPECT_EQ(CountWhere(ts, R"({"column":"duration_ms","op":"<","value":10})"), 9);
  EXPECT_EQ(CountWhere(ts, R"({"column":"duration_ms","op":"<=","value":10})"), 10);
  EXPECT_EQ(CountWhere(ts, R"({"column":"name","op":"starts-with","value":"slow"})"), 10);
  EXPECT_EQ(CountWhere(ts, R"({"column":"name","op":"does-not-start-with","value":"slow"})"), 90);
  EXPECT_EQ(CountWhere(ts, R"({"column":"http.route","op":"ends-with","value":"a"})"), 25);
  EXPECT_EQ(CountWhere(ts, R"({"column":"http.route","op":"does-not-end-with","value":"a"})"), 50);
  EXPECT_EQ(CountWhere(ts, R"({"column":"http.route","op":"exists"})"), 75);
  EXPECT_EQ(CountWhere(ts, R"({"column":"http.route","op":"does-not-exist"})"), 25);
  EXPECT_EQ(CountWhere(ts, R"({"column":"name","op":"contains","value":"w-o"})"), 10);
  EXPECT_EQ(CountWhere(ts, R"({"column":"name","op":"does-not-contain","value":"w-o"})"), 90);
  EXPECT_EQ(CountWhere(ts, R"({"column":"user.id","op":"in","value":["u1","u2"]})"), 30);
  EXPECT_EQ(CountWhere(ts, R"({"column":"user.id","op":"not-in","value":["u1","u2"]})"), 70);
  // Mixed types: 80 ints 200 and 20 strings "500" compare numerically.
  EXPECT_EQ(CountWhere(ts, R"({"column":"http.status_code","op":"=","value":500})"), 20);
  EXPECT_EQ(CountWhere(ts, R"({"column":"http.status_code","op":">=","value":"300"})"), 20);
  EXPECT_EQ(CountWhere(ts, R"({"column":"error","op":"=","value":true})"), 10);
  EXPECT_EQ(CountWhere(ts, R"({"column":"error","op":"does-not-exist"})"), 90);
  EXPECT_EQ(CountWhere(ts, R"({"column":"span.kind","op":"=","value":"server"})"), 100);
  EXPECT_EQ(CountWhere(ts, R"({"column":"service.name","op":"=","value":"api"})"), 50);
  EXPECT_EQ(CountWhere(ts, R"({"column":"trace.trace_id","op":"=",
      "value":"01000000000000000000000000000000"})"),
            100);
  EXPECT_EQ(CountWhere(ts, R"({"column":"nope","op":"!=","value":"x"})"), 0);
  // Honeycomb's signal column: every span is a "trace" event.
  EXPECT_EQ(CountWhere(ts, R"({"column":"meta.signal_type","op":"=","value":"trace"})"), 100);
  EXPECT_EQ(CountWhere(ts, R"({"column":"meta.signal_type","op":"=","value":"log"})"), 0);
}

TEST(Executor, OrHavingsOrdersLimitOther) {
  TestStore ts;
  ts.Add(KnownSpans());
  QueryResult r = RunQuery(ts, R"({"calculations":[{"op":"COUNT"}],"filter_combination":"OR",
      "filters":[{"column":"name","op":"=","value":"slow-op"},{"column":"duration_ms","op":">","value":95}],
      "start_time":1767225600,"end_time":1767229200})");
  EXPECT_EQ(r.results[0].values[0].i, 15);
  r = RunQuery(ts, R"({"calculations":[{"op":"COUNT"},{"op":"MAX","column":"duration_ms"}],
      "breakdowns":["user.id"],"orders":[{"op":"MAX","column":"duration_ms","order":"descending"}],
      "havings":[{"calculate_op":"COUNT","op":">=","value":14}],"limit":2,
      "start_time":1767225600,"end_time":1767229200})");
  // u0 has 14 (7..98), u1..u2 15, u3..u6 14. MAX: u2 100, u1 99, u0 98.
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].keys[0].s, "u2");
  EXPECT_EQ(r.results[1].keys[0].s, "u1");
  ASSERT_TRUE(r.has_other);
  EXPECT_EQ(r.other.values[0].i, 70);
  EXPECT_EQ(r.total.values[0].i, 100);
}

TEST(Executor, HeatmapSeriesAndRates) {
  TestStore ts;
  ts.Add(KnownSpans());
  QueryResult r = RunQuery(ts, R"({"calculations":[{"op":"HEATMAP","column":"duration_ms"},
      {"op":"COUNT"},{"op":"RATE_MAX","column":"duration_ms"},{"op":"CONCURRENCY"}],
      "start_time":1767225600,"end_time":1767225700,"granularity":10})");
  ASSERT_EQ(r.results.size(), 1u);
  const CalcValue& h = r.results[0].values[0];
  ASSERT_EQ(h.kind, CalcValue::Kind::kHeatmap);
  double total = 0;
  for (const HeatmapBucket& b : h.heatmap) total += b.count;
  EXPECT_EQ(total, 99);  // spans 1..99 start inside [0, 100) s
  EXPECT_DOUBLE_EQ(h.heatmap.front().lower, 1);
  EXPECT_DOUBLE_EQ(h.heatmap.back().upper, 99);
  ASSERT_EQ(r.series.size(), 10u);
  EXPECT_EQ(r.series[0].row.values[1].i, 9);   // 1..9
  EXPECT_EQ(r.series[1].row.values[1].i, 10);  // 10..19
  EXPECT_EQ(r.series[0].row.values[2].kind, CalcValue::Kind::kNull);
  EXPECT_DOUBLE_EQ(r.series[1].row.values[2].d, 10);  // max 19 - max 9
  // Span i runs i ms from second i: bucket 1 holds 10+..+19 ms = 145 ms.
  EXPECT_NEAR(r.series[1].row.values[3].d, 0.145 / 10, 1e-9);
  EXPECT_NE(Render(r).find("\"HEATMAP(duration_ms)\":{\"buckets\":[["), std::string::npos);
  // Without the series, RATE_*/CONCURRENCY results still come from buckets.
  QueryResult bare = RunQuery(ts, R"({"calculations":[{"op":"HEATMAP","column":"duration_ms"},
      {"op":"COUNT"},{"op":"RATE_MAX","column":"duration_ms"},{"op":"CONCURRENCY"}],
      "start_time":1767225600,"end_time":1767225700,"granularity":10})",
                              false);
  EXPECT_TRUE(bare.series.empty());
  ExpectSameResults(bare, r, "heatmap and rates");
}

TEST(Executor, OneBucketSeries) {
  TestStore ts;
  ts.Add(KnownSpans());
  // [10, 20) s is one 10 s bucket holding spans 10..19: the series point is
  // the result.
  QueryResult r = RunQuery(ts, R"({"calculations":[{"op":"COUNT"},
      {"op":"P50","column":"duration_ms"},{"op":"COUNT_DISTINCT","column":"user.id"},
      {"op":"HEATMAP","column":"duration_ms"}],
      "start_time":1767225610,"end_time":1767225620,"granularity":10})");
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].values[0].i, 10);
  EXPECT_DOUBLE_EQ(r.results[0].values[1].d, 14);  // nearest rank: the 5th of 10..19 ms
  EXPECT_EQ(r.results[0].values[2].i, 7);
  ASSERT_EQ(r.series.size(), 1u);
  EXPECT_EQ(r.series[0].row.values[0].i, 10);
  EXPECT_DOUBLE_EQ(r.series[0].row.values[1].d, 14);
  EXPECT_EQ(r.series[0].row.values[2].i, 7);
  EXPECT_EQ(r.series[0].row.values[3].heatmap.size(), r.results[0].values[3].heatmap.size());
}

// --- Brute force ---------------------------------------------------------

std::optional<Value> RefValue(const RefSpan& s, const std::string& col, std::string* scratch) {
  if (col == "service.name") return Value{ValueType::kString, 0, 0, s.service};
  if (col == "name") return Value{ValueType::kString, 0, 0, s.name};
  if (col == "user.id") return Value{ValueType::kString, 0, 0, s.user};
  if (col == "duration_ms") return Value{ValueType::kDouble, 0, s.duration_ns / 1e6, {}};
  if (col == "http.route") {
    if (!s.route) return std::nullopt;
    return Value{ValueType::kString, 0, 0, *s.route};
  }
  if (col == "http.status_code") {
    if (s.status_int) return Value{ValueType::kInt, *s.status_int, 0, {}};
    if (!s.status_str) return std::nullopt;
    *scratch = *s.status_str;
    return Value{ValueType::kString, 0, 0, *scratch};
  }
  return std::nullopt;
}

TEST(Executor, BruteForceRandom) {
  std::mt19937_64 rng(42);
  std::vector<RefSpan> spans;
  std::vector<std::string> services = {"web", "api", "db"}, routes = {"/a", "/b", "/c", "/d"};
  for (int i = 0; i < 3000; ++i) {
    RefSpan s;
    s.start_ns = kT0 + static_cast<int64_t>(rng() % (3600 * kS));
    s.duration_ns = static_cast<int64_t>(rng() % 500'000'000);
    s.service = services[rng() % 3];
    s.name = "op" + std::to_string(rng() % 5);
    if (rng() % 3) s.route = routes[rng() % 4];
    if (rng() % 4 == 0) {
      s.status_str = std::to_string(200 + 100 * (rng() % 4));
    } else if (rng() % 3) {
      s.status_int = 200 + 100 * static_cast<int64_t>(rng() % 4);
    }
    s.user = "u" + std::to_string(rng() % 300);
    spans.push_back(s);
  }
  TestStore ts;
  ts.Add({spans.begin(), spans.begin() + 1000});
  ts.Flush();
  ts.Add({spans.begin() + 1000, spans.begin() + 2000});
  ts.Flush();
  ts.Add({spans.begin() + 2000, spans.end()});

  std::vector<std::string> cols = {"service.name", "name", "http.route", "http.status_code",
                                   "user.id"};
  std::vector<std::string> filters = {R"({"column":"http.status_code","op":">=","value":400})",
                                      R"({"column":"http.route","op":"in","value":["/a","/c"]})",
                                      R"({"column":"duration_ms","op":"<","value":250})",
                                      R"({"column":"name","op":"!=","value":"op1"})",
                                      R"({"column":"http.route","op":"does-not-exist"})",
                                      R"({"column":"user.id","op":"starts-with","value":"u1"})"};
  for (int trial = 0; trial < 40; ++trial) {
    std::string bd = cols[rng() % cols.size()];
    std::vector<int> fidx;
    for (size_t f = 0; f < filters.size(); ++f) {
      if (rng() % 3 == 0) fidx.push_back(static_cast<int>(f));
    }
    bool any = rng() % 2;
    int64_t start = 1767225600 + static_cast<int64_t>(rng() % 1800);
    std::string fjson;
    for (int f : fidx) fjson += (fjson.empty() ? "" : ",") + filters[f];
    std::string json = fmt::format(
        R"({{"calculations":[{{"op":"COUNT"}},{{"op":"SUM","column":"duration_ms"}},
        {{"op":"MIN","column":"duration_ms"}},{{"op":"MAX","column":"duration_ms"}},
        {{"op":"P90","column":"duration_ms"}},{{"op":"COUNT_DISTINCT","column":"user.id"}}],
        "filters":[{}],"filter_combination":"{}","breakdowns":["{}"],"limit":1000,
        "start_time":{},"end_time":{}}})",
        fjson, any ? "OR" : "AND", bd, start, start + 1800);
    absl::StatusOr<QuerySpec> spec = ParseQuerySpec(json);
    ASSERT_TRUE(spec.ok()) << spec.status();
    // Reference: row by row.
    struct Agg {
      int64_t count = 0;
      double sum = 0, min = 1e300, max = -1e300;
      std::vector<double> d;
      std::set<std::string> users;
    };
    std::map<std::string, Agg> ref;
    for (const RefSpan& s : spans) {
      if (s.start_ns < start * kS || s.start_ns >= (start + 1800) * kS) continue;
      bool pass = !any || spec->filters.empty();
      for (const Filter& f : spec->filters) {
        std::string scratch;
        std::optional<Value> v = RefValue(s, f.column, &scratch);
        bool m = Matches(v.value_or(Value{}), CompiledFilter{f.op, f.values});
        pass = any ? (pass || m) : (pass && m);
      }
      if (!pass) continue;
      std::string scratch;
      std::optional<Value> key = RefValue(s, bd, &scratch);
      std::string k;
      AppendKeyBytes(key.value_or(Value{}), &k);
      Agg& a = ref[k];
      double ms = s.duration_ns / 1e6;
      ++a.count;
      a.sum += ms;
      a.min = std::min(a.min, ms);
      a.max = std::max(a.max, ms);
      a.d.push_back(ms);
      a.users.insert(s.user);
    }
    QueryResult r = RunQuery(ts, json);
    ASSERT_EQ(r.results.size(), ref.size()) << json;
    for (const ResultRow& row : r.results) {
      std::string k = TupleKeyBytes(row.keys);
      ASSERT_TRUE(ref.contains(k)) << json;
      Agg& a = ref[k];
      EXPECT_EQ(row.values[0].i, a.count);
      EXPECT_NEAR(row.values[1].d, a.sum, 1e-6);
      EXPECT_DOUBLE_EQ(row.values[2].d, a.min);
      EXPECT_DOUBLE_EQ(row.values[3].d, a.max);
      std::sort(a.d.begin(), a.d.end());
      size_t idx = static_cast<size_t>(std::ceil(0.9 * a.d.size())) - 1;
      EXPECT_DOUBLE_EQ(row.values[4].d, a.d[idx]);
      EXPECT_EQ(row.values[5].i, static_cast<int64_t>(a.users.size()));
    }
    // Series counts add up to the results.
    int64_t series_total = 0, results_total = 0;
    for (const SeriesPoint& p : r.series) series_total += p.row.values[0].i;
    for (const ResultRow& row : r.results) results_total += row.values[0].i;
    EXPECT_EQ(series_total, results_total);
    // Without the series: the same results from whole-range cells.
    QueryResult bare = RunQuery(ts, json, false);
    EXPECT_TRUE(bare.series.empty());
    ExpectSameResults(bare, r, json);
  }
}

}  // namespace
}  // namespace waggle::query::exec
