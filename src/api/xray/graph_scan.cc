#include "api/xray/graph_scan.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <future>
#include <limits>
#include <memory>
#include <string>

#include "ingest/xray/segment_decoder.h"
#include "query/traces/rows.h"
#include "store/head/schema.h"

namespace waggle::api::xray {
namespace {

namespace schema = store::schema;
using store::ColumnType;
using ColumnPtr = std::shared_ptr<const store::Column>;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// The columns of one part the graph reads; absent columns are null.
struct PartView {
  ColumnPtr time, duration, trace, span, parent, kind, status, service, name;
  ColumnPtr http_status, http_status_legacy;
  ColumnPtr xray_type, xray_fault, xray_error, xray_throttle, xray_origin, xray_namespace;
  ColumnPtr peer_service, db_system, server_address, net_peer_name, rpc_system, rpc_service;
};

absl::StatusOr<PartView> ReadPart(const store::TablePart& part) {
  PartView v;
  struct Want {
    ColumnPtr* into;
    std::string_view name;
    ColumnType type;
  };
  const std::string type_attr = "a:" + std::string(ingest::xray::kTypeAttr);
  const Want wants[] = {
      {&v.time, schema::kTimestamp, ColumnType::kInt64},
      {&v.duration, schema::kDurationNs, ColumnType::kInt64},
      {&v.trace, schema::kTraceId, ColumnType::kFixed16},
      {&v.span, schema::kSpanId, ColumnType::kFixed8},
      {&v.parent, schema::kParentId, ColumnType::kFixed8},
      {&v.kind, schema::kKind, ColumnType::kInt64},
      {&v.status, schema::kStatusCode, ColumnType::kInt64},
      {&v.service, "r:service.name", ColumnType::kString},
      {&v.http_status, "a:http.response.status_code", ColumnType::kInt64},
      {&v.http_status_legacy, "a:http.status_code", ColumnType::kInt64},
      {&v.xray_type, type_attr, ColumnType::kString},
      {&v.xray_fault, "a:xray.fault", ColumnType::kBool},
      {&v.xray_error, "a:xray.error", ColumnType::kBool},
      {&v.xray_throttle, "a:xray.throttle", ColumnType::kBool},
      {&v.xray_origin, "a:xray.origin", ColumnType::kString},
      {&v.xray_namespace, "a:xray.namespace", ColumnType::kString},
      {&v.peer_service, "a:peer.service", ColumnType::kString},
      {&v.db_system, "a:db.system", ColumnType::kString},
      {&v.server_address, "a:server.address", ColumnType::kString},
      {&v.net_peer_name, "a:net.peer.name", ColumnType::kString},
      {&v.rpc_system, "a:rpc.system", ColumnType::kString},
      {&v.rpc_service, "a:rpc.service", ColumnType::kString},
  };
  // Two threads share the columns: decoding is most of a cold read.
  auto read_every_other = [&](size_t first) -> absl::Status {
    for (size_t i = first; i < std::size(wants); i += 2) {
      ASSIGN_OR_RETURN(*wants[i].into, query::ReadColumn(part, wants[i].name, wants[i].type));
    }
    return absl::OkStatus();
  };
  std::future<absl::Status> odd = std::async(std::launch::async, read_every_other, 1);
  absl::Status even = read_every_other(0);
  absl::Status odd_status = odd.get();
  RETURN_IF_ERROR(even);
  RETURN_IF_ERROR(odd_status);
  // Only X-Ray subsegments name their inferred node after themselves.
  if (v.xray_type != nullptr) {
    ASSIGN_OR_RETURN(v.name, query::ReadColumn(part, schema::kName, ColumnType::kString));
  }
  return v;
}

bool Has(const ColumnPtr& c, uint32_t r) { return c != nullptr && c->IsPresent(r); }
int64_t IntAt(const ColumnPtr& c, uint32_t r) { return Has(c, r) ? c->ints[r] : 0; }
std::string_view StrAt(const ColumnPtr& c, uint32_t r) {
  return Has(c, r) ? c->StringAt(r) : std::string_view();
}
uint64_t WordAt(const store::Column& c, size_t offset) {
  uint64_t w;
  std::memcpy(&w, c.bytes.data() + offset, sizeof w);
  return w;
}

// One trace's id folded to a word; spans are keyed by (trace, span id).
uint64_t TraceWord(const store::Column& trace, uint32_t r) {
  return WordAt(trace, size_t{r} * 16) ^
         (WordAt(trace, size_t{r} * 16 + 8) * 0xff51afd7ed558ccdULL);
}
uint64_t SpanKey(uint64_t trace, uint64_t span) { return span ^ (trace * 0x9e3779b97f4a7c15ULL); }

// The same outcome classes as summaries.cc's SegmentOf: X-Ray's flags for
// X-Ray segments, OTLP status and HTTP status for the others.
Outcome OutcomeAt(const PartView& v, uint32_t r, bool xray) {
  Outcome o;
  o.response_time_s = static_cast<double>(IntAt(v.duration, r)) / 1e9;
  if (xray) {
    o.fault = IntAt(v.xray_fault, r) != 0;
    o.error = IntAt(v.xray_error, r) != 0;
    o.throttle = IntAt(v.xray_throttle, r) != 0;
    return o;
  }
  int64_t http = Has(v.http_status, r) ? v.http_status->ints[r] : IntAt(v.http_status_legacy, r);
  o.fault = IntAt(v.status, r) == 2 && (http == 0 || http >= 500);
  o.error = http >= 400 && http < 500;
  o.throttle = http == 429;
  return o;
}

// Every span of the window: its key, service and, for a call, its index
// into the calls.
struct SpanRef {
  uint64_t key;
  uint32_t service;
  uint32_t call;
};

struct Segment {
  uint64_t trace;
  uint64_t parent_key;
  int64_t start;
  uint32_t service;
  bool has_parent;
  Outcome outcome;
};

struct Call {
  uint32_t inferred;  // the node it goes to if no segment answers it
  int64_t start;
  uint32_t service;
  bool answered;
  Outcome outcome;
};

// Service names seen by the scan, each with the X-Ray origin of its first
// segment (the node's type).
class Services {
 public:
  uint32_t Intern(std::string_view name) {
    if (name.empty()) name = "unknown_service";
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    auto id = static_cast<uint32_t>(names_.size());
    ids_.emplace(names_.emplace_back(name), id);
    origins_.emplace_back();
    origin_set_.push_back(false);
    return id;
  }
  // Per part: the service id of each dictionary code (empty if the column
  // has no dictionary).
  std::vector<uint32_t> MapDictionary(const store::Column& c) {
    std::vector<uint32_t> ids;
    ids.reserve(c.dict_entries.size());
    for (const std::string& e : c.dict_entries) ids.push_back(Intern(e));
    return ids;
  }
  void SetOriginOnce(uint32_t id, std::string_view origin) {
    if (origin_set_[id]) return;
    origin_set_[id] = true;
    origins_[id] = std::string(origin);
  }
  // The node of service `id` in graph number `g`, created on first use.
  int NodeOf(uint32_t id, size_t g, ServiceGraph* graph) {
    if (nodes_.size() <= g) nodes_.resize(g + 1);
    std::vector<int>& nodes = nodes_[g];
    if (nodes.size() < names_.size()) nodes.resize(names_.size(), -1);
    if (nodes[id] < 0) nodes[id] = graph->ServiceNode(names_[id], origins_[id]);
    return nodes[id];
  }

