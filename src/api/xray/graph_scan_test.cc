// The column-scan service graph against the trace-by-trace one, over the
// same synthetic Cruddur traffic in a real store: both must give the same
// nodes, edges and counts.
#include "api/xray/graph_scan.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "ingest/otlp/decode.h"
#include "store/catalog/store.h"
#include "synth/generator.h"

namespace waggle::api::xray {
namespace {

absl::Status NoReplay(uint8_t, std::string_view, model::EventBatch*) { return absl::OkStatus(); }

constexpr int64_t kStart = 1767225600000000000;  // the generator's first trace
constexpr int64_t kHour = 3600 * int64_t{1'000'000'000};

class GraphScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/waggle_graph_scanXXXXXX";
    dir_ = mkdtemp(tmpl);
    store::StoreOptions o;
    o.data_dir = dir_;
    store_ = *store::Store::Open(o, NoReplay, core::SystemClock::Get());
  }
  void TearDown() override {
    EXPECT_TRUE(store_->Close().ok());
    std::filesystem::remove_all(dir_);
  }
  // Stores about `spans` spans of synthetic traffic in several requests,
  // sealing a segment half way so the graph joins across parts.
  void AddTraffic(size_t spans) {
    synth::Generator gen(synth::Options{.seed = 3, .start_ns = kStart, .spans_per_second = 200});
    std::string body;
    for (size_t sent = 0; sent < spans;) {
      sent += gen.NextTracesRequest(500, &body);
      model::EventBatch batch;
      ASSERT_TRUE(ingest::otlp::DecodeTracesProto(body, &batch).ok());
      ASSERT_TRUE(store_->BulkAppend("default", batch).ok());
      if (sent >= spans / 2 && !flushed_) {
        ASSERT_TRUE(store_->Flush().ok());
        flushed_ = true;
      }
    }
  }

  std::string dir_;
  bool flushed_ = false;
  std::unique_ptr<store::Store> store_;
};

// One sorted line per node and edge of WriteMap's output, by name and type
// so node ids (creation order) do not matter.
std::vector<std::string> Canonical(const ServiceGraph& g) {
  core::JsonWriter w;
  w.BeginObject();
  g.WriteMap(w);
  w.EndObject();
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(w.Release());
  std::vector<std::string> names;
  std::vector<std::string> lines;
  auto stats = [](simdjson::dom::element e) {
    return " count=" + std::to_string(int64_t(e["count"])) +
           " ok=" + std::to_string(int64_t(e["ok"])) +
           " errors=" + std::to_string(int64_t(e["errors"])) +
           " throttles=" + std::to_string(int64_t(e["throttles"])) +
           " faults=" + std::to_string(int64_t(e["faults"])) +
           " avg_us=" + std::to_string(std::llround(double(e["avg_ms"]) * 1000));
  };
  for (simdjson::dom::element n : doc["nodes"].get_array()) {
    std::string name = std::string(std::string_view(n["name"])) + "/" +
                       std::string(std::string_view(n["type"])) + (bool(n["root"]) ? " root" : "") +
                       (bool(n["inferred"]) ? " inferred" : "");
    names.push_back(name);
    lines.push_back("node " + name + stats(n));
  }
  for (simdjson::dom::element e : doc["edges"].get_array()) {
    lines.push_back("edge " + names[int64_t(e["from"])] + " -> " + names[int64_t(e["to"])] +
                    stats(e));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST_F(GraphScanTest, MatchesTheTraceByTraceGraph) {
  AddTraffic(20'000);
  ASSERT_TRUE(flushed_);
  // Far wider than the traffic, so both see every span of every trace.
  int64_t from = kStart - kHour, to = kStart + 24 * kHour;
  ServiceGraph scanned;
  absl::StatusOr<size_t> roots =
      ScanServiceGraph(store_->Snapshot(), "default", from, to, &scanned);
  ASSERT_TRUE(roots.ok()) << roots.status();

  // A filter every trace passes takes the trace-by-trace path.
  auto all = lang::xray::FilterExpression::Parse("duration >= 0");
  ASSERT_TRUE(all.ok());
  ServiceGraph by_trace;
  absl::StatusOr<size_t> traces =
      BuildServiceGraph(store_->Snapshot(), "default", from, to, *all, 1'000'000, &by_trace);
  ASSERT_TRUE(traces.ok()) << traces.status();

  EXPECT_EQ(*roots, *traces);
  std::vector<std::string> a = Canonical(scanned), b = Canonical(by_trace);
  EXPECT_EQ(a, b);
  // The synthetic app's shape is there: a client, several services, the
  // database and some edges.
  EXPECT_GE(scanned.nodes(), 4u);
  EXPECT_TRUE(std::any_of(a.begin(), a.end(), [](const std::string& l) {
    return l.rfind("edge ", 0) == 0 && l.find("Database::SQL") != std::string::npos;
  }));
}

// Requests per node name and type (client nodes count their root requests).
std::map<std::string, int64_t> NodeCounts(const ServiceGraph& g) {
  std::map<std::string, int64_t> out;
  for (const std::string& line : Canonical(g)) {
    if (line.rfind("node ", 0) != 0) continue;
    size_t space = line.find(" count=");
    out[line.substr(5, space - 5)] += std::stoll(line.substr(space + 7));
  }
  return out;
}

TEST_F(GraphScanTest, ASeriesSplitsTheSameCountsIntoPeriods) {
  AddTraffic(10'000);
  int64_t from = kStart - kHour;
  ServiceGraph whole;
  ASSERT_TRUE(ScanServiceGraph(store_->Snapshot(), "default", from, from + 4 * kHour, &whole).ok());
  std::vector<ServiceGraph> series(1440);  // ten seconds each
  ASSERT_TRUE(
      ScanServiceGraphSeries(store_->Snapshot(), "default", from, kHour / 360, &series).ok());
  std::map<std::string, int64_t> summed;
  size_t periods_with_data = 0;
  for (const ServiceGraph& g : series) {
    periods_with_data += g.nodes() > 0 ? 1 : 0;
    for (const auto& [node, count] : NodeCounts(g)) summed[node] += count;
  }
  EXPECT_EQ(summed, NodeCounts(whole));
  EXPECT_GT(periods_with_data, 1u);
}

TEST_F(GraphScanTest, CountsOnlyTheWindow) {
  AddTraffic(5'000);
  ServiceGraph none;
  absl::StatusOr<size_t> roots =
      ScanServiceGraph(store_->Snapshot(), "default", kStart - 2 * kHour, kStart - kHour, &none);
  ASSERT_TRUE(roots.ok());
  EXPECT_EQ(*roots, 0u);
  EXPECT_EQ(none.nodes(), 0u);
  ServiceGraph other_env;
  roots = ScanServiceGraph(store_->Snapshot(), "staging", kStart, kStart + 24 * kHour, &other_env);
  ASSERT_TRUE(roots.ok());
  EXPECT_EQ(other_env.nodes(), 0u);
}

}  // namespace
}  // namespace waggle::api::xray
