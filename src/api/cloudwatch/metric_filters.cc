// Metric filters (specs/cloudwatch-logs.md §5): PutMetricFilter,
// DescribeMetricFilters, DeleteMetricFilter and TestMetricFilter. Filters
// are kept in the control plane per log group; their metric values are
// computed from the stored events when read (GET /api/v1/metric_filters,
// docs/cloudwatch-logs.md), not published to a metrics service.
#include <fmt/format.h>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/metric_transformation.h"
#include "api/cloudwatch/operations.h"
#include "api/cloudwatch/tokens.h"
#include "core/json_writer.h"
#include "lang/cw_filter_pattern/filter_pattern.h"
#include "meta/metric_filters_table.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr int64_t kMaxFiltersPerGroup = 100;
constexpr size_t kMaxTestMessages = 50;

absl::StatusOr<lang::cw::FilterPattern> PatternMember(const Call& call, bool allow_empty) {
  ASSIGN_OR_RETURN(std::string_view text, RequiredString(call.input, "filterPattern"));
  if (text.size() > 1024) {
    return absl::InvalidArgumentError(
        "1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: "
        "Member must have length less than or equal to 1024");
  }
  if (text.empty() && !allow_empty) return absl::InvalidArgumentError("Invalid filter pattern");
  absl::StatusOr<lang::cw::FilterPattern> p = lang::cw::FilterPattern::Parse(text);
  if (!p.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("Invalid filter pattern: {}", p.status().message()));
  }
  return p;
}

absl::StatusOr<std::string_view> FilterNameMember(const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(call.input, "filterName"));
  if (name.empty() || name.size() > 512 || name.find(':') != std::string_view::npos ||
      name.find('*') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        "1 validation error detected: Value at 'filterName' failed to satisfy constraint: Member "
        "must satisfy regular expression pattern: [^:*]* and have length between 1 and 512");
  }
  return name;
}

void WriteFilter(const meta::MetricFilterRow& f, core::JsonWriter& w) {
  w.BeginObject().Key("filterName").String(f.name).Key("filterPattern").String(f.pattern);
  w.Key("metricTransformations").Raw(f.transformations_json);
  w.Key("creationTime").Int(f.creation_ms).Key("logGroupName").String(f.group_name);
  w.EndObject();
}

}  // namespace

absl::StatusOr<std::string> PutMetricFilter(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromNameOrIdentifier(call.input, true));
  ASSIGN_OR_RETURN(std::string_view name, FilterNameMember(call));
  ASSIGN_OR_RETURN(lang::cw::FilterPattern pattern, PatternMember(call, /*allow_empty=*/true));
  ASSIGN_OR_RETURN(MetricTransformation t, ParseMetricTransformations(call.input));
  meta::MetricFilterRow row{std::string(call.environment),
                            group,
                            std::string(name),
                            pattern.text(),
                            TransformationsJson(t),
                            t.metric_name,
                            t.metric_namespace,
                            ctx.clock.NowNanos() / 1'000'000};
  RETURN_IF_ERROR(LoadGroup(ctx, call.environment, group).status());
  RETURN_IF_ERROR(ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto existing, meta::FindMetricFilter(c, call.environment, group, name));
    if (!existing) {
      ASSIGN_OR_RETURN(int64_t count, meta::CountMetricFilters(c, call.environment, group));
      if (count >= kMaxFiltersPerGroup) {
        return WithAwsType(
            absl::ResourceExhaustedError(fmt::format(
                "A log group may have at most {} metric filters.", kMaxFiltersPerGroup)),
            "LimitExceededException");
      }
    }
    return meta::PutMetricFilter(c, row);
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> DescribeMetricFilters(LogsContext& ctx, const Call& call) {
  meta::MetricFilterQuery q;
  ASSIGN_OR_RETURN(std::string group, GroupFromNameOrIdentifier(call.input, false));
  if (!group.empty()) q.group = group;
  ASSIGN_OR_RETURN(auto prefix, OptionalString(call.input, "filterNamePrefix"));
  if (prefix && !q.group) {
    return absl::InvalidArgumentError("filterNamePrefix requires logGroupName");
  }
  if (prefix) q.name_prefix = std::string(*prefix);
  ASSIGN_OR_RETURN(auto metric, OptionalString(call.input, "metricName"));
  ASSIGN_OR_RETURN(auto ns, OptionalString(call.input, "metricNamespace"));
  if (metric.has_value() != ns.has_value()) {
    return absl::InvalidArgumentError("metricName and metricNamespace must be given together");
  }
  if (metric) {
    q.metric_name = std::string(*metric);
    q.metric_namespace = std::string(*ns);
  }
  ASSIGN_OR_RETURN(q.limit, LimitMember(call.input, "limit", 1, 50, 50));
  ASSIGN_OR_RETURN(auto token, OptionalString(call.input, "nextToken"));
  if (token) {
    ASSIGN_OR_RETURN(q.after, ParseMetricFilterToken(*token));
  }
  if (q.group) RETURN_IF_ERROR(LoadGroup(ctx, call.environment, *q.group).status());
  std::vector<meta::MetricFilterRow> rows;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(rows, meta::ListMetricFilters(c, call.environment, q));
    return absl::OkStatus();
  }));
  core::JsonWriter w;
  w.BeginObject().Key("metricFilters").BeginArray();
  for (const meta::MetricFilterRow& f : rows) WriteFilter(f, w);
  w.EndArray();
  if (static_cast<int64_t>(rows.size()) == q.limit) {
    w.Key("nextToken").String(EncodeMetricFilterToken(rows.back().group_name, rows.back().name));
  }
  w.EndObject();
  return w.Release();
}

absl::StatusOr<std::string> DeleteMetricFilter(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromNameOrIdentifier(call.input, true));
  ASSIGN_OR_RETURN(std::string_view name, FilterNameMember(call));
  RETURN_IF_ERROR(LoadGroup(ctx, call.environment, group).status());
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) {
    return meta::DeleteMetricFilter(c, call.environment, group, name);
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> TestMetricFilter(LogsContext&, const Call& call) {
  ASSIGN_OR_RETURN(lang::cw::FilterPattern pattern, PatternMember(call, /*allow_empty=*/true));
  ASSIGN_OR_RETURN(auto messages,
                   OptionalStringList(call.input, "logEventMessages", kMaxTestMessages));
  if (!messages || messages->empty()) {
    return absl::InvalidArgumentError(
        "1 validation error detected: Value at 'logEventMessages' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  }
  core::JsonWriter w;
  w.BeginObject().Key("matches").BeginArray();
  for (size_t i = 0; i < messages->size(); ++i) {
    std::string_view message = (*messages)[i];
    if (!pattern.Matches(message)) continue;
    w.BeginObject().Key("eventNumber").Int(static_cast<int64_t>(i + 1));
    w.Key("eventMessage").String(message).Key("extractedValues").BeginObject();
    for (const auto& [key, value] : pattern.ExtractedValues(message)) w.Key(key).String(value);
    w.EndObject().EndObject();
  }
  w.EndArray().EndObject();
  return w.Release();
}

}  // namespace waggle::api::cloudwatch