 private:
  absl::flat_hash_map<std::string_view, uint32_t> ids_;  // views into names_
  std::deque<std::string> names_;                        // never moves its strings
  std::vector<std::string> origins_;
  std::vector<bool> origin_set_;
  std::vector<std::vector<int>> nodes_;  // per graph, by service id
};

// Where counts go: the graph of the period an event starts in.
class Periods {
 public:
  Periods(std::vector<ServiceGraph*> graphs, int64_t start_ns, int64_t period_ns)
      : graphs_(std::move(graphs)), start_ns_(start_ns), period_ns_(period_ns) {}
  size_t IndexOf(int64_t t) const {
    auto i = static_cast<size_t>((t - start_ns_) / period_ns_);
    return std::min(i, graphs_.size() - 1);
  }
  ServiceGraph* at(size_t i) { return graphs_[i]; }
  size_t size() const { return graphs_.size(); }

 private:
  std::vector<ServiceGraph*> graphs_;
  int64_t start_ns_, period_ns_;
};

// The node a call nobody answered stands for (summaries.cc's InferredNode):
// its name and what kind of node it is.
struct Inferred {
  enum class Kind { kAws, kDatabase, kRemote };
  std::string_view name;
  Kind kind = Kind::kRemote;
  bool operator==(const Inferred&) const = default;
};

Inferred InferredOf(const PartView& v, uint32_t r) {
  std::string_view db = StrAt(v.db_system, r);
  Inferred in{StrAt(v.name, r), db.empty() ? Inferred::Kind::kRemote : Inferred::Kind::kDatabase};
  if (!Has(v.xray_type, r)) {
    for (const ColumnPtr* c :
         {&v.peer_service, &v.db_system, &v.server_address, &v.net_peer_name}) {
      if (!StrAt(*c, r).empty()) {
        in.name = StrAt(*c, r);
        break;
      }
    }
  }
  std::string_view rpc_service = StrAt(v.rpc_service, r);
  if (StrAt(v.xray_namespace, r) == "aws") {
    in.kind = Inferred::Kind::kAws;
  } else if (StrAt(v.rpc_system, r) == "aws-api" && !rpc_service.empty()) {
    in = {rpc_service, Inferred::Kind::kAws};
  }
  return in;
}

// The inferred nodes calls go to, interned by the scan so the columns can
// be released part by part; a node per graph is made on first use.
class InferredNodes {
 public:
  uint32_t Intern(const Inferred& in) {
    if (!keys_.empty() && in == last_) return last_id_;
    std::string key(1, static_cast<char>(in.kind));
    key.append(in.name);
    auto [it, added] = ids_.try_emplace(std::move(key), static_cast<uint32_t>(kinds_.size()));
    if (added) {
      keys_.emplace_back(in.name);
      kinds_.push_back(in.kind);
    }
    last_ = {keys_[it->second], in.kind};
    last_id_ = it->second;
    return it->second;
  }
  // The node of inferred `id` in graph number `g`.
  int NodeOf(uint32_t id, size_t g, ServiceGraph* graph) {
    if (nodes_.size() <= g) nodes_.resize(g + 1);
    std::vector<int>& nodes = nodes_[g];
    if (nodes.size() < keys_.size()) nodes.resize(keys_.size(), -1);
    if (nodes[id] < 0) nodes[id] = Create(keys_[id], kinds_[id], graph);
    return nodes[id];
  }

