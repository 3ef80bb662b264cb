// File: api/xray/service_graph.h
//
// GetServiceGraph's answer: the per-trace graphs (TraceFacts services and
// edges, built by TraceFactsOf) merged over many traces, with X-Ray's
// statistics (specs/xray.md §6): per node its own segments' outcomes and
// response times; per edge the calling subsegments'; a "client" node in
// front of every root service. Not thread-safe: one per request.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/json_writer.h"
#include "core/status.h"
#include "lang/xray_filter/filter_expression.h"
#include "lang/xray_filter/trace_facts.h"
#include "store/catalog/table_part.h"

namespace waggle::api::xray {

class ServiceGraph {
 public:
  // Merges one trace's graph.
  void Add(const lang::xray::TraceFacts& trace);
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
    std::map<int64_t, int64_t> histogram;  // response time in ms -> count

    void Count(const lang::xray::SegmentFacts& s);
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

  int NodeFor(const std::string& name, const std::string& type, const std::string& state);

  std::map<std::pair<std::string, std::string>, int> index_;  // (name, type) -> node
  std::vector<Node> nodes_;
};

// Builds the graph of the traces of `environment` that start in
// [start_ns, end_ns) and match `filter`, reading at most `max_traces`, the
// most recent first; returns how many traces it read. Errors are the
// store's.
absl::StatusOr<size_t> BuildServiceGraph(const std::vector<store::TableSnapshot>& tables,
                                         std::string_view environment, int64_t start_ns,
                                         int64_t end_ns, const lang::xray::FilterExpression& filter,
                                         size_t max_traces, ServiceGraph* graph);

}  // namespace waggle::api::xray
