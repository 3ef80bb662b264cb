#include "api/cloudwatch/metric_series.h"

#include <map>

#include "query/traces/rows.h"
#include "store/head/schema.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr int64_t kNsPerS = 1'000'000'000;

// Adds the events of `part` in [start_s, end_s) to `points` by period.
absl::Status AddPart(const store::TablePart& part, const lang::cw::FilterPattern& pattern,
                     const MetricTransformation& t, int64_t start_s, int64_t end_s,
                     int64_t period_s, std::map<int64_t, MetricPoint>* points) {
  if (part.max_time_ns() < start_s * kNsPerS || part.min_time_ns() >= end_s * kNsPerS) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(auto time,
                   query::ReadColumn(part, store::schema::kTimestamp, store::ColumnType::kInt64));
  ASSIGN_OR_RETURN(auto body,
                   query::ReadColumn(part, store::schema::kBody, store::ColumnType::kString));
  if (time == nullptr || body == nullptr) return absl::OkStatus();
  for (uint32_t r = 0; r < time->rows; ++r) {
    int64_t s = time->ints[r] / kNsPerS;
    if (s < start_s || s >= end_s || !body->IsPresent(r)) continue;
    int64_t bucket = start_s + (s - start_s) / period_s * period_s;
    MetricPoint& p = (*points)[bucket];
    p.start_s = bucket;
    ++p.events;
    std::optional<double> v = MetricValueOf(pattern, t, body->StringAt(r));
    if (!v) continue;
    ++p.matches;
    p.value += *v;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<MetricPoint>> ComputeMetricSeries(
    const std::vector<store::TableSnapshot>& tables, std::string_view environment,
    std::string_view group, const lang::cw::FilterPattern& pattern, const MetricTransformation& t,
    int64_t start_s, int64_t end_s, int64_t period_s) {
  std::map<int64_t, MetricPoint> points;
  for (const store::TableSnapshot& table : tables) {
    if (table.id.kind != store::TableKind::kLogs || table.id.environment != environment ||
        table.id.dataset != group) {
      continue;
    }
    for (const auto& part : table.parts) {
      RETURN_IF_ERROR(AddPart(*part, pattern, t, start_s, end_s, period_s, &points));
    }
  }
  std::vector<MetricPoint> out;
  for (auto& [start, p] : points) {
    if (p.matches == 0 && t.default_value) p.value = *t.default_value;
    if (p.matches == 0 && !t.default_value) continue;  // nothing published
    out.push_back(p);
  }
  return out;
}

}  // namespace waggle::api::cloudwatch
