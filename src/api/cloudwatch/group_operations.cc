// CreateLogGroup, DeleteLogGroup, DescribeLogGroups, Put/DeleteRetentionPolicy
// and ListTagsLogGroup.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "api/cloudwatch/tokens.h"
#include "core/json_writer.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr std::array<int, 22> kRetentionDays = {1,    3,    5,    7,    14,   30,  60,  90,
                                                120,  150,  180,  365,  400,  545, 731, 1096,
                                                1827, 2192, 2557, 2922, 3288, 3653};
constexpr size_t kMaxTags = 50;

absl::StatusOr<std::string_view> GroupNameMember(const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(call.input, "logGroupName"));
  RETURN_IF_ERROR(ValidateGroupName("logGroupName", name));
  return name;
}

absl::Status CheckGroupClass(std::optional<std::string_view> cls) {
  if (!cls || *cls == "STANDARD" || *cls == "INFREQUENT_ACCESS" || *cls == "DELIVERY") {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(fmt::format(
      "1 validation error detected: Value '{}' at 'logGroupClass' failed to satisfy constraint: "
      "Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]",
      *cls));
}

void WriteGroup(core::JsonWriter& json, const Call& call, const meta::LogGroupRow& g) {
  json.BeginObject();
  json.Key("logGroupName").String(g.name);
  json.Key("creationTime").Int(g.creation_ms);
  if (g.retention_days) json.Key("retentionInDays").Int(*g.retention_days);
  json.Key("metricFilterCount").Int(g.metric_filter_count);
  json.Key("arn").String(GroupArn(call, g.name, true));
  json.Key("storedBytes").Int(g.stored_bytes);
  if (g.kms_key_id) json.Key("kmsKeyId").String(*g.kms_key_id);
  json.Key("logGroupClass").String(g.log_group_class);
  json.Key("logGroupArn").String(GroupArn(call, g.name, false));
  json.EndObject();
}

// The DescribeLogGroups query from the request members.
absl::StatusOr<meta::LogGroupQuery> GroupQuery(const Call& call) {
  meta::LogGroupQuery q;
  ASSIGN_OR_RETURN(auto prefix, OptionalString(call.input, "logGroupNamePrefix"));
  ASSIGN_OR_RETURN(auto pattern, OptionalString(call.input, "logGroupNamePattern"));
  if (prefix && pattern) {
    return absl::InvalidArgumentError(
        "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
  }
  if (prefix) q.prefix = std::string(prefix->substr(0, 512));
  if (pattern) q.contains = std::string(pattern->substr(0, 512));
  ASSIGN_OR_RETURN(int64_t limit, LimitMember(call.input, "limit", 1, 50, 50));
  q.limit = static_cast<int>(limit) + 1;  // one more tells whether a next page exists
  ASSIGN_OR_RETURN(auto token, OptionalString(call.input, "nextToken"));
  if (token) {
    ASSIGN_OR_RETURN(q.after, ParseGroupToken(*token));
  }
  return q;
}

// DescribeLogGroups with logGroupIdentifiers (names or ARNs): exactly those
// groups that exist, each once, by name, read in one meta call.
absl::StatusOr<std::vector<meta::LogGroupRow>> GroupsByIdentifier(
    LogsContext& ctx, const Call& call, const std::vector<std::string_view>& ids) {
  std::vector<std::string_view> names;
  for (std::string_view id : ids) names.push_back(NameFromIdentifier(id));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<meta::LogGroupRow> rows;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    for (std::string_view name : names) {
      ASSIGN_OR_RETURN(auto group, meta::FindLogGroup(c, call.environment, name));
      if (group) rows.push_back(std::move(*group));
    }
    return absl::OkStatus();
  }));
  return rows;
}

}  // namespace

