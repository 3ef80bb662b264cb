// Tagging (specs/cloudwatch-logs.md §5): TagResource, UntagResource and
// ListTagsForResource on log group ARNs, and the legacy TagLogGroup and
// UntagLogGroup by name. One tag set per log group, shared with
// CreateLogGroup's `tags` and ListTagsLogGroup.
#include <fmt/format.h>

#include <map>
#include <vector>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "core/json_writer.h"

namespace waggle::api::cloudwatch {
namespace {

using TagMap = std::map<std::string, std::string>;

constexpr size_t kMaxTags = 50;
constexpr size_t kMaxArnChars = 1011;
constexpr std::string_view kNoSuchResource = "The specified resource does not exist.";

absl::Status Invalid(std::string_view detail) {
  return absl::InvalidArgumentError(fmt::format("1 validation error detected: {}", detail));
}

// ASCII characters a tag key or value may hold ([\p{L}\p{Z}\p{N}_.:/=+\-@]);
// any non-ASCII character is taken as a letter.
bool IsTagChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80 || c == ' ' || c == '_' || c == '.' || c == ':' ||
         c == '/' || c == '=' || c == '+' || c == '-' || c == '@';
}

absl::Status CheckTagText(std::string_view member, std::string_view text) {
  for (char c : text) {
    if (!IsTagChar(c)) {
      return Invalid(fmt::format(
          "Value '{}' at '{}' failed to satisfy constraint: Member must satisfy regular "
          "expression pattern: ^([\\p{{L}}\\p{{Z}}\\p{{N}}_.:/=+\\-@]*)$",
          text.substr(0, 256), member));
    }
  }
  return absl::OkStatus();
}

bool IsReservedKey(std::string_view key) {
  if (key.size() < 4) return false;
  return (key[0] == 'a' || key[0] == 'A') && (key[1] == 'w' || key[1] == 'W') &&
         (key[2] == 's' || key[2] == 'S') && key[3] == ':';
}

// The `tags` map of a tagging write: 1-50 valid entries, no reserved keys.
absl::StatusOr<TagMap> TagsMember(const Call& call) {
  ASSIGN_OR_RETURN(TagMap tags, OptionalStringMap(call.input, "tags", SIZE_MAX));
  if (tags.empty()) {
    return Invalid(
        "Value at 'tags' failed to satisfy constraint: Member must have length greater than or "
        "equal to 1");
  }
  for (const auto& [key, value] : tags) {
    RETURN_IF_ERROR(CheckTagText("tags.key", key));
    RETURN_IF_ERROR(CheckTagText("tags.value", value));
    if (IsReservedKey(key)) {
      return absl::InvalidArgumentError(
          fmt::format("Tag keys beginning with 'aws:' are reserved for AWS use: '{}'", key));
    }
  }
  return tags;
}

// A list of tag keys (`member`), each 1-128 characters; at least `min_items`.
absl::StatusOr<std::vector<std::string>> TagKeysMember(const Call& call, std::string_view member,
                                                       size_t min_items) {
  ASSIGN_OR_RETURN(auto keys, OptionalStringList(call.input, member, kMaxTags));
  if (!keys) {
    return Invalid(fmt::format(
        "Value null at '{}' failed to satisfy constraint: Member must not be null", member));
  }
  if (keys->size() < min_items) {
    return Invalid(fmt::format(
        "Value at '{}' failed to satisfy constraint: Member must have length greater than or "
        "equal to {}",
        member, min_items));
  }
  std::vector<std::string> out;
  for (std::string_view key : *keys) {
    if (key.empty() || key.size() > 128) {
      return Invalid(fmt::format(
          "Value at '{}' failed to satisfy constraint: Member must have length between 1 and 128",
          member));
    }
    RETURN_IF_ERROR(CheckTagText(member, key));
    out.emplace_back(key);
  }
  return out;
}

absl::StatusOr<std::string_view> GroupNameMember(const Call& call) {
  ASSIGN_OR_RETURN(std::string_view name, RequiredString(call.input, "logGroupName"));
  RETURN_IF_ERROR(ValidateGroupName("logGroupName", name));
  return name;
}

// The log group `resourceArn` names: arn:<partition>:logs:<region>:<account>:
// log-group:<name>, with or without a trailing ":*". A malformed ARN is
// InvalidParameter; another resource type, region or account is NotFound.
absl::StatusOr<std::string> GroupFromArn(const Call& call) {
  ASSIGN_OR_RETURN(std::string_view arn, RequiredString(call.input, "resourceArn"));
  if (arn.empty() || arn.size() > kMaxArnChars) {
    return Invalid(
        "Value at 'resourceArn' failed to satisfy constraint: Member must have length between 1 "
        "and 1011");
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (int i = 0; i < 6; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) break;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts.size() != 6 || parts[0] != "arn" || parts[1].substr(0, 3) != "aws") {
    return absl::InvalidArgumentError(fmt::format("Invalid ARN: '{}'", arn.substr(0, 256)));
  }
  if (parts[2] != "logs") {
    return absl::InvalidArgumentError(
        fmt::format("The ARN '{}' is not a CloudWatch Logs resource.", arn.substr(0, 256)));
  }
  if (parts[5] != "log-group" || parts[3] != call.region || parts[4] != call.account_id) {
    return absl::NotFoundError(std::string(kNoSuchResource));
  }
  std::string_view name = arn.substr(start);
  if (name.size() >= 2 && name.substr(name.size() - 2) == ":*") name.remove_suffix(2);
  RETURN_IF_ERROR(ValidateGroupName("resourceArn", name));
  return std::string(name);
}

// Adds `tags` to the group, keeping at most 50: beyond, the error has AWS
// type `too_many_type`.
absl::Status AddTags(LogsContext& ctx, const Call& call, std::string_view group, const TagMap& tags,
                     std::string_view too_many_type) {
  return ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, meta::FindLogGroup(c, call.environment, group));
    if (!row) return absl::NotFoundError(std::string(kNoSuchGroup));
    ASSIGN_OR_RETURN(TagMap merged, meta::ListLogGroupTags(c, call.environment, group));
    for (const auto& [key, value] : tags) merged[key] = value;
    if (merged.size() > kMaxTags) {
      return WithAwsType(absl::InvalidArgumentError(
                             fmt::format("A resource can have no more than {} tags.", kMaxTags)),
                         too_many_type);
    }
    return meta::PutLogGroupTags(c, call.environment, group, tags);
  });
}

