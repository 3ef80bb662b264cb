#include "api/xray/service_graph.h"

#include <cmath>

namespace waggle::api::xray {

void ServiceGraph::Stats::Count(const lang::xray::SegmentFacts& s) {
  ++total;
  total_response_time += s.response_time_s;
  if (s.fault) {
    ++fault;
  } else if (s.throttle) {
    ++throttle;
  } else if (s.error) {
    ++error_other;
  } else {
    ++ok;
  }
  ++histogram[std::llround(s.response_time_s * 1000)];
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
  w.BeginArray();
  for (const auto& [ms, count] : histogram) {
    w.BeginObject().Key("Value").Double(static_cast<double>(ms) / 1000).Key("Count").Int(count);
    w.EndObject();
  }
  w.EndArray();
}

int ServiceGraph::NodeFor(const std::string& name, const std::string& type,
                          const std::string& state) {
  auto [it, added] = index_.emplace(std::make_pair(name, type), static_cast<int>(nodes_.size()));
  if (added) {
    Node n;
    n.name = name;
    n.type = type;
    n.state = state;
    n.client = type == "client";
    nodes_.push_back(std::move(n));
  }
  return it->second;
}

void ServiceGraph::Add(const lang::xray::TraceFacts& trace) {
  std::vector<int> ids;
  for (const lang::xray::ServiceFacts& svc : trace.services) {
    int id = NodeFor(svc.name, svc.type, svc.inferred ? "unknown" : "active");
    ids.push_back(id);
    Node& n = nodes_[id];
    for (const lang::xray::SegmentFacts& s : svc.segments) n.stats.Count(s);
    if (!svc.root) continue;
    n.root = true;
    int client = NodeFor(svc.name, "client", "unknown");
    nodes_[client].root = true;
    nodes_[client].edges[id].Count(trace.root);
  }
  for (const lang::xray::EdgeFacts& e : trace.edges) {
    Stats& stats = nodes_[ids[e.caller]].edges[ids[e.callee]];
    for (const lang::xray::SegmentFacts& call : e.calls) stats.Count(call);
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

}  // namespace waggle::api::xray
