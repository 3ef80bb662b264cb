#include "api/xray/documents.h"

#include <simdjson.h>

#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "core/json_writer.h"
#include "ingest/xray/segment_decoder.h"
#include "ingest/xray/trace_id.h"
#include "model/value_json.h"
#include "store/head/schema.h"

namespace waggle::api::xray {
namespace {

namespace schema = store::schema;
using Json = simdjson::dom::element;

constexpr int kMaxDepth = 128;

std::string AttrName(std::string_view name) {
  return std::string(schema::kSpanAttr) + std::string(name);
}

std::string HexOf(std::string_view raw) {
  if (raw.size() != 8) return "";
  model::SpanId id;
  std::memcpy(id.data(), raw.data(), 8);
  return model::IdToHex(id);
}

std::string_view StringMember(Json obj, const char* key) {
  std::string_view s;
  return obj[key].get_string().get(s) ? std::string_view() : s;
}

// ---------------------------------------------------------------------------
// Stored X-Ray documents: pick, merge, write.

struct StoredDoc {
  const query::Row* row = nullptr;
  bool subsegment = false;
  std::string id;
  std::string parent;
  Json root;
};

class Merger {
 public:
  // Writes `e` with pending independent subsegments merged in.
  void Write(Json e, core::JsonWriter& w, int depth) {
    switch (e.type()) {
      case simdjson::dom::element_type::OBJECT:
        return WriteObject(e, w, depth);
      case simdjson::dom::element_type::ARRAY:
        w.BeginArray();
        {
          simdjson::dom::array items = e.get_array().value_unsafe();
          for (Json v : items) Write(v, w, depth + 1);
        }
        w.EndArray();
        return;
      case simdjson::dom::element_type::STRING:
        w.String(e.get_string().value_unsafe());
        return;
      case simdjson::dom::element_type::INT64:
        w.Int(e.get_int64().value_unsafe());
        return;
      case simdjson::dom::element_type::UINT64:
        w.Uint(e.get_uint64().value_unsafe());
        return;
      case simdjson::dom::element_type::DOUBLE:
        w.Double(e.get_double().value_unsafe());
        return;
      case simdjson::dom::element_type::BOOL:
        w.Bool(e.get_bool().value_unsafe());
        return;
      case simdjson::dom::element_type::NULL_VALUE:
        w.Null();
        return;
    }
  }

  std::map<std::string, std::vector<Json>> children;  // parent id -> documents

 private:
  void WriteChildren(std::vector<Json> docs, core::JsonWriter& w, int depth) {
    for (Json c : docs) Write(c, w, depth + 1);
  }

