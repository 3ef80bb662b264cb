#include "api/cloudwatch/metric_transformation.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "api/cloudwatch/input.h"
#include "core/json_writer.h"
#include "core/strings.h"

namespace waggle::api::cloudwatch {
namespace {

using Json = simdjson::dom::element;

constexpr std::array<std::string_view, 27> kUnits = {"Seconds",
                                                     "Microseconds",
                                                     "Milliseconds",
                                                     "Bytes",
                                                     "Kilobytes",
                                                     "Megabytes",
                                                     "Gigabytes",
                                                     "Terabytes",
                                                     "Bits",
                                                     "Kilobits",
                                                     "Megabits",
                                                     "Gigabits",
                                                     "Terabits",
                                                     "Percent",
                                                     "Count",
                                                     "Bytes/Second",
                                                     "Kilobytes/Second",
                                                     "Megabytes/Second",
                                                     "Gigabytes/Second",
                                                     "Terabytes/Second",
                                                     "Bits/Second",
                                                     "Kilobits/Second",
                                                     "Megabits/Second",
                                                     "Gigabits/Second",
                                                     "Terabits/Second",
                                                     "Count/Second",
                                                     "None"};

absl::Status Invalid(std::string_view member, std::string_view constraint) {
  return absl::InvalidArgumentError(fmt::format(
      "1 validation error detected: Value at 'metricTransformations.1.member.{}' failed to "
      "satisfy constraint: {}",
      member, constraint));
}

absl::Status CheckName(std::string_view member, std::string_view value) {
  if (value.empty() || value.size() > 255 || value.find_first_of(":*$") != std::string_view::npos) {
    return Invalid(member,
                   "Member must have length between 1 and 255 and not contain ':', '*' "
                   "or '$'");
  }
  return absl::OkStatus();
}

absl::StatusOr<MetricTransformation> ParseOne(Json t) {
  MetricTransformation out;
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(t, "metricName"));
  ASSIGN_OR_RETURN(std::string_view ns, RequiredString(t, "metricNamespace"));
  ASSIGN_OR_RETURN(std::string_view value, RequiredString(t, "metricValue"));
  RETURN_IF_ERROR(CheckName("metricName", name));
  RETURN_IF_ERROR(CheckName("metricNamespace", ns));
  double number = 0;
  if (value.empty() || value.size() > 100 ||
      (!value.starts_with("$") && !core::ParseNumber(value, &number))) {
    return Invalid("metricValue",
                   "Member must be a number, $.selector or $field of at most 100 "
                   "characters");
  }
  out.metric_name = std::string(name);
  out.metric_namespace = std::string(ns);
  out.metric_value = std::string(value);
  if (Json v; !t["defaultValue"].get(v) && !v.is_null()) {
    double d = 0;
    if (v.get_double().get(d)) return Invalid("defaultValue", "Member must be a number");
    out.default_value = d;
  }
  ASSIGN_OR_RETURN(out.dimensions, OptionalStringMap(t, "dimensions", 3));
  ASSIGN_OR_RETURN(auto unit, OptionalString(t, "unit"));
  if (unit) {
    if (std::find(kUnits.begin(), kUnits.end(), *unit) == kUnits.end()) {
      return Invalid("unit", "Member must satisfy enum value set: StandardUnit");
    }
    out.unit = std::string(*unit);
  }
  return out;
}

}  // namespace

absl::StatusOr<MetricTransformation> ParseMetricTransformations(Json input) {
  simdjson::dom::array list;
  if (input["metricTransformations"].get_array().get(list) || list.size() != 1) {
    return absl::InvalidArgumentError(
        "1 validation error detected: Value at 'metricTransformations' failed to satisfy "
        "constraint: Member must have length equal to 1");
  }
  return ParseOne(list.at(0).value());
}

absl::StatusOr<MetricTransformation> ParseStoredTransformations(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  std::string wrapped = fmt::format("{{\"metricTransformations\":{}}}", json);
  Json root;
  if (parser.parse(wrapped).get(root)) return absl::DataLossError("bad stored metric filter");
  return ParseMetricTransformations(root);
}

std::string TransformationsJson(const MetricTransformation& t) {
  core::JsonWriter w;
  w.BeginArray().BeginObject();
  w.Key("metricName").String(t.metric_name).Key("metricNamespace").String(t.metric_namespace);
  w.Key("metricValue").String(t.metric_value);
  if (t.default_value) w.Key("defaultValue").Double(*t.default_value);
  if (!t.dimensions.empty()) {
    w.Key("dimensions").BeginObject();
    for (const auto& [k, v] : t.dimensions) w.Key(k).String(v);
    w.EndObject();
  }
  if (!t.unit.empty()) w.Key("unit").String(t.unit);
  w.EndObject().EndArray();
  return w.Release();
}

std::optional<double> MetricValueOf(const lang::cw::FilterPattern& pattern,
                                    const MetricTransformation& t, std::string_view message) {
  if (!pattern.Matches(message)) return std::nullopt;
  double value = 0;
  if (!t.metric_value.starts_with("$")) {
    if (!core::ParseNumber(t.metric_value, &value)) return std::nullopt;
    return value;
  }
  std::optional<std::string> text = pattern.Extract(message, t.metric_value);
  if (!text || !core::ParseNumber(*text, &value)) return std::nullopt;
  return value;
}

}  // namespace waggle::api::cloudwatch
