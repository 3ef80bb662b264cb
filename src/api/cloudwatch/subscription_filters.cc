// Subscription filters (specs/cloudwatch-logs.md §5): PutSubscriptionFilter,
// DescribeSubscriptionFilters and DeleteSubscriptionFilter. Filters are kept
// in the control plane per log group (at most two, as in AWS) and listed
// back; matching events are not yet delivered to the destination.
#include <fmt/format.h>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "api/cloudwatch/tokens.h"
#include "core/json_writer.h"
#include "lang/cw_filter_pattern/filter_pattern.h"
#include "meta/subscription_filters_table.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr int64_t kMaxFiltersPerGroup = 2;
constexpr size_t kMaxPatternChars = 1024;
constexpr size_t kMaxSelectionCriteriaChars = 2000;

absl::Status Invalid(std::string_view detail) {
  return absl::InvalidArgumentError(fmt::format("1 validation error detected: {}", detail));
}

absl::StatusOr<std::string_view> GroupNameMember(const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(call.input, "logGroupName"));
  RETURN_IF_ERROR(ValidateGroupName("logGroupName", name));
  return name;
}

// A filter name (or prefix): 1-512 chars without ':' or '*'.
absl::Status CheckFilterName(std::string_view member, std::string_view name) {
  if (name.empty() || name.size() > 512 || name.find_first_of(":*") != std::string_view::npos) {
    return Invalid(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must satisfy regular expression "
        "pattern: [^:*]* and have length between 1 and 512",
        name.substr(0, 512), member));
  }
  return absl::OkStatus();
}

// The filterPattern member, checked with the shared parser; "" matches all.
absl::StatusOr<std::string> PatternMember(const Call& call) {
  ASSIGN_OR_RETURN(std::string_view text, RequiredString(call.input, "filterPattern"));
  if (text.size() > kMaxPatternChars) {
    return Invalid(
        "Value at 'filterPattern' failed to satisfy constraint: Member must have length less "
        "than or equal to 1024");
  }
  absl::StatusOr<lang::cw::FilterPattern> p = lang::cw::FilterPattern::Parse(text);
  if (!p.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("Invalid filter pattern: {}", p.status().message()));
  }
  return std::string(text);
}

// An ARN member (destinationArn, roleArn): non-empty when present.
absl::StatusOr<std::optional<std::string>> ArnMember(const Call& call, std::string_view member,
                                                     bool required) {
  ASSIGN_OR_RETURN(auto arn, OptionalString(call.input, member));
  if (!arn && required) {
    return Invalid(fmt::format(
        "Value null at '{}' failed to satisfy constraint: Member must not be null", member));
  }
  if (!arn) return std::optional<std::string>();
  if (arn->empty()) {
    return Invalid(fmt::format(
        "Value '' at '{}' failed to satisfy constraint: Member must have length greater than or "
        "equal to 1",
        member));
  }
  return std::optional<std::string>(std::string(*arn));
}

absl::StatusOr<std::string> DistributionMember(const Call& call) {
  ASSIGN_OR_RETURN(auto d, OptionalString(call.input, "distribution"));
  if (!d) return std::string("ByLogStream");
  if (*d != "ByLogStream" && *d != "Random") {
    return Invalid(fmt::format(
        "Value '{}' at 'distribution' failed to satisfy constraint: Member must satisfy enum "
        "value set: [Random, ByLogStream]",
        d->substr(0, 64)));
  }
  return std::string(*d);
}

// fieldSelectionCriteria and emitSystemFields, as stored.
absl::Status ReadSystemFieldMembers(const Call& call, meta::SubscriptionFilterRow& row) {
  ASSIGN_OR_RETURN(auto criteria, OptionalString(call.input, "fieldSelectionCriteria"));
  if (criteria && criteria->size() > kMaxSelectionCriteriaChars) {
    return Invalid(
        "Value at 'fieldSelectionCriteria' failed to satisfy constraint: Member must have length "
        "less than or equal to 2000");
  }
  if (criteria) row.field_selection_criteria = std::string(*criteria);
  ASSIGN_OR_RETURN(auto fields, OptionalStringList(call.input, "emitSystemFields", 2));
  if (!fields) return absl::OkStatus();
  core::JsonWriter w;
  w.BeginArray();
  for (std::string_view f : *fields) {
    if (f != "@aws.account" && f != "@aws.region") {
      return Invalid(fmt::format(
          "Value '{}' at 'emitSystemFields' failed to satisfy constraint: Member must satisfy "
          "enum value set: [@aws.account, @aws.region]",
          f.substr(0, 64)));
    }
    w.String(f);
  }
  w.EndArray();
  row.emit_system_fields_json = w.Release();
  return absl::OkStatus();
}

