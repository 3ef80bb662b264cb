// File: api/cloudwatch/metric_series.h
//
// A metric filter's metric over time, computed from the stored events of
// its log group: per period, the sum of the values matching events
// contribute (metric_transformation.h), how many matched, and the
// filter's defaultValue for periods with events but no match, as
// CloudWatch publishes it. Thread-safe (reads a snapshot).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "api/cloudwatch/metric_transformation.h"
#include "core/status.h"
#include "lang/cw_filter_pattern/filter_pattern.h"
#include "store/catalog/table_part.h"

namespace waggle::api::cloudwatch {

struct MetricPoint {
  int64_t start_s = 0;  // the period's start (epoch seconds)
  double value = 0;     // the sum (or defaultValue)
  int64_t matches = 0;  // events that contributed
  int64_t events = 0;   // events stored in the period
};

// Periods of [start_s, end_s) with at least one event, in time order.
// `period_s` > 0. Errors are the store's.
absl::StatusOr<std::vector<MetricPoint>> ComputeMetricSeries(
    const std::vector<store::TableSnapshot>& tables, std::string_view environment,
    std::string_view group, const lang::cw::FilterPattern& pattern, const MetricTransformation& t,
    int64_t start_s, int64_t end_s, int64_t period_s);

}  // namespace waggle::api::cloudwatch
