// ExportTraceServiceRequest (protobuf) -> EventBatch spans: the Span decoder
// plugged into ProtoDecoder's envelope walk (proto_common.h). The hot path:
// one pass per message, strings stay views into the body, and a span's
// events and links are deferred until its own fields are read so every
// attribute Range stays contiguous.
#include <cstring>

#include "ingest/otlp/decode.h"
#include "ingest/otlp/proto_common.h"

namespace waggle::ingest::otlp {
namespace {

using internal::Deferred;
using internal::Malformed;
using internal::Nest;
using internal::SkipFailed;

constexpr uint32_t kEventsField = 11;
constexpr uint32_t kLinksField = 13;

// Why a span's ids make it unusable, or nullptr if they are fine.
const char* InvalidSpanIds(std::string_view trace_id, std::string_view span_id,
                           std::string_view parent) {
  static constexpr char kZeros[16] = {};
  if (trace_id.size() != 16 || std::memcmp(trace_id.data(), kZeros, 16) == 0) {
    return "span with invalid trace_id (must be 16 bytes, not all zero)";
  }
  if (span_id.size() != 8 || std::memcmp(span_id.data(), kZeros, 8) == 0) {
    return "span with invalid span_id (must be 8 bytes, not all zero)";
  }
  if (!parent.empty() && parent.size() != 8) {
    return "span with invalid parent_span_id (must be empty or 8 bytes)";
  }
  return nullptr;
}

class TracesDecoder : public internal::ProtoDecoder {
 public:
  using ProtoDecoder::ProtoDecoder;

 protected:
  absl::Status DecodeItem(std::string_view msg, uint32_t resource, uint32_t scope) override;

