// ExportMetricsServiceRequest (OTLP/JSON): metrics are not stored yet, so
// this only walks the structure and counts the data points.
#include "ingest/otlp/decode.h"
#include "ingest/otlp/json_common.h"
#include "ingest/otlp/proto_common.h"

namespace waggle::ingest::otlp {
namespace {

using internal::ForEachChild;
using internal::ForEachMember;
using internal::JsonElement;
using internal::KeyIs;

bool IsMetricData(std::string_view key) {
  return key == "gauge" || key == "sum" || key == "histogram" || key == "summary" ||
         KeyIs(key, "exponentialHistogram", "exponential_histogram");
}

absl::Status CountMetric(JsonElement metric, uint64_t* count) {
  return ForEachMember(metric, [&](std::string_view key, JsonElement data) -> absl::Status {
    if (!IsMetricData(key)) return absl::OkStatus();
    absl::Status st = ForEachChild(data, {"dataPoints", "data_points"}, [&](JsonElement point) {
      ++*count;
      return ForEachMember(point, [](std::string_view, JsonElement) { return absl::OkStatus(); });
    });
    return st.ok() ? st : internal::Nest(st, key, -1);
  });
}

}  // namespace

absl::StatusOr<uint64_t> CountMetricDataPointsJson(std::string_view body) {
  model::EventBatch unused;
  internal::JsonDecoder decoder(&unused, DecodeOptions{});
  JsonElement root;
  uint64_t count = 0;
  absl::Status st = decoder.Parse(body, &root);
  if (st.ok()) {
    st = ForEachChild(root, {"resourceMetrics", "resource_metrics"}, [&](JsonElement rm) {
      return ForEachChild(rm, {"scopeMetrics", "scope_metrics"}, [&](JsonElement sm) {
        return ForEachChild(sm, {"metrics", "metrics"},
                            [&](JsonElement m) { return CountMetric(m, &count); });
      });
    });
  }
  if (!st.ok()) return internal::TopLevel(st, "ExportMetricsServiceRequest");
  return count;
}

}  // namespace waggle::ingest::otlp