absl::StatusOr<std::string> CreateLogGroup(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, GroupNameMember(call));
  if (name.substr(0, 4) == "aws/") {
    return absl::InvalidArgumentError("Log group names starting with 'aws/' are reserved.");
  }
  ASSIGN_OR_RETURN(auto cls, OptionalString(call.input, "logGroupClass"));
  RETURN_IF_ERROR(CheckGroupClass(cls));
  ASSIGN_OR_RETURN(auto kms, OptionalString(call.input, "kmsKeyId"));
  absl::StatusOr<std::map<std::string, std::string>> tags =
      OptionalStringMap(call.input, "tags", SIZE_MAX);
  if (!tags.ok()) return tags.status();
  if (tags->size() > kMaxTags) {
    return WithAwsType(absl::InvalidArgumentError("A resource can have no more than 50 tags."),
                       "TooManyTagsException");
  }
  // One transaction: the group and its tags commit together, in one fsync.
  meta::LogGroupRow row;
  row.environment = std::string(call.environment);
  row.name = std::string(name);
  row.creation_ms = call.now_ms;
  row.min_sequence = ctx.sequences.Allocate(1);
  if (cls) row.log_group_class = std::string(*cls);
  if (kms) row.kms_key_id = std::string(*kms);
  absl::Status s =
      ctx.meta.Transact([&](meta::Connection& c) { return meta::InsertLogGroup(c, row, *tags); });
  if (absl::IsAlreadyExists(s)) {
    return absl::AlreadyExistsError("The specified log group already exists");
  }
  RETURN_IF_ERROR(s);
  return std::string("{}");
}

absl::StatusOr<std::string> DeleteLogGroup(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, GroupNameMember(call));
  RETURN_IF_ERROR(ctx.meta.Run(
      [&](meta::Connection& c) { return meta::DeleteLogGroup(c, call.environment, name); }));
  return std::string("{}");
}

absl::StatusOr<std::string> DescribeLogGroups(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(meta::LogGroupQuery q, GroupQuery(call));
  ASSIGN_OR_RETURN(auto ids, OptionalStringList(call.input, "logGroupIdentifiers", 50));
  std::vector<meta::LogGroupRow> rows;
  if (ids) {
    ASSIGN_OR_RETURN(rows, GroupsByIdentifier(ctx, call, *ids));
  } else {
    RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
      ASSIGN_OR_RETURN(rows, meta::ListLogGroups(c, call.environment, q));
      return absl::OkStatus();
    }));
  }
  const size_t limit = static_cast<size_t>(q.limit - 1);
  bool more = !ids && rows.size() > limit;
  if (more) rows.resize(limit);
  core::JsonWriter json;
  json.BeginObject().Key("logGroups").BeginArray();
  for (const auto& g : rows) WriteGroup(json, call, g);
  json.EndArray();
  if (more) json.Key("nextToken").String(EncodeGroupToken(rows.back().name));
  json.EndObject();
  return json.Release();
}

absl::StatusOr<std::string> PutRetentionPolicy(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, GroupNameMember(call));
  ASSIGN_OR_RETURN(std::optional<int64_t> days, OptionalInt(call.input, "retentionInDays"));
  if (!days) {
    return absl::InvalidArgumentError(
        "1 validation error detected: Value null at 'retentionInDays' failed to satisfy "
        "constraint: Member must not be null");
  }
  if (std::find(kRetentionDays.begin(), kRetentionDays.end(), *days) == kRetentionDays.end()) {
    return absl::InvalidArgumentError(fmt::format(
        "1 validation error detected: Value '{}' at 'retentionInDays' failed to satisfy "
        "constraint: Member must satisfy enum value set: [{}]",
        *days, fmt::join(kRetentionDays, ", ")));
  }
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) {
    return meta::SetLogGroupRetention(c, call.environment, name, static_cast<int>(*days));
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> DeleteRetentionPolicy(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, GroupNameMember(call));
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) {
    return meta::SetLogGroupRetention(c, call.environment, name, std::nullopt);
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> ListTagsLogGroup(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, GroupNameMember(call));
  RETURN_IF_ERROR(LoadGroup(ctx, call.environment, name).status());
  std::map<std::string, std::string> tags;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(tags, meta::ListLogGroupTags(c, call.environment, name));
    return absl::OkStatus();
  }));
  core::JsonWriter json;
  json.BeginObject().Key("tags").BeginObject();
  for (const auto& [k, v] : tags) json.Key(k).String(v);
  json.EndObject().EndObject();
  return json.Release();
}

}  // namespace waggle::api::cloudwatch
