// File: api/xray/service_graph.h
//
// GetServiceGraph's answer: the per-trace graphs (TraceFacts services and
// edges, built by TraceFactsOf) merged over many traces, with X-Ray's
// statistics (specs/xray.md §6): per node its own segments' outcomes and
// response times; per edge the calling subsegments'; a "client" node in
// front of every root service. Not thread-safe: one per request.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_writer.h"
#include "core/status.h"
#include "lang/xray_filter/filter_expression.h"
#include "lang/xray_filter/trace_facts.h"
#include "store/catalog/table_part.h"

namespace waggle::api::xray {

// How one segment or call turned out: X-Ray's outcome classes and its
// response time.
struct Outcome {
  bool fault = false;
  bool error = false;
  bool throttle = false;
  double response_time_s = 0;
};

class ServiceGraph {
 public:
  // Merges one trace's graph.
  void Add(const lang::xray::TraceFacts& trace);

  // The building blocks Add uses, for builders that assemble the graph
  // from columns rather than from whole traces (graph_scan.h). Each returns
  // or takes a node id; a (name, type) pair is one node.
  int ServiceNode(std::string_view name, std::string_view type) {
    return NodeFor(name, type, "active");
  }
  int InferredNode(std::string_view name, std::string_view type) {
    return NodeFor(name, type, "unknown");
  }
  // Counts one of `node`'s own segments.
  void CountNode(int node, const Outcome& o) { nodes_[node].stats.Count(o); }
  // Counts one call from `from` to `to`.
  void CountEdge(int from, int to, const Outcome& o) { nodes_[from].edges[to].Count(o); }
  // Marks `node` as a root service and counts one root request on the edge
  // from its client node.
  void CountRootRequest(int node, const Outcome& root);

  // Writes the Services array; every node and edge spans [start_s, end_s].
  void WriteServices(double start_s, double end_s, core::JsonWriter& w) const;
  // Writes Waggle's compact form for the UI: "nodes" and "edges" members
  // (docs/api.md, GET /api/v1/service_map) into the open object.
  void WriteMap(core::JsonWriter& w) const;
  size_t nodes() const { return nodes_.size(); }

 private:
  struct Stats {
    int64_t ok = 0, error_other = 0, throttle = 0, fault = 0, total = 0;
    double total_response_time = 0;
    absl::flat_hash_map<int64_t, int64_t> histogram;  // response time in ms -> count

    void Count(const Outcome& o);
    void Write(core::JsonWriter& w) const;
    // count, ok, errors, throttles, faults and avg_ms members.
    void WriteCompact(core::JsonWriter& w) const;
    void WriteHistogram(core::JsonWriter& w) const;
  };
  struct Node {
    std::string name, type, state;
    bool root = false;
    bool client = false;
    Stats stats;
    std::map<int, Stats> edges;  // by target node
  };

  int NodeFor(std::string_view name, std::string_view type, std::string_view state);

  absl::flat_hash_map<std::string, int> index_;  // name + '\x1f' + type -> node
  std::string key_;                              // NodeFor's lookup key, reused
  std::vector<Node> nodes_;
};

// Builds the graph of `environment`'s traces in [start_ns, end_ns) that
// match `filter`; returns how many traces it read. The empty filter takes
// the column scan (graph_scan.h) over every span of the window; any other
// reads at most `max_traces` traces that start in the window, the most
// recent first, and keeps those the filter matches. Errors are the store's.
absl::StatusOr<size_t> BuildServiceGraph(const std::vector<store::TableSnapshot>& tables,
                                         std::string_view environment, int64_t start_ns,
                                         int64_t end_ns, const lang::xray::FilterExpression& filter,
                                         size_t max_traces, ServiceGraph* graph);

}  // namespace waggle::api::xray
