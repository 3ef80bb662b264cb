// The answer to a query (shared/specs/query.md §2.2) before rendering: rows
// of breakdown values and calculation values, per group and per time bucket.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "query/exec/value.h"
#include "query/spec/spec.h"

namespace waggle::query::exec {

struct HeatmapBucket {
  double lower = 0;
  double upper = 0;
  double count = 0;
};

// One calculation's value: null, a number, or a heatmap histogram.
struct CalcValue {
  enum class Kind : uint8_t { kNull, kInt, kDouble, kHeatmap };
  Kind kind = Kind::kNull;
  int64_t i = 0;
  double d = 0;
  std::vector<HeatmapBucket> heatmap;

  static CalcValue Int(int64_t v) { return {Kind::kInt, v, static_cast<double>(v), {}}; }
  static CalcValue Double(double v) { return {Kind::kDouble, 0, v, {}}; }
  // The value as a number for orders and havings (nullopt for null/heatmap).
  std::optional<double> number() const {
    if (kind == Kind::kInt || kind == Kind::kDouble) return d;
    return std::nullopt;
  }
};

struct ResultRow {
  std::vector<OwnedValue> keys;   // one per breakdown
  std::vector<CalcValue> values;  // one per calculation
};

struct SeriesPoint {
  int64_t time_ns = 0;  // bucket start
  ResultRow row;
};

struct ExecStats {
  uint64_t parts_total = 0;
  uint64_t parts_scanned = 0;
  uint64_t rows_scanned = 0;
  uint64_t rows_matched = 0;
  uint64_t groups = 0;
  bool second_pass = false;
  double elapsed_ms = 0;
};

struct QueryResult {
  std::vector<std::string> breakdowns;
  std::vector<std::string> calc_keys;
  std::vector<CalcOp> calc_ops;
  TimeWindow window;
  std::vector<SeriesPoint> series;
  std::vector<ResultRow> results;
  ResultRow total;  // every matching event, one row, no keys
  ResultRow other;  // groups cut by the limit
  bool has_other = false;
  ExecStats stats;
};

struct RenderOptions {
  bool series = true;
  bool total_by_aggregate = true;
  bool other_by_aggregate = true;
};

// Writes the `data` object of §2.2: series, results, total_by_aggregate,
// other_by_aggregate (each unless disabled).
void WriteResultData(const QueryResult& result, const RenderOptions& options, core::JsonWriter* w);

// RFC 3339 UTC time of `ns` with second precision, e.g. 2026-01-01T00:00:00Z.
std::string Rfc3339(int64_t ns);

}  // namespace waggle::query::exec
