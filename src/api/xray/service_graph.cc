#include "api/xray/service_graph.h"

#include <algorithm>
#include <cmath>

#include "api/xray/graph_scan.h"
#include "api/xray/summaries.h"
#include "query/traces/trace_reads.h"

namespace waggle::api::xray {

namespace {

Outcome OutcomeOf(const lang::xray::SegmentFacts& s) {
  return {.fault = s.fault,
          .error = s.error,
          .throttle = s.throttle,
          .response_time_s = s.response_time_s};
}

}  // namespace

void ServiceGraph::Stats::Count(const Outcome& o) {
  ++total;
  total_response_time += o.response_time_s;
  if (o.fault) {
    ++fault;
  } else if (o.throttle) {
    ++throttle;
  } else if (o.error) {
    ++error_other;
  } else {
    ++ok;
  }
  ++histogram[std::llround(o.response_time_s * 1000)];
}

void ServiceGraph::Stats::Write(core::JsonWriter& w) const {
  w.BeginObject().Key("OkCount").Int(ok);
  w.Key("ErrorStatistics").BeginObject();
  w.Key("ThrottleCount").Int(throttle).Key("OtherCount").Int(error_other);
  w.Key("TotalCount").Int(throttle + error_other).EndObject();
  w.Key("FaultStatistics").BeginObject();
  w.Key("OtherCount").Int(fault).Key("TotalCount").Int(fault).EndObject();
  w.Key("TotalCount").Int(total).Key("TotalResponseTime").Double(total_response_time);
  w.EndObject();
}

void ServiceGraph::Stats::WriteHistogram(core::JsonWriter& w) const {
  std::vector<std::pair<int64_t, int64_t>> sorted(histogram.begin(), histogram.end());
  std::sort(sorted.begin(), sorted.end());
  w.BeginArray();
  for (const auto& [ms, count] : sorted) {
    w.BeginObject().Key("Value").Double(static_cast<double>(ms) / 1000).Key("Count").Int(count);
    w.EndObject();
  }
  w.EndArray();
}

void ServiceGraph::Stats::WriteCompact(core::JsonWriter& w) const {
  w.Key("count").Int(total).Key("ok").Int(ok).Key("errors").Int(error_other);
  w.Key("throttles").Int(throttle).Key("faults").Int(fault);
  w.Key("avg_ms").Double(total == 0 ? 0 : total_response_time * 1000 / static_cast<double>(total));
}

int ServiceGraph::NodeFor(std::string_view name, std::string_view type, std::string_view state) {
  key_.assign(name).push_back('\x1f');
  key_.append(type);
  auto [it, added] = index_.try_emplace(key_, static_cast<int>(nodes_.size()));
  if (added) {
    Node n;
    n.name = std::string(name);
    n.type = std::string(type);
    n.state = std::string(state);
    n.client = type == "client";
    nodes_.push_back(std::move(n));
  }
  return it->second;
}

void ServiceGraph::CountRootRequest(int node, const Outcome& root) {
  nodes_[node].root = true;
  int client = NodeFor(nodes_[node].name, "client", "unknown");
  nodes_[client].root = true;
  nodes_[client].edges[node].Count(root);
}

void ServiceGraph::Add(const lang::xray::TraceFacts& trace) {
  std::vector<int> ids;
  for (const lang::xray::ServiceFacts& svc : trace.services) {
    int id = NodeFor(svc.name, svc.type, svc.inferred ? "unknown" : "active");
    ids.push_back(id);
    Node& n = nodes_[id];
    for (const lang::xray::SegmentFacts& s : svc.segments) n.stats.Count(OutcomeOf(s));
    if (svc.root) CountRootRequest(id, OutcomeOf(trace.root));
  }
  for (const lang::xray::EdgeFacts& e : trace.edges) {
    Stats& stats = nodes_[ids[e.caller]].edges[ids[e.callee]];
    for (const lang::xray::SegmentFacts& call : e.calls) stats.Count(OutcomeOf(call));
  }
}

void ServiceGraph::WriteServices(double start_s, double end_s, core::JsonWriter& w) const {
  w.BeginArray();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    w.BeginObject().Key("ReferenceId").Int(static_cast<int64_t>(i));
    w.Key("Name").String(n.name).Key("Names").BeginArray().String(n.name).EndArray();
    w.Key("Root").Bool(n.root);
    if (!n.type.empty()) w.Key("Type").String(n.type);
    w.Key("State").String(n.state);
    w.Key("StartTime").Double(start_s).Key("EndTime").Double(end_s);
    w.Key("Edges").BeginArray();
    for (const auto& [target, stats] : n.edges) {
      w.BeginObject().Key("ReferenceId").Int(target);
      w.Key("StartTime").Double(start_s).Key("EndTime").Double(end_s);
      w.Key("SummaryStatistics");
      stats.Write(w);
      w.Key("ResponseTimeHistogram");
      stats.WriteHistogram(w);
      w.Key("Aliases").BeginArray().EndArray();
      w.EndObject();
    }
    w.EndArray();
    if (!n.client) {
      w.Key("SummaryStatistics");
      n.stats.Write(w);
      w.Key("DurationHistogram");
      n.stats.WriteHistogram(w);
      w.Key("ResponseTimeHistogram");
      n.stats.WriteHistogram(w);
    }
    w.EndObject();
  }
  w.EndArray();
}

void ServiceGraph::WriteMap(core::JsonWriter& w) const {
  w.Key("nodes").BeginArray();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    w.BeginObject().Key("id").Int(static_cast<int64_t>(i)).Key("name").String(n.name);
    w.Key("type").String(n.type).Key("root").Bool(n.root);
    w.Key("inferred").Bool(n.state == "unknown" && !n.client).Key("client").Bool(n.client);
    n.stats.WriteCompact(w);
    w.EndObject();
  }
  w.EndArray().Key("edges").BeginArray();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (const auto& [target, stats] : nodes_[i].edges) {
      w.BeginObject().Key("from").Int(static_cast<int64_t>(i)).Key("to").Int(target);
      stats.WriteCompact(w);
      w.EndObject();
    }
  }
  w.EndArray();
}

absl::StatusOr<size_t> BuildServiceGraph(const std::vector<store::TableSnapshot>& tables,
                                         std::string_view environment, int64_t start_ns,
                                         int64_t end_ns, const lang::xray::FilterExpression& filter,
                                         size_t max_traces, ServiceGraph* graph) {
  if (filter.matches_all()) return ScanServiceGraph(tables, environment, start_ns, end_ns, graph);
  constexpr size_t kChunk = 500;  // traces whose spans are read in one pass
  constexpr int64_t kTraceTailNs = 3600 * int64_t{1'000'000'000};
  ASSIGN_OR_RETURN(std::vector<query::TraceStart> candidates,
                   query::RecentTraceStarts(tables, environment, start_ns, end_ns, max_traces));
  for (size_t i = 0; i < candidates.size(); i += kChunk) {
    std::vector<model::TraceId> ids;
    for (size_t k = i; k < std::min(candidates.size(), i + kChunk); ++k) {
      ids.push_back(candidates[k].trace_id);
    }
    // Their spans start in the window and may run up to an hour past it.
    ASSIGN_OR_RETURN(auto traces,
                     ReadTraces(tables, environment, ids, start_ns, end_ns + kTraceTailNs));
    for (const std::vector<query::Row>& rows : traces) {
      if (rows.empty()) continue;
      lang::xray::TraceFacts facts = TraceFactsOf(rows);
      if (filter.Matches(facts)) graph->Add(facts);
    }
  }
  return candidates.size();
}

}  // namespace waggle::api::xray
