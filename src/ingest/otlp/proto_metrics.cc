// ExportMetricsServiceRequest (protobuf): metrics are not stored yet, so
// this only walks the structure down to the data points and counts them.
#include "ingest/otlp/decode.h"
#include "ingest/otlp/proto_common.h"

namespace waggle::ingest::otlp {
namespace {

using internal::ForEachLen;
using internal::Malformed;
using internal::Nest;
using internal::SkipFailed;

// A data point is only checked for well-formed fields.
absl::Status CheckMessage(std::string_view msg) {
  return ForEachLen(msg, 0x1FFFFFFF, "", [](std::string_view) { return absl::OkStatus(); });
}

// Gauge, Sum, Histogram, ExponentialHistogram and Summary all keep their
// data points in field 1.
absl::Status CountPoints(std::string_view msg, uint64_t* count) {
  return ForEachLen(msg, 1, "data_points", [count](std::string_view s) {
    ++*count;
    return CheckMessage(s);
  });
}

absl::Status CountMetric(std::string_view msg, uint64_t* count) {
  WireReader r(msg);
  while (!r.done()) {
    uint32_t f;
    WireType wt;
    if (!r.ReadTag(&f, &wt)) return Malformed("", r.error());
    bool data = f == 5 || f == 7 || f == 9 || f == 10 || f == 11;
    if (data && wt == WireType::kLen) {
      std::string_view s;
      if (!r.ReadLen(&s)) return Malformed("data", r.error());
      absl::Status st = CountPoints(s, count);
      if (!st.ok()) return Nest(st, "data", -1);
    } else if (!r.Skip(wt)) {
      return SkipFailed(f, r);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint64_t> CountMetricDataPointsProto(std::string_view body) {
  uint64_t count = 0;
  absl::Status st = ForEachLen(body, 1, "resource_metrics", [&count](std::string_view rm) {
    return ForEachLen(rm, 2, "scope_metrics", [&count](std::string_view sm) {
      return ForEachLen(sm, 2, "metrics",
                        [&count](std::string_view m) { return CountMetric(m, &count); });
    });
  });
  if (!st.ok()) return internal::TopLevel(st, "ExportMetricsServiceRequest");
  return count;
}

}  // namespace waggle::ingest::otlp
