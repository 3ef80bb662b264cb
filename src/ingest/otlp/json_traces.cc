// ExportTraceServiceRequest (OTLP/JSON) -> EventBatch spans: the span
// decoder plugged into JsonDecoder's envelope walk (json_common.h). A span
// is read in two passes, own fields first and events/links second, so
// attribute Ranges stay contiguous whatever the key order.
#include "ingest/otlp/decode.h"
#include "ingest/otlp/json_common.h"
#include "ingest/otlp/proto_common.h"

namespace waggle::ingest::otlp {
namespace {

using internal::ForEachElement;
using internal::ForEachMember;
using internal::JsonElement;
using internal::KeyIs;

constexpr std::string_view kSpanKinds[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
                                           "SPAN_KIND_SERVER",      "SPAN_KIND_CLIENT",
                                           "SPAN_KIND_PRODUCER",    "SPAN_KIND_CONSUMER"};
constexpr std::string_view kStatusCodes[] = {"STATUS_CODE_UNSET", "STATUS_CODE_OK",
                                             "STATUS_CODE_ERROR"};

// What decoding a span's id fields found.
struct SpanIds {
  bool trace_valid = false;
  bool span_valid = false;
  bool parent_present = false;
  bool parent_valid = false;
};

class TracesJsonDecoder : public internal::JsonDecoder {
 public:
  using JsonDecoder::JsonDecoder;

 protected:
  absl::Status DecodeItem(JsonElement e, uint32_t resource, uint32_t scope) override;

 private:
  absl::Status DecodeSpanField(std::string_view key, JsonElement v, model::Span* span,
                               SpanIds* ids);
  absl::Status DecodeStatus(JsonElement e, model::Span* span);
  absl::Status DecodeEvent(JsonElement e, model::Span* span);
  absl::Status DecodeLink(JsonElement e, model::Span* span);
};

absl::Status TracesJsonDecoder::DecodeItem(JsonElement e, uint32_t resource, uint32_t scope) {
  model::EventBatch* b = batch();
  internal::SpanMark mark(*b);
  model::Span span;
  span.resource = resource;
  span.scope = scope;
  SpanIds ids;
  RETURN_IF_ERROR(ForEachMember(e, [&](std::string_view key, JsonElement v) {
    return DecodeSpanField(key, v, &span, &ids);
  }));
  RETURN_IF_ERROR(ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key == "events") {
      return ForEachElement(v, "events",
                            [&](JsonElement ev, int64_t) { return DecodeEvent(ev, &span); });
    }
    if (key == "links") {
      return ForEachElement(v, "links",
                            [&](JsonElement l, int64_t) { return DecodeLink(l, &span); });
    }
    return absl::OkStatus();
  }));
  const char* why = nullptr;
  if (!ids.trace_valid || model::IsZeroId(span.trace_id)) {
    why = "span with invalid traceId (must be 32 hex digits, not all zero)";
  } else if (!ids.span_valid || model::IsZeroId(span.span_id)) {
    why = "span with invalid spanId (must be 16 hex digits, not all zero)";
  } else if (ids.parent_present && !ids.parent_valid) {
    why = "span with invalid parentSpanId (must be empty or 16 hex digits)";
  }
  if (why != nullptr) {
    mark.Reject(b, &result(), why);
    return absl::OkStatus();
  }
  b->spans.push_back(span);
  ++result().accepted;
  return absl::OkStatus();
}

