#include "store/head/event_rows.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "model/value_json.h"
#include "store/head/schema.h"

namespace waggle::store {
namespace {

std::span<const model::Attribute> Attrs(const model::EventBatch& batch, model::Range r) {
  return std::span<const model::Attribute>(batch.attributes).subspan(r.begin, r.size());
}

void SetAttributes(std::string_view prefix, std::span<const model::Attribute> attrs,
                   TableBuilder& table, RowScratch& scratch) {
  for (const model::Attribute& a : attrs) {
    scratch.name.assign(prefix);
    scratch.name.append(a.key);
    table.SetValue(scratch.name, a.value);
  }
}

void SetIfNonZero(TableBuilder& table, std::string_view name, int64_t v) {
  if (v != 0) table.SetInt(name, v);
}

void SetIfNonEmpty(TableBuilder& table, std::string_view name, std::string_view v) {
  if (!v.empty()) table.SetString(name, v);
}

void SetResourceAndScope(const model::EventBatch& batch, uint32_t resource, uint32_t scope,
                         TableBuilder& table, RowScratch& scratch) {
  const model::Resource& r = batch.resources[resource];
  SetAttributes(schema::kResourceAttr, Attrs(batch, r.attributes), table, scratch);
  SetIfNonEmpty(table, schema::kResourceSchemaUrl, r.schema_url);
  SetIfNonZero(table, schema::kResourceDropped, r.dropped_attributes_count);
  const model::Scope& s = batch.scopes[scope];
  SetIfNonEmpty(table, schema::kScopeName, s.name);
  SetIfNonEmpty(table, schema::kScopeVersion, s.version);
  SetIfNonEmpty(table, schema::kScopeSchemaUrl, s.schema_url);
  SetIfNonZero(table, schema::kScopeDropped, s.dropped_attributes_count);
  SetAttributes(schema::kScopeAttr, Attrs(batch, s.attributes), table, scratch);
}

void AppendEventsJson(const model::EventBatch& batch, const model::Span& span, std::string* out) {
  out->push_back('[');
  for (uint32_t i = span.events.begin; i < span.events.end; ++i) {
    const model::SpanEvent& e = batch.span_events[i];
    if (i != span.events.begin) out->push_back(',');
    fmt::format_to(std::back_inserter(*out), "{{\"time_unix_nano\":\"{}\",\"name\":", e.time_ns);
    core::AppendJsonString(out, e.name);
    out->append(",\"attributes\":");
    model::AppendKeyValuesJson(out, Attrs(batch, e.attributes));
    fmt::format_to(std::back_inserter(*out), ",\"dropped_attributes_count\":{}}}",
                   e.dropped_attributes_count);
  }
  out->push_back(']');
}

void AppendLinksJson(const model::EventBatch& batch, const model::Span& span, std::string* out) {
  out->push_back('[');
  for (uint32_t i = span.links.begin; i < span.links.end; ++i) {
    const model::SpanLink& l = batch.span_links[i];
    if (i != span.links.begin) out->push_back(',');
    fmt::format_to(std::back_inserter(*out),
                   "{{\"trace_id\":\"{}\",\"span_id\":\"{}\",\"trace_state\":",
                   model::IdToHex(l.trace_id), model::IdToHex(l.span_id));
    core::AppendJsonString(out, l.trace_state);
    out->append(",\"attributes\":");
    model::AppendKeyValuesJson(out, Attrs(batch, l.attributes));
    fmt::format_to(std::back_inserter(*out), ",\"dropped_attributes_count\":{},\"flags\":{}}}",
                   l.dropped_attributes_count, l.flags);
  }
  out->push_back(']');
}

// Copies the first `exception` event's attributes onto the span.
void SetExceptionAttributes(const model::EventBatch& batch, const model::Span& span,
                            TableBuilder& table, RowScratch& scratch) {
  for (uint32_t i = span.events.begin; i < span.events.end; ++i) {
    const model::SpanEvent& e = batch.span_events[i];
    if (e.name == "exception") {
      SetAttributes(schema::kExceptionAttr, Attrs(batch, e.attributes), table, scratch);
      return;
    }
  }
}

}  // namespace

void AppendSpanRow(const model::EventBatch& batch, const model::Span& span, TableBuilder& table,
                   RowScratch& scratch) {
  table.BeginRow(span.start_ns);
  table.SetInt(schema::kDurationNs, span.end_ns - span.start_ns);
  table.SetFixed(schema::kTraceId, ColumnType::kFixed16, span.trace_id.data());
  table.SetFixed(schema::kSpanId, ColumnType::kFixed8, span.span_id.data());
  if (!model::IsZeroId(span.parent_span_id)) {
    table.SetFixed(schema::kParentId, ColumnType::kFixed8, span.parent_span_id.data());
  }
  table.SetString(schema::kName, span.name);
  table.SetInt(schema::kKind, static_cast<int64_t>(span.kind));
  table.SetInt(schema::kStatusCode, static_cast<int64_t>(span.status_code));
  SetIfNonEmpty(table, schema::kStatusMessage, span.status_message);
  SetIfNonEmpty(table, schema::kTraceState, span.trace_state);
  SetIfNonZero(table, schema::kFlags, span.flags);
  SetIfNonZero(table, schema::kDroppedAttributes, span.dropped_attributes_count);
  SetIfNonZero(table, schema::kDroppedEvents, span.dropped_events_count);
  SetIfNonZero(table, schema::kDroppedLinks, span.dropped_links_count);
  SetAttributes(schema::kSpanAttr, Attrs(batch, span.attributes), table, scratch);
  if (!span.events.empty()) {
    scratch.json.clear();
    AppendEventsJson(batch, span, &scratch.json);
    table.SetString(schema::kEvents, scratch.json);
    SetExceptionAttributes(batch, span, table, scratch);
  }
  if (!span.links.empty()) {
    scratch.json.clear();
    AppendLinksJson(batch, span, &scratch.json);
    table.SetString(schema::kLinks, scratch.json);
  }
  SetResourceAndScope(batch, span.resource, span.scope, table, scratch);
}

void AppendLogRow(const model::EventBatch& batch, const model::LogRecord& log, int64_t ingest_ns,
                  TableBuilder& table, RowScratch& scratch) {
  int64_t ts = log.time_ns != 0            ? log.time_ns
               : log.observed_time_ns != 0 ? log.observed_time_ns
                                           : ingest_ns;
  table.BeginRow(ts);
  SetIfNonZero(table, schema::kLogTime, log.time_ns);
  SetIfNonZero(table, schema::kLogObserved, log.observed_time_ns);
  table.SetInt(schema::kIngestTime, ingest_ns);
  SetIfNonZero(table, schema::kSeverityNumber, log.severity_number);
  SetIfNonEmpty(table, schema::kSeverityText, log.severity_text);
  if (log.body.kind != model::ValueKind::kEmpty) table.SetValue(schema::kBody, log.body);
  SetIfNonZero(table, schema::kFlags, log.flags);
  if (!model::IsZeroId(log.trace_id)) {
    table.SetFixed(schema::kTraceId, ColumnType::kFixed16, log.trace_id.data());
  }
  if (!model::IsZeroId(log.span_id)) {
    table.SetFixed(schema::kSpanId, ColumnType::kFixed8, log.span_id.data());
  }
  SetIfNonEmpty(table, schema::kEventName, log.event_name);
  SetIfNonZero(table, schema::kDroppedAttributes, log.dropped_attributes_count);
  SetAttributes(schema::kSpanAttr, Attrs(batch, log.attributes), table, scratch);
  SetResourceAndScope(batch, log.resource, log.scope, table, scratch);
}

}  // namespace waggle::store
