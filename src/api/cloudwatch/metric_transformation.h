// File: api/cloudwatch/metric_transformation.h
//
// A metric filter's metricTransformations (exactly one, as CloudWatch
// requires): its validation, stored JSON form, and the value a matching
// log event contributes. Pure functions; thread-safe.
#pragma once

#include <simdjson.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "lang/cw_filter_pattern/filter_pattern.h"

namespace waggle::api::cloudwatch {

struct MetricTransformation {
  std::string metric_name;
  std::string metric_namespace;
  std::string metric_value;  // a number ("1"), "$.json.path" or "$field"
  std::optional<double> default_value;
  std::map<std::string, std::string> dimensions;  // name -> "$field" / "$.path"
  std::string unit;                               // "" when not given (None)
};

// Parses the input's metricTransformations member: a list of exactly one
// transformation with CloudWatch's bounds (names and namespaces 1-255
// characters without ':', '*' or '$', metricValue 1-100 characters, at
// most 3 dimensions, unit from StandardUnit). InvalidArgument otherwise.
absl::StatusOr<MetricTransformation> ParseMetricTransformations(simdjson::dom::element input);
// Parses the stored form (TransformationsJson) back.
absl::StatusOr<MetricTransformation> ParseStoredTransformations(std::string_view json);
// The metricTransformations JSON array for `t`, as stored and returned.
std::string TransformationsJson(const MetricTransformation& t);
// What a log event adds to the metric: nullopt when `message` does not
// match `pattern`, or its value is a selector that finds no number there.
std::optional<double> MetricValueOf(const lang::cw::FilterPattern& pattern,
                                    const MetricTransformation& t, std::string_view message);

}  // namespace waggle::api::cloudwatch
