// Column names of the unified model as stored. Core fields have fixed names;
// attributes are stored under a prefix naming where they came from, so a
// span's own attributes, its resource's and its scope's round-trip apart.
// The query layer presents them flattened (span attributes win).
#pragma once

#include <string_view>

namespace waggle::store::schema {

inline constexpr std::string_view kTimestamp = "timestamp";       // int64 ns
inline constexpr std::string_view kTraceId = "trace.trace_id";    // fixed16
inline constexpr std::string_view kSpanId = "trace.span_id";      // fixed8
inline constexpr std::string_view kParentId = "trace.parent_id";  // fixed8, absent for roots
inline constexpr std::string_view kDurationNs = "duration_ns";    // int64
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kKind = "span.kind";          // int64 OTLP SpanKind
inline constexpr std::string_view kStatusCode = "status_code";  // int64 OTLP StatusCode
inline constexpr std::string_view kStatusMessage = "status_message";
inline constexpr std::string_view kTraceState = "trace_state";
inline constexpr std::string_view kFlags = "flags";
inline constexpr std::string_view kDroppedAttributes = "dropped_attributes_count";
inline constexpr std::string_view kDroppedEvents = "dropped_events_count";
inline constexpr std::string_view kDroppedLinks = "dropped_links_count";
inline constexpr std::string_view kEvents = "events";  // OTLP/JSON array of Span.Event
inline constexpr std::string_view kLinks = "links";    // OTLP/JSON array of Span.Link
inline constexpr std::string_view kResourceSchemaUrl = "resource.schema_url";
inline constexpr std::string_view kResourceDropped = "resource.dropped_attributes_count";
inline constexpr std::string_view kScopeName = "scope.name";
inline constexpr std::string_view kScopeVersion = "scope.version";
inline constexpr std::string_view kScopeSchemaUrl = "scope.schema_url";
inline constexpr std::string_view kScopeDropped = "scope.dropped_attributes_count";

// Log records.
inline constexpr std::string_view kLogTime = "log.time_ns";          // as sent; absent if 0
inline constexpr std::string_view kLogObserved = "log.observed_ns";  // absent if 0
inline constexpr std::string_view kIngestTime = "ingest_ns";
inline constexpr std::string_view kSeverityNumber = "severity_number";
inline constexpr std::string_view kSeverityText = "severity_text";
inline constexpr std::string_view kBody = "body";  // typed like an attribute
inline constexpr std::string_view kEventName = "event_name";

// Attribute prefixes.
inline constexpr std::string_view kSpanAttr = "a:";
inline constexpr std::string_view kResourceAttr = "r:";
inline constexpr std::string_view kScopeAttr = "s:";
// Attributes of a span's first `exception` event, copied onto the span as
// Honeycomb does, so `exception.type` can be queried on spans.
inline constexpr std::string_view kExceptionAttr = "e:";

}  // namespace waggle::store::schema
