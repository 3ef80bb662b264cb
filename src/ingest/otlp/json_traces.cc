// ExportTraceServiceRequest (OTLP/JSON) -> EventBatch spans. Each object is
// read in two passes, own fields first and children second, so attribute
// Ranges stay contiguous whatever the key order.
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

  absl::Status DecodeRequest(JsonElement root) {
    return ForEachMember(root, [&](std::string_view key, JsonElement v) -> absl::Status {
      if (!KeyIs(key, "resourceSpans", "resource_spans")) return absl::OkStatus();
      return ForEachElement(v, "resourceSpans",
                            [&](JsonElement rs, int64_t) { return DecodeResourceSpans(rs); });
    });
  }

 private:
  absl::Status DecodeResourceSpans(JsonElement e);
  absl::Status DecodeScopeSpans(JsonElement e, uint32_t resource);
  absl::Status DecodeSpan(JsonElement e, uint32_t resource, uint32_t scope);
  absl::Status DecodeSpanField(std::string_view key, JsonElement v, model::Span* span,
                               SpanIds* ids);
  absl::Status DecodeStatus(JsonElement e, model::Span* span);
  absl::Status DecodeEvent(JsonElement e, model::Span* span);
  absl::Status DecodeLink(JsonElement e, model::Span* span);
};

absl::Status TracesJsonDecoder::DecodeResourceSpans(JsonElement e) {
  model::EventBatch* b = batch();
  uint32_t index = static_cast<uint32_t>(b->resources.size());
  b->resources.emplace_back();
  RETURN_IF_ERROR(ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key == "resource") {
      absl::Status st = DecodeResource(v, index);
      return st.ok() ? st : internal::Nest(st, "resource", -1);
    }
    if (KeyIs(key, "schemaUrl", "schema_url")) {
      std::string_view s;
      RETURN_IF_ERROR(internal::GetString(v, key, &s));
      b->resources[index].schema_url = Copy(s);
    }
    return absl::OkStatus();
  }));
  internal::SetDatasets(*b, &b->resources[index]);
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (!KeyIs(key, "scopeSpans", "scope_spans")) return absl::OkStatus();
    return ForEachElement(v, "scopeSpans",
                          [&](JsonElement ss, int64_t) { return DecodeScopeSpans(ss, index); });
  });
}

absl::Status TracesJsonDecoder::DecodeScopeSpans(JsonElement e, uint32_t resource) {
  model::EventBatch* b = batch();
  uint32_t index = static_cast<uint32_t>(b->scopes.size());
  b->scopes.emplace_back();
  RETURN_IF_ERROR(ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key == "scope") {
      absl::Status st = DecodeScope(v, index);
      return st.ok() ? st : internal::Nest(st, "scope", -1);
    }
    if (KeyIs(key, "schemaUrl", "schema_url")) {
      std::string_view s;
      RETURN_IF_ERROR(internal::GetString(v, key, &s));
      b->scopes[index].schema_url = Copy(s);
    }
    return absl::OkStatus();
  }));
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key != "spans") return absl::OkStatus();
    return ForEachElement(v, "spans",
                          [&](JsonElement s, int64_t) { return DecodeSpan(s, resource, index); });
  });
}

absl::Status TracesJsonDecoder::DecodeSpan(JsonElement e, uint32_t resource, uint32_t scope) {
  model::EventBatch* b = batch();
  size_t attributes0 = b->attributes.size();
  size_t events0 = b->span_events.size();
  size_t links0 = b->span_links.size();
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
    b->attributes.resize(attributes0);
    b->span_events.resize(events0);
    b->span_links.resize(links0);
    internal::Reject(&result(), why);
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
  model::EventBatch* b = batch();
  if (span->events.empty())
    span->events.begin = span->events.end = static_cast<uint32_t>(b->span_events.size());
  b->span_events.push_back(event);
  span->events.end = static_cast<uint32_t>(b->span_events.size());
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
  model::EventBatch* b = batch();
  if (span->links.empty())
    span->links.begin = span->links.end = static_cast<uint32_t>(b->span_links.size());
  b->span_links.push_back(link);
  span->links.end = static_cast<uint32_t>(b->span_links.size());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodeResult> DecodeTracesJson(std::string_view body, model::EventBatch* batch,
                                              const DecodeOptions& options) {
  TracesJsonDecoder decoder(batch, options);
  JsonElement root;
  absl::Status st = decoder.Parse(body, &root);
  if (st.ok()) st = decoder.DecodeRequest(root);
  if (!st.ok()) return internal::TopLevel(st, "ExportTraceServiceRequest");
  return std::move(decoder.result());
}

}  // namespace waggle::ingest::otlp