  void WriteObject(Json e, core::JsonWriter& w, int depth) {
    std::vector<Json> pending;
    bool entity = e["start_time"].error() == simdjson::SUCCESS;
    if (entity && depth < kMaxDepth) {
      auto it = children.find(std::string(StringMember(e, "id")));
      if (it != children.end()) {
        pending = std::move(it->second);
        children.erase(it);  // each document is merged once, so no cycles
      }
    }
    w.BeginObject();
    simdjson::dom::object members = e.get_object().value_unsafe();
    for (auto [key, value] : members) {
      w.Key(key);
      if (key == "subsegments" && !pending.empty() && value.is_array()) {
        w.BeginArray();
        simdjson::dom::array items = value.get_array().value_unsafe();
        for (Json v : items) Write(v, w, depth + 1);
        WriteChildren(std::move(pending), w, depth);
        pending.clear();
        w.EndArray();
      } else {
        Write(value, w, depth + 1);
      }
    }
    if (!pending.empty()) {
      w.Key("subsegments").BeginArray();
      WriteChildren(std::move(pending), w, depth);
      w.EndArray();
    }
    w.EndObject();
  }
};

// Collects the ids of every entity inside `e` (the document and its
// embedded subsegments).
void CollectIds(Json e, std::set<std::string>& ids, int depth) {
  if (depth > kMaxDepth || !e.is_object()) return;
  ids.emplace(StringMember(e, "id"));
  simdjson::dom::array subs;
  if (e["subsegments"].get_array().get(subs)) return;
  for (Json s : subs) CollectIds(s, ids, depth + 1);
}

// One document per id: complete beats in-progress, later beats earlier.
std::vector<const query::Row*> ChooseDocuments(const std::vector<query::Row>& rows) {
  std::string doc_attr = AttrName(ingest::xray::kDocumentAttr);
  std::string progress_attr = AttrName(ingest::xray::kInProgressAttr);
  std::unordered_map<std::string, size_t> by_id;
  std::vector<const query::Row*> chosen;
  for (const query::Row& r : rows) {
    if (r.Find(doc_attr) == nullptr) continue;
    std::string id(r.Str(schema::kSpanId));
    auto [it, inserted] = by_id.emplace(id, chosen.size());
    if (inserted) {
      chosen.push_back(&r);
      continue;
    }
    bool old_partial = chosen[it->second]->Find(progress_attr) != nullptr;
    bool new_partial = r.Find(progress_attr) != nullptr;
    if (!new_partial || old_partial) chosen[it->second] = &r;
  }
  return chosen;
}

void AddStoredDocuments(const std::vector<query::Row>& rows, TraceDocuments& out) {
  std::vector<const query::Row*> chosen = ChooseDocuments(rows);
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  std::vector<StoredDoc> docs;
  std::set<std::string> ids;
  std::string doc_attr = AttrName(ingest::xray::kDocumentAttr);
  for (const query::Row* r : chosen) {
    parsers.push_back(std::make_unique<simdjson::dom::parser>());
    StoredDoc d;
    std::string_view text = r->Str(doc_attr);
    if (parsers.back()->parse(text.data(), text.size()).get(d.root) || !d.root.is_object()) {
      continue;
    }
    d.row = r;
    d.subsegment = StringMember(d.root, "type") == "subsegment";
    d.id = std::string(StringMember(d.root, "id"));
    d.parent = std::string(StringMember(d.root, "parent_id"));
    CollectIds(d.root, ids, 0);
    docs.push_back(std::move(d));
  }
  Merger merger;
  std::vector<const StoredDoc*> top;
  for (const StoredDoc& d : docs) {
    if (d.subsegment && d.parent != d.id && ids.count(d.parent) > 0) {
      merger.children[d.parent].push_back(d.root);
    } else {
      top.push_back(&d);
    }
  }
  for (const StoredDoc* d : top) {
    core::JsonWriter w;
    merger.Write(d->root, w, 0);
    out.segments.emplace_back(d->id, w.Release());
  }
}

// ---------------------------------------------------------------------------
// OTLP spans -> documents.

struct OtelSpan {
  const query::Row* row;
  std::string id, parent;
  std::string_view service;
  int64_t kind = 0;
  std::vector<size_t> children;
};

void WriteAttributeValue(const query::Cell& c, core::JsonWriter& w) {
  model::Value v = c.AsValue();
  switch (v.kind) {
    case model::ValueKind::kInt:
      w.Int(v.i);
      return;
    case model::ValueKind::kDouble:
      w.Double(v.d);
      return;
    case model::ValueKind::kBool:
      w.Bool(v.b);
      return;
    case model::ValueKind::kArray:
    case model::ValueKind::kKvlist:
      w.Raw(v.str);
      return;
    default:
      w.String(v.str);
  }
}

void WriteHttp(const query::Row& r, int64_t status, core::JsonWriter& w) {
  std::string_view method = r.Str("a:http.request.method");
  if (method.empty()) method = r.Str("a:http.method");
  std::string_view url = r.Str("a:url.full");
  if (url.empty()) url = r.Str("a:http.url");
  if (method.empty() && url.empty() && status == 0) return;
  w.Key("http").BeginObject();
  if (!method.empty() || !url.empty()) {
    w.Key("request").BeginObject();
    if (!method.empty()) w.Key("method").String(method);
    if (!url.empty()) w.Key("url").String(url);
    w.EndObject();
  }
  if (status != 0) w.Key("response").BeginObject().Key("status").Int(status).EndObject();
  w.EndObject();
}

void WriteOtelEntity(const std::vector<OtelSpan>& spans, size_t i, bool segment,
                     const std::string& xray_trace_id, core::JsonWriter& w, int depth) {
  const OtelSpan& s = spans[i];
  const query::Row& r = *s.row;
  int64_t start = r.Int(schema::kTimestamp);
  int64_t end = start + r.Int(schema::kDurationNs);
  w.BeginObject();
  w.Key("id").String(s.id);
  w.Key("name").String(segment && !s.service.empty() ? s.service : r.Str(schema::kName));
  w.Key("start_time").Double(NanosToSeconds(start));
  w.Key("end_time").Double(NanosToSeconds(end));
  if (segment) {
    w.Key("trace_id").String(xray_trace_id);
    if (!s.parent.empty()) w.Key("parent_id").String(s.parent);
  } else if (s.kind == 3 || s.kind == 4) {
    w.Key("namespace").String("remote");
  }
  int64_t status = HttpStatusOf(r);
  OtelOutcome outcome = OtelOutcomeOf(r, status);
  if (outcome.fault) w.Key("fault").Bool(true);
  if (outcome.error) w.Key("error").Bool(true);
  if (outcome.throttle) w.Key("throttle").Bool(true);
  WriteHttp(r, status, w);
  w.Key("metadata").BeginObject().Key("default").BeginObject();
  w.Key("otel.span.name").String(r.Str(schema::kName));
  w.Key("otel.span.kind").Int(s.kind);
  for (const query::Cell& c : r.cells) {
    if (c.key.name.rfind(schema::kSpanAttr, 0) != 0) continue;
    w.Key(std::string_view(c.key.name).substr(schema::kSpanAttr.size()));
    WriteAttributeValue(c, w);
  }
  w.EndObject().EndObject();
  if (!s.children.empty() && depth < kMaxDepth) {
    w.Key("subsegments").BeginArray();
    for (size_t c : s.children) WriteOtelEntity(spans, c, false, xray_trace_id, w, depth + 1);
    w.EndArray();
  }
  w.EndObject();
}

void AddOtelDocuments(const model::TraceId& trace_id, const std::vector<query::Row>& rows,
                      TraceDocuments& out) {
  std::vector<OtelSpan> spans;
  std::unordered_map<std::string, size_t> by_id;
  for (const query::Row& r : rows) {
    if (IsXraySpan(r)) continue;
    OtelSpan s{&r,
               HexOf(r.Str(schema::kSpanId)),
               HexOf(r.Str(schema::kParentId)),
               r.Str("r:service.name"),
               r.Int(schema::kKind),
               {}};
    by_id.emplace(s.id, spans.size());
    spans.push_back(std::move(s));
  }
  std::vector<size_t> segments;
  for (size_t i = 0; i < spans.size(); ++i) {
    auto parent = by_id.find(spans[i].parent);
    bool own_segment = parent == by_id.end() || parent->second == i || spans[i].kind == 2 ||
                       spans[i].kind == 5 || spans[parent->second].service != spans[i].service;
    if (own_segment) {
      segments.push_back(i);
    } else {
      spans[parent->second].children.push_back(i);
    }
  }
  std::string xray_id = ingest::xray::FormatXrayTraceId(trace_id);
  for (size_t i : segments) {
    core::JsonWriter w;
    WriteOtelEntity(spans, i, true, xray_id, w, 0);
    out.segments.emplace_back(spans[i].id, w.Release());
  }
}

}  // namespace

double NanosToSeconds(int64_t ns) { return static_cast<double>(ns / 1000) / 1e6; }

bool IsXraySpan(const query::Row& r) {
  return r.Find(AttrName(ingest::xray::kTypeAttr)) != nullptr;
}

int64_t HttpStatusOf(const query::Row& r) {
  const query::Cell* c = r.Find("a:http.response.status_code");
  if (c == nullptr) c = r.Find("a:http.status_code");
  return c != nullptr && c->key.type == store::ColumnType::kInt64 ? c->i : 0;
}

OtelOutcome OtelOutcomeOf(const query::Row& r, int64_t http_status) {
  OtelOutcome o;
  o.fault = r.Int(schema::kStatusCode) == 2 && (http_status == 0 || http_status >= 500);
  o.error = http_status >= 400 && http_status < 500;
  o.throttle = http_status == 429;
  return o;
}

TraceDocuments BuildTraceDocuments(const model::TraceId& trace_id,
                                   const std::vector<query::Row>& rows) {
  TraceDocuments out;
  for (const query::Row& r : rows) {
    int64_t start = r.Int(schema::kTimestamp);
    int64_t end = start + r.Int(schema::kDurationNs);
    if (out.start_ns == 0 || start < out.start_ns) out.start_ns = start;
    if (end > out.end_ns) out.end_ns = end;
  }
  AddStoredDocuments(rows, out);
  AddOtelDocuments(trace_id, rows, out);
  return out;
}

}  // namespace waggle::api::xray
