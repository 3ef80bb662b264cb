#include "query/exec/result.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>

namespace waggle::query::exec {
namespace {

void WriteCalcValue(const CalcValue& v, core::JsonWriter* w) {
  switch (v.kind) {
    case CalcValue::Kind::kNull:
      w->Null();
      break;
    case CalcValue::Kind::kInt:
      w->Int(v.i);
      break;
    case CalcValue::Kind::kDouble:
      w->Double(v.d);
      break;
    case CalcValue::Kind::kHeatmap:
      w->BeginObject().Key("buckets").BeginArray();
      for (const HeatmapBucket& b : v.heatmap) {
        w->BeginArray().Double(b.lower).Double(b.upper).Double(b.count).EndArray();
      }
      w->EndArray().EndObject();
      break;
  }
}

void WriteRowData(const QueryResult& r, const ResultRow& row, bool keys, core::JsonWriter* w) {
  w->BeginObject();
  if (keys) {
    for (size_t i = 0; i < r.breakdowns.size() && i < row.keys.size(); ++i) {
      w->Key(r.breakdowns[i]);
      WriteValue(row.keys[i].view(), w);
    }
  }
  for (size_t i = 0; i < r.calc_keys.size() && i < row.values.size(); ++i) {
    w->Key(r.calc_keys[i]);
    WriteCalcValue(row.values[i], w);
  }
  w->EndObject();
}

}  // namespace

std::string Rfc3339(int64_t ns) {
  std::time_t secs = static_cast<std::time_t>(ns / 1'000'000'000 - (ns % 1'000'000'000 < 0));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tm);
}

void WriteResultData(const QueryResult& result, const RenderOptions& options, core::JsonWriter* w) {
  w->BeginObject();
  if (options.series) {
    w->Key("series").BeginArray();
    for (const SeriesPoint& p : result.series) {
      w->BeginObject().Key("time").String(Rfc3339(p.time_ns)).Key("data");
      WriteRowData(result, p.row, true, w);
      w->EndObject();
    }
    w->EndArray();
  }
  w->Key("results").BeginArray();
  for (const ResultRow& row : result.results) {
    w->BeginObject().Key("data");
    WriteRowData(result, row, true, w);
    w->EndObject();
  }
  w->EndArray();
  if (options.total_by_aggregate) {
    w->Key("total_by_aggregate");
    WriteRowData(result, result.total, false, w);
  }
  if (options.other_by_aggregate && result.has_other) {
    w->Key("other_by_aggregate");
    WriteRowData(result, result.other, false, w);
  }
  w->EndObject();
}

}  // namespace waggle::query::exec
