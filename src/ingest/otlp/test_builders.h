// Test-only helpers that build OTLP protobuf messages by hand with the
// wire.h encoders, so tests can craft edge cases no SDK would send.
#pragma once

#include <string>
#include <string_view>

#include "ingest/otlp/wire.h"

namespace waggle::ingest::otlp::testing {

inline std::string Len(uint32_t field, std::string_view payload) {
  std::string out;
  PutLenField(&out, field, payload);
  return out;
}

inline std::string Varint(uint32_t field, uint64_t v) {
  std::string out;
  PutVarintField(&out, field, v);
  return out;
}

inline std::string Fixed64(uint32_t field, uint64_t v) {
  std::string out;
  PutFixed64Field(&out, field, v);
  return out;
}

inline std::string Fixed32(uint32_t field, uint32_t v) {
  std::string out;
  PutFixed32Field(&out, field, v);
  return out;
}

// AnyValue{string_value}.
inline std::string StringValue(std::string_view s) { return Len(1, s); }
inline std::string IntValue(int64_t v) { return Varint(3, static_cast<uint64_t>(v)); }
// KeyValue{key, value}.
inline std::string KeyValue(std::string_view key, const std::string& any_value) {
  return Len(1, key) + Len(2, any_value);
}

inline std::string Id(char fill, size_t n) { return std::string(n, fill); }

// A Span with the given ids and name plus `extra` fields.
inline std::string SpanMsg(std::string_view trace_id, std::string_view span_id,
                           std::string_view name, const std::string& extra = "") {
  return Len(1, trace_id) + Len(2, span_id) + Len(5, name) + extra;
}

// ExportTraceServiceRequest{resource_spans{resource{service.name}, scope_spans{spans}}}.
inline std::string TracesRequest(const std::string& spans, std::string_view service = "svc") {
  std::string resource = Len(1, KeyValue("service.name", StringValue(service)));
  std::string scope_spans = Len(1, Len(1, "scope")) + spans;
  return Len(1, Len(1, resource) + Len(2, scope_spans));
}

// Wraps each span message as a ScopeSpans.spans field.
inline std::string SpansField(const std::string& span) { return Len(2, span); }

}  // namespace waggle::ingest::otlp::testing
