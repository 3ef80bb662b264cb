#include "api/v1/bubbleup_request.h"

#include <simdjson.h>

#include <cmath>

#include "core/json_writer.h"
#include "query/spec/spec_json.h"

namespace waggle::api::v1 {
namespace {

namespace bu = query::bubbleup;

absl::Status Bad(std::string_view message) {
  return absl::InvalidArgumentError(std::string(message));
}

// Seconds (fractions allowed) as ns; InvalidArgument for other types.
absl::StatusOr<int64_t> SecondsField(simdjson::dom::element v, std::string_view name) {
  double s = 0;
  if (v.get_double().get(s) != simdjson::SUCCESS || !std::isfinite(s) || s < 0 || s > 1e11) {
    return Bad(std::string("selection.") + std::string(name) + " must be unix seconds");
  }
  return static_cast<int64_t>(std::llround(s * 1e9));
}

absl::Status ParseSelection(simdjson::dom::object obj, bu::Selection* sel) {
  for (auto field : obj) {
    std::string_view key = field.key;
    if (key == "start_time" || key == "end_time") {
      ASSIGN_OR_RETURN(int64_t ns, SecondsField(field.value, key));
      (key == "start_time" ? sel->start_ns : sel->end_ns) = ns;
    } else if (key == "column") {
      std::string_view c;
      if (field.value.get_string().get(c) != simdjson::SUCCESS || c.empty() || c.size() > 255) {
        return Bad("selection.column must be a column name");
      }
      sel->column = std::string(c);
    } else if (key == "min" || key == "max") {
      double x = 0;
      if (field.value.is_null()) continue;
      if (field.value.get_double().get(x) != simdjson::SUCCESS || !std::isfinite(x)) {
        return Bad(std::string("selection.") + std::string(key) + " must be a number");
      }
      (key == "min" ? sel->min : sel->max) = x;
    } else {
      return Bad(std::string("selection: unknown field '") + std::string(key) + "'");
    }
  }
  return absl::OkStatus();
}

void WriteColumn(const bu::ColumnDiff& c, core::JsonWriter& w) {
  w.BeginObject().Key("column").String(c.column);
  w.Key("kind").String(c.measure ? "measure" : "dimension").Key("score").Double(c.score);
  if (c.measure) {
    w.Key("bins").BeginArray();
    for (const bu::BinShare& b : c.bins) {
      w.BeginObject().Key("lower").Double(b.lower).Key("upper").Double(b.upper);
      w.Key("selection").Double(b.selection).Key("baseline").Double(b.baseline).EndObject();
    }
    w.EndArray().Key("missing").BeginObject().Key("selection").Double(c.missing_selection);
    w.Key("baseline").Double(c.missing_baseline).EndObject();
  } else {
    w.Key("values").BeginArray();
    for (const bu::ValueShare& v : c.values) {
      w.BeginObject().Key("value");
      query::exec::WriteValue(v.value.view(), &w);
      w.Key("selection").Double(v.selection).Key("baseline").Double(v.baseline).EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

absl::StatusOr<BubbleUpRequest> ParseBubbleUpRequest(std::string_view body, int64_t now_ns) {
  if (body.size() > query::kMaxSpecBytes) return Bad("the request is larger than 1 MiB");
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::object root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    return Bad("the body must be a JSON object with query and selection");
  }
  BubbleUpRequest req;
  bool has_query = false, has_selection = false;
  for (auto field : root) {
    std::string_view key = field.key;
    if (key == "dataset") {
      std::string_view d;
      if (field.value.get_string().get(d) != simdjson::SUCCESS)
        return Bad("dataset must be a string");
      req.dataset = std::string(d);
    } else if (key == "query") {
      if (!field.value.is_object()) return Bad("query must be a query specification object");
      absl::StatusOr<query::QuerySpec> spec =
          query::ParseQuerySpec(simdjson::to_string(field.value));
      if (!spec.ok()) return Bad("query." + std::string(spec.status().message()));
      req.query = std::move(*spec);
      has_query = true;
    } else if (key == "selection") {
      simdjson::dom::object sel;
      if (field.value.get_object().get(sel) != simdjson::SUCCESS) {
        return Bad("selection must be an object");
      }
      RETURN_IF_ERROR(ParseSelection(sel, &req.selection));
      has_selection = true;
    } else {
      return Bad("unknown field '" + std::string(key) + "'");
    }
  }
  if (!has_query) return Bad("query is required (its filters and time range set the events)");
  if (!has_selection) return Bad("selection is required");
  if (req.dataset.empty()) req.dataset = req.query.dataset;
  ASSIGN_OR_RETURN(query::TimeWindow window, query::ResolveTimeWindow(req.query, now_ns));
  if (req.selection.start_ns == 0) req.selection.start_ns = window.start_ns;
  if (req.selection.end_ns == 0) req.selection.end_ns = window.end_ns;
  return req;
}

std::string RenderBubbleUp(const bu::BubbleUpResult& r) {
  core::JsonWriter w;
  w.BeginObject().Key("start_time").Int(r.window.start_ns / 1'000'000'000);
  w.Key("end_time").Int(r.window.end_ns / 1'000'000'000);
  w.Key("selection_count").Uint(r.selection_count).Key("baseline_count").Uint(r.baseline_count);
  w.Key("sample").BeginObject().Key("selection").Double(r.selection_sample);
  w.Key("baseline").Double(r.baseline_sample).EndObject();
  w.Key("columns").BeginArray();
  for (const bu::ColumnDiff& c : r.columns) WriteColumn(c, w);
  w.EndArray();
  w.Key("stats").BeginObject().Key("parts_scanned").Uint(r.parts_scanned);
  w.Key("elapsed_ms").Double(r.elapsed_ms).EndObject();
  w.EndObject();
  return w.Release();
}

}  // namespace waggle::api::v1