absl::Status RemoveTags(LogsContext& ctx, const Call& call, std::string_view group,
                        const std::vector<std::string>& keys) {
  return ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, meta::FindLogGroup(c, call.environment, group));
    if (!row) return absl::NotFoundError(std::string(kNoSuchGroup));
    return meta::DeleteLogGroupTags(c, call.environment, group, keys);
  });
}

}  // namespace

absl::StatusOr<std::string> TagResource(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromArn(call));
  ASSIGN_OR_RETURN(TagMap tags, TagsMember(call));
  RETURN_IF_ERROR(AddTags(ctx, call, group, tags, "TooManyTagsException"));
  return std::string("{}");
}

absl::StatusOr<std::string> UntagResource(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromArn(call));
  ASSIGN_OR_RETURN(auto keys, TagKeysMember(call, "tagKeys", 0));
  RETURN_IF_ERROR(RemoveTags(ctx, call, group, keys));
  return std::string("{}");
}

absl::StatusOr<std::string> ListTagsForResource(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromArn(call));
  std::optional<TagMap> tags;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, meta::FindLogGroup(c, call.environment, group));
    if (!row) return absl::OkStatus();
    ASSIGN_OR_RETURN(tags, meta::ListLogGroupTags(c, call.environment, group));
    return absl::OkStatus();
  }));
  if (!tags) return absl::NotFoundError(std::string(kNoSuchGroup));
  core::JsonWriter json;
  json.BeginObject().Key("tags").BeginObject();
  for (const auto& [k, v] : *tags) json.Key(k).String(v);
  json.EndObject().EndObject();
  return json.Release();
}

absl::StatusOr<std::string> TagLogGroup(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view group, GroupNameMember(call));
  ASSIGN_OR_RETURN(TagMap tags, TagsMember(call));
  // The legacy operation's model has no TooManyTagsException.
  RETURN_IF_ERROR(AddTags(ctx, call, group, tags, "InvalidParameterException"));
  return std::string("{}");
}

absl::StatusOr<std::string> UntagLogGroup(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view group, GroupNameMember(call));
  ASSIGN_OR_RETURN(auto keys, TagKeysMember(call, "tags", 1));
  RETURN_IF_ERROR(RemoveTags(ctx, call, group, keys));
  return std::string("{}");
}

}  // namespace waggle::api::cloudwatch