// The stored filter the request describes (every member validated).
absl::StatusOr<meta::SubscriptionFilterRow> FilterFromRequest(const Call& call) {
  meta::SubscriptionFilterRow row;
  row.environment = std::string(call.environment);
  ASSIGN_OR_RETURN(std::string_view group, GroupNameMember(call));
  row.group_name = std::string(group);
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(call.input, "filterName"));
  RETURN_IF_ERROR(CheckFilterName("filterName", name));
  row.name = std::string(name);
  ASSIGN_OR_RETURN(row.pattern, PatternMember(call));
  ASSIGN_OR_RETURN(auto destination, ArnMember(call, "destinationArn", true));
  row.destination_arn = destination.value_or(std::string());
  ASSIGN_OR_RETURN(row.role_arn, ArnMember(call, "roleArn", false));
  ASSIGN_OR_RETURN(row.distribution, DistributionMember(call));
  ASSIGN_OR_RETURN(row.apply_on_transformed,
                   OptionalBool(call.input, "applyOnTransformedLogs", false));
  RETURN_IF_ERROR(ReadSystemFieldMembers(call, row));
  row.creation_ms = call.now_ms;
  return row;
}

void WriteFilter(const meta::SubscriptionFilterRow& f, core::JsonWriter& w) {
  w.BeginObject().Key("filterName").String(f.name).Key("logGroupName").String(f.group_name);
  w.Key("filterPattern").String(f.pattern).Key("destinationArn").String(f.destination_arn);
  if (f.role_arn) w.Key("roleArn").String(*f.role_arn);
  w.Key("distribution").String(f.distribution);
  w.Key("applyOnTransformedLogs").Bool(f.apply_on_transformed);
  w.Key("creationTime").Int(f.creation_ms);
  if (f.field_selection_criteria) {
    w.Key("fieldSelectionCriteria").String(*f.field_selection_criteria);
  }
  if (f.emit_system_fields_json) w.Key("emitSystemFields").Raw(*f.emit_system_fields_json);
  w.EndObject();
}

// The DescribeSubscriptionFilters query of log group `group`.
absl::StatusOr<meta::SubscriptionFilterQuery> FilterQuery(const Call& call,
                                                          std::string_view group) {
  meta::SubscriptionFilterQuery q;
  ASSIGN_OR_RETURN(auto prefix, OptionalString(call.input, "filterNamePrefix"));
  if (prefix) {
    RETURN_IF_ERROR(CheckFilterName("filterNamePrefix", *prefix));
    q.name_prefix = std::string(*prefix);
  }
  ASSIGN_OR_RETURN(int64_t limit, LimitMember(call.input, "limit", 1, 50, 50));
  q.limit = static_cast<int>(limit);
  ASSIGN_OR_RETURN(auto token, OptionalString(call.input, "nextToken"));
  if (token) {
    ASSIGN_OR_RETURN(auto after, ParseMetricFilterToken(*token));
    if (after.first != group) return absl::InvalidArgumentError(std::string(kBadNextToken));
    q.after = std::move(after.second);
  }
  return q;
}

}  // namespace

absl::StatusOr<std::string> PutSubscriptionFilter(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(meta::SubscriptionFilterRow row, FilterFromRequest(call));
  RETURN_IF_ERROR(ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto group, meta::FindLogGroup(c, row.environment, row.group_name));
    if (!group) return absl::NotFoundError(std::string(kNoSuchGroup));
    ASSIGN_OR_RETURN(bool exists,
                     meta::HasSubscriptionFilter(c, row.environment, row.group_name, row.name));
    if (!exists) {
      ASSIGN_OR_RETURN(int64_t count,
                       meta::CountSubscriptionFilters(c, row.environment, row.group_name));
      if (count >= kMaxFiltersPerGroup) {
        return WithAwsType(absl::ResourceExhaustedError("Resource limit exceeded."),
                           "LimitExceededException");
      }
    }
    return meta::PutSubscriptionFilter(c, row);
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> DescribeSubscriptionFilters(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view group, GroupNameMember(call));
  ASSIGN_OR_RETURN(meta::SubscriptionFilterQuery q, FilterQuery(call, group));
  RETURN_IF_ERROR(LoadGroup(ctx, call.environment, group).status());
  q.limit += 1;  // one more tells whether a next page exists
  std::vector<meta::SubscriptionFilterRow> rows;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(rows, meta::ListSubscriptionFilters(c, call.environment, group, q));
    return absl::OkStatus();
  }));
  const bool more = static_cast<int>(rows.size()) == q.limit;
  if (more) rows.pop_back();
  core::JsonWriter w;
  w.BeginObject().Key("subscriptionFilters").BeginArray();
  for (const meta::SubscriptionFilterRow& f : rows) WriteFilter(f, w);
  w.EndArray();
  if (more) w.Key("nextToken").String(EncodeMetricFilterToken(group, rows.back().name));
  w.EndObject();
  return w.Release();
}

absl::StatusOr<std::string> DeleteSubscriptionFilter(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view group, GroupNameMember(call));
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(call.input, "filterName"));
  RETURN_IF_ERROR(CheckFilterName("filterName", name));
  RETURN_IF_ERROR(LoadGroup(ctx, call.environment, group).status());
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) {
    return meta::DeleteSubscriptionFilter(c, call.environment, group, name);
  }));
  return std::string("{}");
}

}  // namespace waggle::api::cloudwatch
