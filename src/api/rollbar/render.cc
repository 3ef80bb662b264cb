#include "api/rollbar/render.h"

#include <simdjson.h>

#include "ingest/rollbar/occurrence.h"

namespace waggle::api::rollbar {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

void OptSeconds(core::JsonWriter& w, std::string_view key, const std::optional<int64_t>& ns) {
  w.Key(key);
  ns ? w.Int(*ns / kNanosPerSecond) : w.Null();
}

// The payload's client timestamp (unix seconds), or 0.
int64_t CustomerTimestamp(std::string_view payload) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, ts;
  if (parser.parse(payload.data(), payload.size(), true).get(root) != simdjson::SUCCESS) return 0;
  if (!root.is_object() || root["timestamp"].get(ts) != simdjson::SUCCESS) return 0;
  if (ts.is_int64()) return ts.get_int64().value_unsafe();
  if (ts.is_double()) return static_cast<int64_t>(ts.get_double().value_unsafe());
  return 0;
}

}  // namespace

void WriteItem(const meta::ItemRow& item, core::JsonWriter& w) {
  w.BeginObject();
  w.Key("id").Int(item.id).Key("counter").Int(item.counter).Key("project_id").Int(1);
  w.Key("environment").String(item.environment);
  w.Key("platform").String(item.platform).Key("language").String(item.language);
  w.Key("framework").String(item.framework);
  w.Key("title").String(item.title);
  w.Key("level").String(ingest::rollbar::LevelName(item.level));
  w.Key("level_lock").Int(0).Key("title_lock").Int(0);
  w.Key("status").String(meta::ItemStatusName(item.status));
  w.Key("hash").String(item.fingerprint);
  w.Key("first_occurrence_id").Int(item.first_occurrence_id);
  w.Key("first_occurrence_timestamp").Int(item.first_occurrence_ns / kNanosPerSecond);
  w.Key("last_occurrence_id").Int(item.last_occurrence_id);
  w.Key("last_occurrence_timestamp").Int(item.last_occurrence_ns / kNanosPerSecond);
  w.Key("total_occurrences").Int(item.total_occurrences);
  w.Key("unique_occurrences").Int(item.unique_occurrences);
  OptSeconds(w, "last_activated_timestamp", item.last_activated_ns);
  OptSeconds(w, "last_resolved_timestamp", item.last_resolved_ns);
  w.Key("resolved_in_version");
  item.resolved_in_version ? w.String(*item.resolved_in_version) : w.Null();
  w.Key("activating_occurrence_id");
  item.activating_occurrence_id ? w.Int(*item.activating_occurrence_id) : w.Null();
  for (std::string_view k : {"assigned_user_id", "last_modified_by", "group_item_id",
                             "integrations_data", "public_item_id"}) {
    w.Key(k).Null();
  }
  w.Key("group_status").Int(1).Key("controlling_id").Int(item.id);
  w.EndObject();
}

void WriteOccurrence(const StoredOccurrence& occ, core::JsonWriter& w) {
  w.BeginObject();
  w.Key("id").Int(occ.row.id).Key("item_id").Int(occ.row.item_id).Key("project_id").Int(1);
  w.Key("timestamp").Int(occ.row.timestamp_ns / kNanosPerSecond);
  w.Key("version").Int(2);
  w.Key("uuid").String(occ.row.uuid);
  std::string_view payload = occ.payload_json;
  w.Key("data");
  if (payload.size() >= 2 && payload.front() == '{' && payload.back() == '}') {
    // Splice the metadata object in before the payload's closing brace.
    core::JsonWriter meta;
    meta.BeginObject();
    meta.Key("customer_timestamp").Int(CustomerTimestamp(payload));
    meta.Key("timestamp_ms").Int(occ.row.timestamp_ns / 1'000'000);
    meta.EndObject();
    std::string data(payload.substr(0, payload.size() - 1));
    if (payload != "{}") data.push_back(',');
    data.append("\"metadata\":").append(meta.str()).push_back('}');
    w.Raw(data);
  } else {
    w.Null();
  }
  if (!occ.trace_id.empty()) w.Key("trace_id").String(occ.trace_id);
  if (!occ.span_id.empty()) w.Key("span_id").String(occ.span_id);
  w.EndObject();
}

}  // namespace waggle::api::rollbar