 private:
  absl::Status DecodeSpanFields(WireReader& r, model::Span* span, std::string_view* ids);
  absl::Status DecodeStatus(std::string_view msg, model::Span* span);
  absl::Status DecodeEvent(std::string_view msg, model::Span* span);
  absl::Status DecodeLink(std::string_view msg, model::Span* span);
};

absl::Status TracesDecoder::DecodeItem(std::string_view msg, uint32_t resource, uint32_t scope) {
  model::EventBatch* b = batch();
  internal::SpanMark mark(*b);
  size_t first = deferred().size();
  model::Span span;
  span.resource = resource;
  span.scope = scope;
  std::string_view ids[3];  // trace_id, span_id, parent_span_id
  WireReader r(msg);
  RETURN_IF_ERROR(DecodeSpanFields(r, &span, ids));
  size_t last = deferred().size();
  int64_t n_events = 0;
  int64_t n_links = 0;
  for (size_t i = first; i < last; ++i) {
    Deferred d = deferred()[i];
    if (d.field == kEventsField) {
      absl::Status st = DecodeEvent(d.bytes, &span);
      if (!st.ok()) return Nest(st, "events", n_events);
      ++n_events;
    } else {
      absl::Status st = DecodeLink(d.bytes, &span);
      if (!st.ok()) return Nest(st, "links", n_links);
      ++n_links;
    }
  }
  deferred().resize(first);
  if (const char* why = InvalidSpanIds(ids[0], ids[1], ids[2])) {
    mark.Reject(b, &result(), why);
    return absl::OkStatus();
  }
  std::memcpy(span.trace_id.data(), ids[0].data(), 16);
  std::memcpy(span.span_id.data(), ids[1].data(), 8);
  if (!ids[2].empty()) std::memcpy(span.parent_span_id.data(), ids[2].data(), 8);
  b->spans.push_back(span);
  ++result().accepted;
  return absl::OkStatus();
}

// Reads the Span's own fields; events and links go to deferred().
absl::Status TracesDecoder::DecodeSpanFields(WireReader& r, model::Span* span,
                                             std::string_view* ids) {
  static constexpr const char* kNames[] = {"",
                                           "trace_id",
                                           "span_id",
                                           "trace_state",
                                           "parent_span_id",
                                           "name",
                                           "kind",
                                           "start_time",
                                           "end_time",
                                           "attributes",
                                           "dropped_attributes_count",
                                           "events",
                                           "dropped_events_count",
                                           "links",
                                           "dropped_links_count",
                                           "status",
                                           "flags"};
  int64_t n_attributes = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v = 0;
    uint32_t u = 0;
    std::string_view s;
    bool ok = true;
    switch (wt) {
      case WireType::kLen:
        if (!r.ReadLen(&s)) return Malformed(field <= 16 ? kNames[field] : "", r.error());
        switch (field) {
          case 1:
            ids[0] = s;
            break;
          case 2:
            ids[1] = s;
            break;
          case 3:
            span->trace_state = s;
            break;
          case 4:
            ids[2] = s;
            break;
          case 5:
            span->name = s;
            break;
          case 9:
            RETURN_IF_ERROR(AppendAttribute(s, &span->attributes, &n_attributes));
            break;
          case kEventsField:
          case kLinksField:
            deferred().push_back({field, s});
            break;
          case 15: {
            absl::Status st = DecodeStatus(s, span);
            if (!st.ok()) return Nest(st, "status", -1);
            break;
          }
          default:
            break;
        }
        break;
      case WireType::kVarint:
        if (!r.ReadVarint(&v)) return Malformed(field <= 16 ? kNames[field] : "", r.error());
        switch (field) {
          case 6:
            span->kind = v <= 5 ? static_cast<model::SpanKind>(v) : model::SpanKind::kUnspecified;
            break;
          case 10:
            span->dropped_attributes_count = static_cast<uint32_t>(v);
            break;
          case 12:
            span->dropped_events_count = static_cast<uint32_t>(v);
            break;
          case 14:
            span->dropped_links_count = static_cast<uint32_t>(v);
            break;
          default:
            break;
        }
        break;
      case WireType::kI64:
        if (!r.ReadFixed64(&v)) return Malformed(field <= 16 ? kNames[field] : "", r.error());
        if (field == 7) span->start_ns = static_cast<int64_t>(v);
        if (field == 8) span->end_ns = static_cast<int64_t>(v);
        break;
      case WireType::kI32:
        ok = r.ReadFixed32(&u);
        if (!ok) return Malformed(field <= 16 ? kNames[field] : "", r.error());
        if (field == 16) span->flags = u;
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status TracesDecoder::DecodeStatus(std::string_view msg, model::Span* span) {
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v;
    if (field == 2 && wt == WireType::kLen) {
      if (!r.ReadLen(&span->status_message)) return Malformed("message", r.error());
    } else if (field == 3 && wt == WireType::kVarint) {
      if (!r.ReadVarint(&v)) return Malformed("code", r.error());
      span->status_code = v <= 2 ? static_cast<model::StatusCode>(v) : model::StatusCode::kUnset;
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

absl::Status TracesDecoder::DecodeEvent(std::string_view msg, model::Span* span) {
  model::SpanEvent event;
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v;
    std::string_view s;
    if (field == 1 && wt == WireType::kI64) {
      if (!r.ReadFixed64(&v)) return Malformed("time_unix_nano", r.error());
      event.time_ns = static_cast<int64_t>(v);
    } else if (field == 2 && wt == WireType::kLen) {
      if (!r.ReadLen(&event.name)) return Malformed("name", r.error());
    } else if (field == 3 && wt == WireType::kLen) {
      if (!r.ReadLen(&s)) return Malformed("attributes", r.error());
      RETURN_IF_ERROR(AppendAttribute(s, &event.attributes, &n));
    } else if (field == 4 && wt == WireType::kVarint) {
      if (!r.ReadVarint(&v)) return Malformed("dropped_attributes_count", r.error());
      event.dropped_attributes_count = static_cast<uint32_t>(v);
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  internal::AppendToRange(&batch()->span_events, event, &span->events);
  return absl::OkStatus();
}

absl::Status TracesDecoder::DecodeLink(std::string_view msg, model::Span* span) {
  model::SpanLink link;
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v;
    uint32_t u;
    std::string_view s;
    if (wt == WireType::kLen && field >= 1 && field <= 4) {
      if (!r.ReadLen(&s)) return Malformed("link field", r.error());
      if (field == 1) link.trace_id = model::IdFromBytes<16>(s).value_or(model::TraceId{});
      if (field == 2) link.span_id = model::IdFromBytes<8>(s).value_or(model::SpanId{});
      if (field == 3) link.trace_state = s;
      if (field == 4) RETURN_IF_ERROR(AppendAttribute(s, &link.attributes, &n));
    } else if (field == 5 && wt == WireType::kVarint) {
      if (!r.ReadVarint(&v)) return Malformed("dropped_attributes_count", r.error());
      link.dropped_attributes_count = static_cast<uint32_t>(v);
    } else if (field == 6 && wt == WireType::kI32) {
      if (!r.ReadFixed32(&u)) return Malformed("flags", r.error());
      link.flags = u;
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  internal::AppendToRange(&batch()->span_links, link, &span->links);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodeResult> DecodeTracesProto(std::string_view body, model::EventBatch* batch,
                                               const DecodeOptions& options) {
  return internal::DecodeProto<TracesDecoder>(body, batch, options, internal::kTracesEnvelope);
}

}  // namespace waggle::ingest::otlp
