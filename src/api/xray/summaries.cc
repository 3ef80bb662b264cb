#include "api/xray/summaries.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "api/xray/documents.h"
#include "ingest/xray/trace_id.h"
#include "store/head/schema.h"

namespace waggle::api::xray {
namespace {

namespace schema = store::schema;
constexpr std::string_view kAnnotationPrefix = "a:annotation.";

bool Flag(const query::Row& r, std::string_view name) {
  const query::Cell* c = r.Find(name);
  return c != nullptr && c->key.type == store::ColumnType::kBool && c->i != 0;
}

std::string_view FirstOf(const query::Row& r, std::string_view a, std::string_view b) {
  std::string_view v = r.Str(a);
  return v.empty() ? r.Str(b) : v;
}

// Segment-level outcome of one span, from X-Ray flags or OTLP status/HTTP.
lang::xray::SegmentFacts SegmentOf(const query::Row& r) {
  lang::xray::SegmentFacts f;
  f.http_status = static_cast<int>(HttpStatusOf(r));
  if (IsXraySpan(r)) {
    f.fault = Flag(r, "a:xray.fault");
    f.error = Flag(r, "a:xray.error");
    f.throttle = Flag(r, "a:xray.throttle");
  } else {
    OtelOutcome o = OtelOutcomeOf(r, f.http_status);
    f.fault = o.fault;
    f.error = o.error;
    f.throttle = o.throttle;
  }
  f.response_time_s = static_cast<double>(r.Int(schema::kDurationNs)) / 1e9;
  f.http_url = std::string(FirstOf(r, "a:url.full", "a:http.url"));
  f.http_method = std::string(FirstOf(r, "a:http.request.method", "a:http.method"));
  f.http_useragent = std::string(FirstOf(r, "a:user_agent.original", "a:http.user_agent"));
  f.http_clientip = std::string(FirstOf(r, "a:client.address", "a:http.client_ip"));
  f.user = std::string(FirstOf(r, "a:xray.user", "a:enduser.id"));
  return f;
}

// Is `r` a segment (an entry into a service) rather than a subsegment?
bool IsSegment(const query::Row& r) {
  if (IsXraySpan(r)) return r.Str("a:xray.type") == "segment";
  int64_t kind = r.Int(schema::kKind);
  return kind == 2 || kind == 5 || r.Find(schema::kParentId) == nullptr;
}

// The root: a segment whose parent is not in the trace, earliest first.
const query::Row* RootOf(const std::vector<query::Row>& rows) {
  std::unordered_set<std::string_view> ids;
  for (const query::Row& r : rows) ids.insert(r.Str(schema::kSpanId));
  const query::Row* root = nullptr;
  for (const query::Row& r : rows) {
    if (!IsSegment(r)) continue;
    const query::Cell* p = r.Find(schema::kParentId);
    if (p != nullptr && ids.count(p->s) > 0) continue;
    if (root == nullptr || r.Int(schema::kTimestamp) < root->Int(schema::kTimestamp)) root = &r;
  }
  return root != nullptr ? root : (rows.empty() ? nullptr : &rows.front());
}

std::string_view ServiceOf(const query::Row& r) {
  std::string_view s = r.Str("r:service.name");
  return s.empty() ? std::string_view("unknown_service") : s;
}

void WriteAnnotationValue(const query::Cell& c, core::JsonWriter& w) {
  w.BeginObject().Key("AnnotationValue").BeginObject();
  switch (c.key.type) {
    case store::ColumnType::kBool:
      w.Key("BooleanValue").Bool(c.i != 0);
      break;
    case store::ColumnType::kInt64:
      w.Key("NumberValue").Double(static_cast<double>(c.i));
      break;
    case store::ColumnType::kDouble:
      w.Key("NumberValue").Double(c.d);
      break;
    default:
      w.Key("StringValue").String(c.s);
  }
  w.EndObject();
}

void WriteAnnotations(const std::vector<query::Row>& rows, core::JsonWriter& w) {
  std::map<std::string, std::vector<std::pair<const query::Cell*, std::string_view>>> by_key;
  for (const query::Row& r : rows) {
    for (const query::Cell& c : r.cells) {
      if (c.key.name.rfind(kAnnotationPrefix, 0) != 0) continue;
      by_key[c.key.name.substr(kAnnotationPrefix.size())].emplace_back(&c, ServiceOf(r));
    }
  }
  w.Key("Annotations").BeginObject();
  for (const auto& [key, values] : by_key) {
    w.Key(key).BeginArray();
    for (const auto& [cell, service] : values) {
      WriteAnnotationValue(*cell, w);
      w.Key("ServiceIds").BeginArray().BeginObject().Key("Name").String(service);
      w.Key("Names").BeginArray().String(service).EndArray().EndObject().EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void WriteServiceId(std::string_view name, core::JsonWriter& w) {
  w.BeginObject().Key("Name").String(name).Key("Names").BeginArray().String(name).EndArray();
  w.EndObject();
}

void WriteHttp(const lang::xray::SegmentFacts& root, core::JsonWriter& w) {
  w.Key("Http").BeginObject();
  if (!root.http_url.empty()) w.Key("HttpURL").String(root.http_url);
  if (root.http_status != 0) w.Key("HttpStatus").Int(root.http_status);
  if (!root.http_method.empty()) w.Key("HttpMethod").String(root.http_method);
  if (!root.http_useragent.empty()) w.Key("UserAgent").String(root.http_useragent);
  if (!root.http_clientip.empty()) w.Key("ClientIp").String(root.http_clientip);
  w.EndObject();
}

using WantedTraces =
    absl::flat_hash_map<model::TraceId, size_t, model::TraceIdHash, model::TraceIdEq>;

// Reads the rows of `part` whose trace is in `wanted` (id -> index into
// `out`) and moves each into its trace's vector.
absl::Status ReadWantedRows(const store::TableId& table, const store::TablePart& part,
                            const WantedTraces& wanted, std::vector<std::vector<query::Row>>& out) {
  ASSIGN_OR_RETURN(auto ids,
                   query::ReadColumn(part, schema::kTraceId, store::ColumnType::kFixed16));
  if (ids == nullptr) return absl::OkStatus();
  std::vector<uint32_t> rows;
  std::vector<size_t> owner;
  model::TraceId id;
  for (uint32_t r = 0; r < ids->rows; ++r) {
    std::memcpy(id.data(), ids->bytes.data() + size_t{r} * 16, 16);
    auto it = wanted.find(id);
    if (it == wanted.end() || !ids->IsPresent(r)) continue;
    rows.push_back(r);
    owner.push_back(it->second);
  }
  if (rows.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<query::Row> found, query::ReadRows(table, part, rows));
  for (size_t k = 0; k < found.size(); ++k) out[owner[k]].push_back(std::move(found[k]));
  return absl::OkStatus();
}

void AddAnnotations(const query::Row& r, std::vector<lang::xray::AnnotationFacts>* out) {
  for (const query::Cell& c : r.cells) {
    if (c.key.name.rfind(kAnnotationPrefix, 0) != 0) continue;
    lang::xray::AnnotationFacts a;
    a.key = c.key.name.substr(kAnnotationPrefix.size());
    if (c.key.type == store::ColumnType::kBool) {
      a.value = c.i != 0;
    } else if (c.key.type == store::ColumnType::kInt64) {
      a.value = static_cast<double>(c.i);
    } else if (c.key.type == store::ColumnType::kDouble) {
      a.value = c.d;
    } else {
      a.value = c.s;
    }
    out->push_back(std::move(a));
  }
}

// Is `r` a call out of its service: an OTLP CLIENT or PRODUCER span (X-Ray
// subsegments in the aws and remote namespaces are stored as CLIENT spans)?
bool IsCall(const query::Row& r) {
  int64_t kind = r.Int(schema::kKind);
  return kind == 3 || kind == 4;
}

// The node a call with no traced callee stands for: X-Ray names it after
// the subsegment; for OTLP the peer's name, address or database system.
std::pair<std::string, std::string> InferredNode(const query::Row& call) {
  std::string_view db = call.Str("a:db.system");
  std::string_view name = call.Str(schema::kName);
  if (!IsXraySpan(call)) {
    // A database by its system ("postgresql"), else the peer by name.
    for (std::string_view attr :
         {"a:peer.service", "a:db.system", "a:server.address", "a:net.peer.name"}) {
      if (!call.Str(attr).empty()) {
        name = call.Str(attr);
        break;
      }
    }
  }
  std::string type = "remote";
  std::string_view rpc = call.Str("a:rpc.system");
  if (call.Str("a:xray.namespace") == "aws") {
    type = "AWS::" + std::string(name);
  } else if (rpc == "aws-api" && !call.Str("a:rpc.service").empty()) {
    name = call.Str("a:rpc.service");
    type = "AWS::" + std::string(name);
  } else if (!db.empty()) {
    type = "Database::SQL";
  }
  return {std::string(name), type};
}

// The service graph of one trace (X-Ray's rules, specs/xray.md §6): a node
// per service with its segments; for each call, an edge to the service
// whose segment it parented, else to an inferred node; a segment whose
// parent is in another service without a call span between them is an
// edge too.
void AddGraph(const std::vector<query::Row>& rows, lang::xray::TraceFacts* t) {
  std::map<std::pair<std::string, std::string>, int> index;  // (name, type) -> node
  std::map<std::string, int> by_service;                     // real nodes by name
  auto node = [&](std::string name, std::string type, bool inferred) {
    auto [it, added] =
        index.emplace(std::make_pair(name, type), static_cast<int>(t->services.size()));
    if (added) {
      lang::xray::ServiceFacts svc;
      svc.name = std::move(name);
      svc.type = std::move(type);
      svc.inferred = inferred;
      t->services.push_back(std::move(svc));
    }
    return it->second;
  };
  auto service_node = [&](const query::Row& r) {
    std::string name(ServiceOf(r));
    auto it = by_service.find(name);
    if (it != by_service.end()) return it->second;
    int n = node(name, std::string(r.Str("a:xray.origin")), false);
    by_service.emplace(std::move(name), n);
    return n;
  };
  std::unordered_map<std::string_view, const query::Row*> by_id;
  for (const query::Row& r : rows) {
    by_id.emplace(r.Str(schema::kSpanId), &r);
    if (IsSegment(r)) t->services[service_node(r)].segments.push_back(SegmentOf(r));
  }
  std::map<std::pair<int, int>, size_t> edges;
  auto edge = [&](int caller, int callee, lang::xray::SegmentFacts call) {
    auto [it, added] = edges.emplace(std::make_pair(caller, callee), t->edges.size());
    if (added) t->edges.push_back({caller, callee, {}});
    t->edges[it->second].calls.push_back(std::move(call));
  };
  std::unordered_set<std::string_view> answered;  // calls with a traced callee
  for (const query::Row& r : rows) {
    if (!IsSegment(r)) continue;
    const query::Cell* p = r.Find(schema::kParentId);
    auto parent = p == nullptr ? by_id.end() : by_id.find(p->s);
    if (parent == by_id.end()) continue;
    const query::Row& caller = *parent->second;
    if (ServiceOf(caller) == ServiceOf(r) && !IsCall(caller)) continue;  // inside one service
    if (IsCall(caller)) answered.insert(caller.Str(schema::kSpanId));
    edge(service_node(caller), service_node(r), SegmentOf(IsCall(caller) ? caller : r));
  }
  for (const query::Row& r : rows) {
    if (!IsCall(r) || answered.contains(r.Str(schema::kSpanId))) continue;
    auto [name, type] = InferredNode(r);
    int callee = node(std::move(name), std::move(type), true);
    t->services[callee].segments.push_back(SegmentOf(r));
    edge(service_node(r), callee, SegmentOf(r));
  }
}

}  // namespace

absl::StatusOr<std::vector<std::vector<query::Row>>> ReadTraces(
    const std::vector<store::TableSnapshot>& tables, std::string_view environment,
    const std::vector<model::TraceId>& ids, int64_t from_ns, int64_t to_ns) {
  std::vector<std::vector<query::Row>> out(ids.size());
  WantedTraces wanted;  // a repeated id: its first index
  for (size_t i = 0; i < ids.size(); ++i) wanted.emplace(ids[i], i);
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kSpans || t.id.environment != environment) continue;
    for (const auto& part : t.parts) {
      if (part->max_time_ns() < from_ns || part->min_time_ns() >= to_ns) continue;
      bool may = part->rows() > 0 && std::any_of(ids.begin(), ids.end(), [&](const auto& id) {
                   return part->MayContainTrace(id);
                 });
      if (may) RETURN_IF_ERROR(ReadWantedRows(t.id, *part, wanted, out));
    }
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    size_t first = wanted.at(ids[i]);
    if (first != i) {
      out[i] = out[first];
      continue;
    }
    std::stable_sort(out[i].begin(), out[i].end(), [](const query::Row& a, const query::Row& b) {
      return a.Int(schema::kTimestamp) < b.Int(schema::kTimestamp);
    });
  }
  return out;
}

lang::xray::TraceFacts TraceFactsOf(const std::vector<query::Row>& rows) {
  lang::xray::TraceFacts t;
  int64_t start = 0, end = 0;
  for (const query::Row& r : rows) {
    int64_t s = r.Int(schema::kTimestamp), e = s + r.Int(schema::kDurationNs);
    if (start == 0 || s < start) start = s;
    end = std::max(end, e);
    lang::xray::SegmentFacts f = SegmentOf(r);
    t.has_throttle |= f.throttle;
    t.partial |= Flag(r, "a:xray.in_progress");
    if (!f.user.empty()) t.users.push_back(f.user);
    AddAnnotations(r, &t.annotations);
  }
  t.duration_s = static_cast<double>(end - start) / 1e9;
  AddGraph(rows, &t);
  if (const query::Row* root = RootOf(rows)) {
    t.root = SegmentOf(*root);
    for (lang::xray::ServiceFacts& svc : t.services) {
      if (!svc.inferred && svc.name == ServiceOf(*root)) svc.root = true;
    }
  }
  return t;
}

void WriteTraceSummary(const model::TraceId& id, const std::vector<query::Row>& rows,
                       core::JsonWriter& w) {
  lang::xray::TraceFacts facts = TraceFactsOf(rows);
  int64_t start = 0;
  for (const query::Row& r : rows) {
    int64_t s = r.Int(schema::kTimestamp);
    if (start == 0 || s < start) start = s;
  }
  w.BeginObject();
  w.Key("Id").String(ingest::xray::FormatXrayTraceId(id));
  w.Key("StartTime").Double(NanosToSeconds(start));
  w.Key("Duration").Double(facts.duration_s);
  w.Key("ResponseTime").Double(facts.root.response_time_s);
  w.Key("HasFault").Bool(facts.root.fault);
  w.Key("HasError").Bool(facts.root.error);
  w.Key("HasThrottle").Bool(facts.has_throttle);
  w.Key("IsPartial").Bool(facts.partial);
  WriteHttp(facts.root, w);
  WriteAnnotations(rows, w);
  w.Key("Users").BeginArray();
  std::set<std::string> users(facts.users.begin(), facts.users.end());
  for (const std::string& u : users) {
    w.BeginObject().Key("UserName").String(u).Key("ServiceIds").BeginArray().EndArray().EndObject();
  }
  w.EndArray();
  w.Key("ServiceIds").BeginArray();
  for (const auto& s : facts.services) WriteServiceId(s.name, w);
  w.EndArray();
  for (const auto& s : facts.services) {
    if (s.root) {
      w.Key("EntryPoint");
      WriteServiceId(s.name, w);
    }
  }
  w.Key("ResourceARNs").BeginArray().EndArray();
  w.Key("InstanceIds").BeginArray().EndArray();
  w.Key("AvailabilityZones").BeginArray().EndArray();
  w.Key("FaultRootCauses").BeginArray().EndArray();
  w.Key("ErrorRootCauses").BeginArray().EndArray();
  w.Key("ResponseTimeRootCauses").BeginArray().EndArray();
  w.Key("Revision").Int(1);
  w.Key("MatchedEventTime").Double(NanosToSeconds(start));
  w.EndObject();
}

}  // namespace waggle::api::xray