absl::Status TracesJsonDecoder::DecodeSpanField(std::string_view key, JsonElement v,
                                                model::Span* span, SpanIds* ids) {
  std::string_view s;
  uint64_t u = 0;
  int64_t n = 0;
  bool present = false;
  if (KeyIs(key, "traceId", "trace_id")) {
    return internal::GetHexId(v, key, &span->trace_id, &present, &ids->trace_valid);
  } else if (KeyIs(key, "spanId", "span_id")) {
    return internal::GetHexId(v, key, &span->span_id, &present, &ids->span_valid);
  } else if (KeyIs(key, "parentSpanId", "parent_span_id")) {
    return internal::GetHexId(v, key, &span->parent_span_id, &ids->parent_present,
                              &ids->parent_valid);
  } else if (KeyIs(key, "traceState", "trace_state") || key == "name") {
    RETURN_IF_ERROR(internal::GetString(v, key, &s));
    (key == "name" ? span->name : span->trace_state) = Copy(s);
  } else if (key == "kind") {
    RETURN_IF_ERROR(internal::GetEnum(v, key, kSpanKinds, 6, &n));
    span->kind = n >= 0 && n <= 5 ? static_cast<model::SpanKind>(n) : model::SpanKind::kUnspecified;
  } else if (KeyIs(key, "startTimeUnixNano", "start_time_unix_nano")) {
    RETURN_IF_ERROR(internal::GetUint64(v, key, &u));
    span->start_ns = static_cast<int64_t>(u);
  } else if (KeyIs(key, "endTimeUnixNano", "end_time_unix_nano")) {
    RETURN_IF_ERROR(internal::GetUint64(v, key, &u));
    span->end_ns = static_cast<int64_t>(u);
  } else if (key == "attributes") {
    return AppendAttributes(v, &span->attributes);
  } else if (KeyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
    return internal::GetUint32(v, key, &span->dropped_attributes_count);
  } else if (KeyIs(key, "droppedEventsCount", "dropped_events_count")) {
    return internal::GetUint32(v, key, &span->dropped_events_count);
  } else if (KeyIs(key, "droppedLinksCount", "dropped_links_count")) {
    return internal::GetUint32(v, key, &span->dropped_links_count);
  } else if (key == "status") {
    absl::Status st = DecodeStatus(v, span);
    return st.ok() ? st : internal::Nest(st, "status", -1);
  } else if (key == "flags") {
    return internal::GetUint32(v, key, &span->flags);
  }
  return absl::OkStatus();
}

absl::Status TracesJsonDecoder::DecodeStatus(JsonElement e, model::Span* span) {
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key == "message") {
      std::string_view s;
      RETURN_IF_ERROR(internal::GetString(v, key, &s));
      span->status_message = Copy(s);
    } else if (key == "code") {
      int64_t n;
      RETURN_IF_ERROR(internal::GetEnum(v, key, kStatusCodes, 3, &n));
      span->status_code =
          n >= 0 && n <= 2 ? static_cast<model::StatusCode>(n) : model::StatusCode::kUnset;
    }
    return absl::OkStatus();
  });
}

absl::Status TracesJsonDecoder::DecodeEvent(JsonElement e, model::Span* span) {
  model::SpanEvent event;
  RETURN_IF_ERROR(ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (KeyIs(key, "timeUnixNano", "time_unix_nano")) {
      uint64_t u;
      RETURN_IF_ERROR(internal::GetUint64(v, key, &u));
      event.time_ns = static_cast<int64_t>(u);
    } else if (key == "name") {
      std::string_view s;
      RETURN_IF_ERROR(internal::GetString(v, key, &s));
      event.name = Copy(s);
    } else if (key == "attributes") {
      return AppendAttributes(v, &event.attributes);
    } else if (KeyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
      return internal::GetUint32(v, key, &event.dropped_attributes_count);
    }
    return absl::OkStatus();
  }));
  internal::AppendToRange(&batch()->span_events, event, &span->events);
  return absl::OkStatus();
}

absl::Status TracesJsonDecoder::DecodeLink(JsonElement e, model::Span* span) {
  model::SpanLink link;
  RETURN_IF_ERROR(ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    bool present = false;
    bool valid = false;
    if (KeyIs(key, "traceId", "trace_id")) {
      RETURN_IF_ERROR(internal::GetHexId(v, key, &link.trace_id, &present, &valid));
      if (!valid) link.trace_id = {};
    } else if (KeyIs(key, "spanId", "span_id")) {
      RETURN_IF_ERROR(internal::GetHexId(v, key, &link.span_id, &present, &valid));
      if (!valid) link.span_id = {};
    } else if (KeyIs(key, "traceState", "trace_state")) {
      std::string_view s;
      RETURN_IF_ERROR(internal::GetString(v, key, &s));
      link.trace_state = Copy(s);
    } else if (key == "attributes") {
      return AppendAttributes(v, &link.attributes);
    } else if (KeyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
      return internal::GetUint32(v, key, &link.dropped_attributes_count);
    } else if (key == "flags") {
      return internal::GetUint32(v, key, &link.flags);
    }
    return absl::OkStatus();
  }));
  internal::AppendToRange(&batch()->span_links, link, &span->links);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodeResult> DecodeTracesJson(std::string_view body, model::EventBatch* batch,
                                              const DecodeOptions& options) {
  return internal::DecodeJson<TracesJsonDecoder>(body, batch, options, internal::kTracesEnvelope);
}

}  // namespace waggle::ingest::otlp
