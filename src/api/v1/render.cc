#include "api/v1/render.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "model/ids.h"
#include "model/value_json.h"
#include "store/head/schema.h"

namespace waggle::api::v1 {
namespace {

namespace schema = store::schema;

std::string Hex(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : raw) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 15]);
  }
  return out;
}

// Appends the attributes stored under `prefix` as an OTLP/JSON KeyValue list.
void AppendAttributes(const query::Row& row, std::string_view prefix, std::string* out) {
  out->push_back('[');
  bool first = true;
  for (const query::Cell& c : row.cells) {
    if (!c.key.name.starts_with(prefix)) continue;
    if (!first) out->push_back(',');
    first = false;
    out->append("{\"key\":");
    core::AppendJsonString(out, std::string_view(c.key.name).substr(prefix.size()));
    out->append(",\"value\":");
    model::AppendAnyValueJson(out, c.AsValue());
    out->push_back('}');
  }
  out->push_back(']');
}

void AppendString(std::string* out, std::string_view key, std::string_view value) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
  core::AppendJsonString(out, value);
  out->push_back(',');
}

void AppendInt(std::string* out, std::string_view key, int64_t value) {
  fmt::format_to(std::back_inserter(*out), "\"{}\":{},", key, value);
}

void AppendResourceAndScope(const query::Row& row, std::string* out) {
  out->append("\"resource\":{\"attributes\":");
  AppendAttributes(row, schema::kResourceAttr, out);
  fmt::format_to(std::back_inserter(*out), ",\"dropped_attributes_count\":{},\"schema_url\":",
                 row.Int(schema::kResourceDropped));
  core::AppendJsonString(out, row.Str(schema::kResourceSchemaUrl));
  out->append("},\"scope\":{");
  AppendString(out, "name", row.Str(schema::kScopeName));
  AppendString(out, "version", row.Str(schema::kScopeVersion));
  out->append("\"attributes\":");
  AppendAttributes(row, schema::kScopeAttr, out);
  fmt::format_to(std::back_inserter(*out), ",\"dropped_attributes_count\":{},\"schema_url\":",
                 row.Int(schema::kScopeDropped));
  core::AppendJsonString(out, row.Str(schema::kScopeSchemaUrl));
  out->append("}");
}

}  // namespace

void AppendSpanJson(const query::Row& row, std::string* out) {
  int64_t start = row.Int(schema::kTimestamp);
  int64_t duration = row.Int(schema::kDurationNs);
  out->push_back('{');
  AppendString(out, "dataset", row.table.dataset);
  AppendString(out, "environment", row.table.environment);
  AppendString(out, "trace_id", Hex(row.Str(schema::kTraceId)));
  AppendString(out, "span_id", Hex(row.Str(schema::kSpanId)));
  AppendString(out, "parent_span_id", Hex(row.Str(schema::kParentId)));
  AppendString(out, "name", row.Str(schema::kName));
  AppendInt(out, "kind", row.Int(schema::kKind));
  fmt::format_to(
      std::back_inserter(*out),
      "\"start_time_unix_nano\":\"{}\",\"end_time_unix_nano\":\"{}\",\"duration_ms\":{},", start,
      start + duration, static_cast<double>(duration) / 1e6);
  AppendString(out, "trace_state", row.Str(schema::kTraceState));
  AppendInt(out, "flags", row.Int(schema::kFlags));
  out->append("\"status\":{");
  AppendInt(out, "code", row.Int(schema::kStatusCode));
  out->append("\"message\":");
  core::AppendJsonString(out, row.Str(schema::kStatusMessage));
  out->append("},\"attributes\":");
  AppendAttributes(row, schema::kSpanAttr, out);
  out->push_back(',');
  AppendInt(out, "dropped_attributes_count", row.Int(schema::kDroppedAttributes));
  std::string_view events = row.Str(schema::kEvents);
  std::string_view links = row.Str(schema::kLinks);
  out->append("\"events\":");
  out->append(events.empty() ? "[]" : events);
  out->push_back(',');
  AppendInt(out, "dropped_events_count", row.Int(schema::kDroppedEvents));
  out->append("\"links\":");
  out->append(links.empty() ? "[]" : links);
  out->push_back(',');
  AppendInt(out, "dropped_links_count", row.Int(schema::kDroppedLinks));
  AppendResourceAndScope(row, out);
  out->push_back('}');
}

void AppendLogJson(const query::Row& row, std::string* out) {
  out->push_back('{');
  AppendString(out, "dataset", row.table.dataset);
  AppendString(out, "environment", row.table.environment);
  fmt::format_to(std::back_inserter(*out),
                 "\"time_unix_nano\":\"{}\",\"observed_time_unix_nano\":\"{}\",",
                 row.Int(schema::kLogTime), row.Int(schema::kLogObserved));
  AppendInt(out, "severity_number", row.Int(schema::kSeverityNumber));
  AppendString(out, "severity_text", row.Str(schema::kSeverityText));
  out->append("\"body\":");
  const query::Cell* body = row.Find(schema::kBody);
  if (body != nullptr) {
    model::AppendAnyValueJson(out, body->AsValue());
  } else {
    out->append("null");
  }
  out->append(",\"attributes\":");
  AppendAttributes(row, schema::kSpanAttr, out);
  out->push_back(',');
  AppendInt(out, "dropped_attributes_count", row.Int(schema::kDroppedAttributes));
  AppendInt(out, "flags", row.Int(schema::kFlags));
  AppendString(out, "trace_id", Hex(row.Str(schema::kTraceId)));
  AppendString(out, "span_id", Hex(row.Str(schema::kSpanId)));
  AppendString(out, "event_name", row.Str(schema::kEventName));
  fmt::format_to(std::back_inserter(*out), "\"ingest_time_unix_nano\":\"{}\",",
                 row.Int(schema::kIngestTime));
  AppendResourceAndScope(row, out);
  out->push_back('}');
}

}  // namespace waggle::api::v1