 private:
  static int Create(std::string_view name, Inferred::Kind kind, ServiceGraph* graph) {
    switch (kind) {
      case Inferred::Kind::kAws:
        return graph->InferredNode(name, "AWS::" + std::string(name));
      case Inferred::Kind::kDatabase:
        return graph->InferredNode(name, "Database::SQL");
      case Inferred::Kind::kRemote:
        break;
    }
    return graph->InferredNode(name, "remote");
  }

  absl::flat_hash_map<std::string, uint32_t> ids_;  // kind byte + name
  std::deque<std::string> keys_;                    // names, stable for last_
  std::vector<Inferred::Kind> kinds_;
  std::vector<std::vector<int>> nodes_;  // per graph, by id
  Inferred last_;
  uint32_t last_id_ = 0;
};

// What the scan of the window collected.
struct Collected {
  InferredNodes inferred;
  std::vector<SpanRef> spans;
  std::vector<Segment> segments;
  std::vector<Call> calls;
};

// Classifies every row of `v` in [start_ns, end_ns) into `out`.
void CollectPart(const PartView& v, int64_t start_ns, int64_t end_ns, Services& services,
                 Collected& out) {
  std::vector<uint32_t> dict;
  bool use_dict = v.service != nullptr && !v.service->dict_codes.empty();
  if (use_dict) dict = services.MapDictionary(*v.service);
  const uint32_t unknown = services.Intern("");
  const store::Column& time = *v.time;
  out.spans.reserve(out.spans.size() + time.rows);
  for (uint32_t r = 0; r < time.rows; ++r) {
    int64_t t = time.ints[r];
    if (t < start_ns || t >= end_ns || !v.span->IsPresent(r)) continue;
    uint64_t trace = TraceWord(*v.trace, r);
    uint32_t service = !Has(v.service, r) ? unknown
                       : use_dict         ? dict[v.service->dict_codes[r]]
                                          : services.Intern(v.service->StringAt(r));
    int64_t kind = IntAt(v.kind, r);
    bool xray = Has(v.xray_type, r);
    bool has_parent = Has(v.parent, r);
    bool segment =
        xray ? v.xray_type->StringAt(r) == "segment" : (kind == 2 || kind == 5 || !has_parent);
    bool call = kind == 3 || kind == 4;
    uint32_t call_index = kNone;
    if (segment || call) {
      Outcome o = OutcomeAt(v, r, xray);
      if (segment) {
        uint64_t parent_key = has_parent ? SpanKey(trace, WordAt(*v.parent, size_t{r} * 8)) : 0;
        out.segments.push_back({trace, parent_key, t, service, has_parent, o});
        services.SetOriginOnce(service, StrAt(v.xray_origin, r));
      }
      if (call) {
        call_index = static_cast<uint32_t>(out.calls.size());
        out.calls.push_back({out.inferred.Intern(InferredOf(v, r)), t, service, false, o});
      }
    }
    out.spans.push_back({SpanKey(trace, WordAt(*v.span, size_t{r} * 8)), service, call_index});
  }
}

// Joins segments to their parents and feeds the graphs; returns the number
// of traces with a root.
size_t BuildGraphs(Collected& c, Services& services, Periods& periods) {
  absl::flat_hash_map<uint64_t, uint32_t> parent_of;  // parent key -> span index
  for (const Segment& s : c.segments) {
    if (s.has_parent) parent_of.try_emplace(s.parent_key, kNone);
  }
  for (uint32_t i = 0; i < c.spans.size(); ++i) {
    auto it = parent_of.find(c.spans[i].key);
    if (it != parent_of.end() && it->second == kNone) it->second = i;
  }
  absl::flat_hash_map<uint64_t, uint32_t> roots;  // trace -> earliest parentless segment
  for (uint32_t i = 0; i < c.segments.size(); ++i) {
    const Segment& s = c.segments[i];
    size_t g = periods.IndexOf(s.start);
    ServiceGraph* graph = periods.at(g);
    int node = services.NodeOf(s.service, g, graph);
    graph->CountNode(node, s.outcome);
    auto p = s.has_parent ? parent_of.find(s.parent_key) : parent_of.end();
    if (p == parent_of.end() || p->second == kNone) {
      auto [it, added] = roots.try_emplace(s.trace, i);
      if (!added && s.start < c.segments[it->second].start) it->second = i;
      continue;
    }
    const SpanRef& caller = c.spans[p->second];
    bool is_call = caller.call != kNone;
    if (caller.service == s.service && !is_call) continue;  // inside one service
    if (is_call) c.calls[caller.call].answered = true;
    graph->CountEdge(services.NodeOf(caller.service, g, graph), node,
                     is_call ? c.calls[caller.call].outcome : s.outcome);
  }
  std::vector<uint32_t> root_segments;  // in scan order, so node ids are stable
  root_segments.reserve(roots.size());
  for (const auto& [trace, i] : roots) root_segments.push_back(i);
  std::sort(root_segments.begin(), root_segments.end());
  for (uint32_t i : root_segments) {
    size_t g = periods.IndexOf(c.segments[i].start);
    ServiceGraph* graph = periods.at(g);
    graph->CountRootRequest(services.NodeOf(c.segments[i].service, g, graph),
                            c.segments[i].outcome);
  }
  for (const Call& call : c.calls) {
    if (call.answered) continue;
    size_t g = periods.IndexOf(call.start);
    ServiceGraph* graph = periods.at(g);
    int callee = c.inferred.NodeOf(call.inferred, g, graph);
    graph->CountNode(callee, call.outcome);
    graph->CountEdge(services.NodeOf(call.service, g, graph), callee, call.outcome);
  }
  return roots.size();
}

// Scans the spans of [start, start + periods × period) into `periods`.
absl::StatusOr<size_t> Scan(const std::vector<store::TableSnapshot>& tables,
                            std::string_view environment, int64_t start_ns, int64_t period_ns,
                            Periods& periods) {
  int64_t end_ns = start_ns + period_ns * static_cast<int64_t>(periods.size());
  std::vector<const store::TablePart*> parts;
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kSpans || t.id.environment != environment) continue;
    for (const auto& part : t.parts) {
      if (part->rows() > 0 && part->max_time_ns() >= start_ns && part->min_time_ns() < end_ns) {
        parts.push_back(part.get());
      }
    }
  }
  Collected c;
  Services services;
  // The next part's columns are read (decoded, when not cached) on another
  // thread while this one is collected; each part's columns are released
  // once it is collected.
  std::future<absl::StatusOr<PartView>> next;
  auto read = [&](size_t i) {
    return std::async(std::launch::async, [part = parts[i]] { return ReadPart(*part); });
  };
  if (!parts.empty()) next = read(0);
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::StatusOr<PartView> v = next.get();
    if (i + 1 < parts.size()) next = read(i + 1);
    if (!v.ok()) {
      if (next.valid()) next.wait();
      return v.status();
    }
    if (v->time == nullptr || v->trace == nullptr || v->span == nullptr) continue;
    CollectPart(*v, start_ns, end_ns, services, c);
  }
  return BuildGraphs(c, services, periods);
}

}  // namespace

absl::StatusOr<size_t> ScanServiceGraph(const std::vector<store::TableSnapshot>& tables,
                                        std::string_view environment, int64_t start_ns,
                                        int64_t end_ns, ServiceGraph* graph) {
  if (end_ns <= start_ns) return 0;
  Periods one({graph}, start_ns, end_ns - start_ns);
  return Scan(tables, environment, start_ns, end_ns - start_ns, one);
}

absl::StatusOr<size_t> ScanServiceGraphSeries(const std::vector<store::TableSnapshot>& tables,
                                              std::string_view environment, int64_t start_ns,
                                              int64_t period_ns,
                                              std::vector<ServiceGraph>* graphs) {
  if (graphs->empty() || period_ns <= 0) return 0;
  std::vector<ServiceGraph*> each;
  for (ServiceGraph& g : *graphs) each.push_back(&g);
  Periods periods(std::move(each), start_ns, period_ns);
  return Scan(tables, environment, start_ns, period_ns, periods);
}

}  // namespace waggle::api::xray
