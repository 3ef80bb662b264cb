#include "ingest/xray/segment_decoder.h"

#include <fmt/format.h>

#include <cmath>

#include "ingest/xray/segment_fields.h"
#include "ingest/xray/trace_id.h"
#include "model/datasets.h"

namespace waggle::ingest::xray {
namespace {

using internal::Json;

constexpr size_t kMaxNameBytes = 1024;

// Batch sizes before a document, so a rejected document leaves no trace.
struct Mark {
  size_t spans, attributes, events, resources, scopes;
};

Mark MarkOf(const model::EventBatch& b) {
  return {b.spans.size(), b.attributes.size(), b.span_events.size(), b.resources.size(),
          b.scopes.size()};
}

void Rollback(model::EventBatch* b, const Mark& m) {
  b->spans.resize(m.spans);
  b->attributes.resize(m.attributes);
  b->span_events.resize(m.events);
  b->resources.resize(m.resources);
  b->scopes.resize(m.scopes);
}

absl::Status Invalid(std::string_view what, std::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError(std::string(what));
  return absl::InvalidArgumentError(fmt::format("{} (id {})", what, id));
}

std::string_view StringMember(Json obj, const char* key) {
  std::string_view s;
  return obj[key].get_string().get(s) ? std::string_view() : s;
}

// Epoch seconds (float) -> ns; false unless a plausible time: 1970 to 2255
// (int64 nanoseconds run out in 2262).
bool SecondsToNanos(Json v, int64_t* out) {
  double t = 0;
  if (v.get_double().get(t) || !std::isfinite(t) || t < 0 || t > 9e9) return false;
  double whole = std::floor(t);
  // Doubles near 1.8e9 resolve ~0.24 us, so round to whole microseconds
  // (what SDKs send) instead of inventing nanoseconds from binary noise.
  *out = static_cast<int64_t>(whole) * 1'000'000'000 + std::llround((t - whole) * 1e6) * 1000;
  return true;
}

// Shared by every entity of one top-level document.
struct DocContext {
  model::EventBatch* batch;
  model::TraceId trace_id;
  uint32_t resource;
  uint32_t scope;
};

struct EntityTimes {
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  bool in_progress = false;
};

absl::Status ReadTimes(Json obj, std::string_view id, EntityTimes* t) {
  Json v;
  if (obj["start_time"].get(v) || !SecondsToNanos(v, &t->start_ns)) {
    return Invalid("missing or invalid start_time (epoch seconds)", id);
  }
  bool in_progress = false;
  if (!obj["in_progress"].get(v) && v.get_bool().get(in_progress)) in_progress = false;
  if (!obj["end_time"].get(v) && !v.is_null()) {
    if (!SecondsToNanos(v, &t->end_ns)) return Invalid("invalid end_time", id);
    if (t->end_ns < t->start_ns) t->end_ns = t->start_ns;
    return absl::OkStatus();
  }
  if (!in_progress) return Invalid("needs end_time or \"in_progress\": true", id);
  t->in_progress = true;
  t->end_ns = t->start_ns;
  return absl::OkStatus();
}

model::SpanKind KindOf(bool subsegment, std::string_view ns) {
  if (!subsegment) return model::SpanKind::kServer;
  if (ns == "remote" || ns == "aws") return model::SpanKind::kClient;
  return model::SpanKind::kInternal;
}

// Decodes one segment or subsegment and, recursively, its `subsegments`.
// `raw` is the top-level document text ("" for embedded subsegments).
absl::Status DecodeEntity(Json obj, const DocContext& ctx, const model::SpanId* parent,
                          bool subsegment, std::string_view raw, int depth) {
  if (!obj.is_object()) return Invalid("a segment or subsegment must be a JSON object", "");
  if (depth > kMaxSubsegmentDepth) return Invalid("subsegments nested too deeply", "");
  std::string_view id_text = StringMember(obj, "id");
  std::optional<model::SpanId> id = ParseSegmentId(id_text);
  if (!id) return Invalid("missing or invalid id (16 hex digits)", id_text);
  std::string_view name = StringMember(obj, "name");
  if (name.empty() || name.size() > kMaxNameBytes) {
    return Invalid("missing, empty or too long name", id_text);
  }
  EntityTimes times;
  RETURN_IF_ERROR(ReadTimes(obj, id_text, &times));
  model::EventBatch* b = ctx.batch;
  model::Span span;
  span.trace_id = ctx.trace_id;
  span.span_id = *id;
  if (parent != nullptr) span.parent_span_id = *parent;
  span.start_ns = times.start_ns;
  span.end_ns = times.end_ns;
  span.name = b->arena.Copy(name);
  span.resource = ctx.resource;
  span.scope = ctx.scope;
  internal::AttrSink sink(b);
  internal::EntityFlags flags;
  span.attributes.begin = static_cast<uint32_t>(b->attributes.size());
  sink.Add(kTypeAttr, model::Value::String(subsegment ? "subsegment" : "segment"));
  if (!raw.empty()) sink.Add(kDocumentAttr, model::Value::String(raw));
  if (times.in_progress) sink.Add(kInProgressAttr, model::Value::Bool(true));
  simdjson::dom::object members = obj.get_object().value_unsafe();
  for (auto [key, value] : members) internal::AddEntityMember(key, value, sink, &flags);
  span.attributes.end = static_cast<uint32_t>(b->attributes.size());
  if (Json cause; !obj["cause"].get(cause)) {
    internal::AppendExceptionEvents(cause, times.end_ns, b, &span.events, &flags);
  }
  span.kind = KindOf(subsegment, flags.ns);
  if (flags.fault || flags.error) {
    span.status_code = model::StatusCode::kError;
    span.status_message = flags.first_exception_message;
  }
  b->spans.push_back(span);
  simdjson::dom::array children;
  if (obj["subsegments"].get_array().get(children)) return absl::OkStatus();
  for (Json child : children) {
    RETURN_IF_ERROR(DecodeEntity(child, ctx, &*id, true, "", depth + 1));
  }
  return absl::OkStatus();
}

// Validates a top-level object's ids and decodes it with its own resource.
absl::Status DecodeTop(Json obj, std::string_view raw, std::string_view service_hint,
                       bool require_subsegment, model::EventBatch* batch,
                       std::vector<DocumentInfo>* info) {
  if (!obj.is_object()) return Invalid("a segment document must be a JSON object", "");
  std::string_view id_text = StringMember(obj, "id");
  std::optional<model::TraceId> trace = ParseXrayTraceId(StringMember(obj, "trace_id"));
  if (!trace) return Invalid("missing or invalid trace_id (1-xxxxxxxx-24 hex digits)", id_text);
  bool subsegment = StringMember(obj, "type") == "subsegment";
  if (require_subsegment && !subsegment) {
    return Invalid("an array may hold only subsegments (\"type\": \"subsegment\")", id_text);
  }
  std::string_view parent_text = StringMember(obj, "parent_id");
  std::optional<model::SpanId> parent;
  if (!parent_text.empty()) {
    parent = ParseSegmentId(parent_text);
    if (!parent) return Invalid("invalid parent_id (16 hex digits)", id_text);
  }
  if (subsegment && !parent) return Invalid("an independent subsegment needs parent_id", id_text);
  std::string_view service = subsegment ? service_hint : StringMember(obj, "name");
  if (service.size() > model::kMaxDatasetNameLength) service = {};
  service = batch->arena.Copy(service);
  model::Resource resource;
  resource.attributes.begin = static_cast<uint32_t>(batch->attributes.size());
  if (!service.empty()) {
    batch->attributes.push_back({"service.name", model::Value::String(service)});
  }
  resource.attributes.end = static_cast<uint32_t>(batch->attributes.size());
  resource.span_dataset = model::SpanDatasetFor(service);
  resource.log_dataset = model::LogDatasetFor(service);
  batch->resources.push_back(resource);
  model::Scope scope;
  scope.name = "xray";
  batch->scopes.push_back(scope);
  DocContext ctx{batch, *trace, static_cast<uint32_t>(batch->resources.size() - 1),
                 static_cast<uint32_t>(batch->scopes.size() - 1)};
  RETURN_IF_ERROR(DecodeEntity(obj, ctx, parent ? &*parent : nullptr, subsegment, raw, 0));
  if (info != nullptr) {
    DocumentInfo d;
    d.trace_id = *trace;
    d.id = *ParseSegmentId(id_text);
    d.subsegment = subsegment;
    if (parent) d.parent_id = *parent;
    d.service = std::string(service);
    info->push_back(std::move(d));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SegmentDecoder::Decode(std::string_view document, std::string_view service_hint,
                                    model::EventBatch* batch, std::vector<DocumentInfo>* info) {
  if (document.size() > kMaxDocumentBytes) {
    return absl::InvalidArgumentError(
        fmt::format("segment document is {} bytes; the limit is 64 KiB", document.size()));
  }
  Json root;
  if (auto err = parser_.parse(document.data(), document.size()).get(root)) {
    return absl::InvalidArgumentError(
        fmt::format("segment document is not valid JSON: {}", simdjson::error_message(err)));
  }
  Mark mark = MarkOf(*batch);
  size_t info_mark = info ? info->size() : 0;
  absl::Status st;
  if (root.is_array()) {
    simdjson::dom::array elements = root.get_array().value_unsafe();
    for (Json element : elements) {
      std::string_view raw = batch->arena.Copy(simdjson::minify(element));
      st = DecodeTop(element, raw, service_hint, true, batch, info);
      if (!st.ok()) break;
    }
  } else {
    st = DecodeTop(root, document, service_hint, false, batch, info);
  }
  if (!st.ok()) {
    Rollback(batch, mark);
    if (info) info->resize(info_mark);
  }
  return st;
}

absl::StatusOr<DocumentInfo> SegmentDecoder::Peek(std::string_view document) {
  Json root;
  if (document.size() > kMaxDocumentBytes ||
      parser_.parse(document.data(), document.size()).get(root) || !root.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  std::optional<model::TraceId> trace = ParseXrayTraceId(StringMember(root, "trace_id"));
  if (!trace) return absl::InvalidArgumentError("missing or invalid trace_id");
  DocumentInfo d;
  d.trace_id = *trace;
  if (auto id = ParseSegmentId(StringMember(root, "id"))) d.id = *id;
  if (auto parent = ParseSegmentId(StringMember(root, "parent_id"))) d.parent_id = *parent;
  d.subsegment = StringMember(root, "type") == "subsegment";
  d.service = std::string(StringMember(root, "name"));
  return d;
}

absl::StatusOr<std::string_view> SplitDaemonDatagram(std::string_view datagram) {
  size_t nl = datagram.find('\n');
  if (nl == std::string_view::npos) {
    return absl::InvalidArgumentError("datagram has no header line");
  }
  std::string_view header = datagram.substr(0, nl);
  // The header is tiny; parse it on its own so the document is parsed once.
  thread_local simdjson::dom::parser parser;
  Json h;
  if (header.size() > 256 || parser.parse(header.data(), header.size()).get(h) || !h.is_object()) {
    return absl::InvalidArgumentError("datagram header is not a JSON object");
  }
  std::string_view format = StringMember(h, "format");
  int64_t version = 0;
  if (Json v; !h["version"].get(v) && v.get_int64().get(version)) version = 0;
  bool json = format.size() == 4 && (format[0] | 0x20) == 'j' && (format[1] | 0x20) == 's' &&
              (format[2] | 0x20) == 'o' && (format[3] | 0x20) == 'n';
  if (!json || version != 1) {
    return absl::InvalidArgumentError(
        "datagram header must be {\"format\":\"json\",\"version\":1}");
  }
  return datagram.substr(nl + 1);
}

}  // namespace waggle::ingest::xray
