// CreateLogStream, DeleteLogStream and DescribeLogStreams.
#include <fmt/format.h>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "api/cloudwatch/tokens.h"
#include "core/json_writer.h"

namespace waggle::api::cloudwatch {
namespace {

struct StreamName {
  std::string_view group;
  std::string_view stream;
};

absl::StatusOr<StreamName> NamesMember(const Call& call) {
  StreamName n;
  ASSIGN_OR_RETURN(n.group, RequiredString(call.input, "logGroupName"));
  RETURN_IF_ERROR(ValidateGroupName("logGroupName", n.group));
  ASSIGN_OR_RETURN(n.stream, RequiredString(call.input, "logStreamName"));
  RETURN_IF_ERROR(ValidateStreamName("logStreamName", n.stream));
  return n;
}

void WriteStream(core::JsonWriter& json, const Call& call, const meta::LogStreamRow& s) {
  json.BeginObject();
  json.Key("logStreamName").String(s.name);
  json.Key("creationTime").Int(s.creation_ms);
  if (s.first_event_ms) json.Key("firstEventTimestamp").Int(*s.first_event_ms);
  if (s.last_event_ms) json.Key("lastEventTimestamp").Int(*s.last_event_ms);
  if (s.last_ingestion_ms) json.Key("lastIngestionTime").Int(*s.last_ingestion_ms);
  if (s.upload_count > 0)
    json.Key("uploadSequenceToken").String(fmt::format("{:056d}", s.upload_count));
  json.Key("arn").String(
      fmt::format("{}:log-stream:{}", GroupArn(call, s.group_name, false), s.name));
  json.Key("storedBytes").Int(0);  // deprecated; AWS always reports 0
  json.EndObject();
}

// The DescribeLogStreams query from the request members.
absl::StatusOr<meta::LogStreamQuery> StreamQuery(const Call& call) {
  meta::LogStreamQuery q;
  ASSIGN_OR_RETURN(auto prefix, OptionalString(call.input, "logStreamNamePrefix"));
  if (prefix) q.prefix = std::string(prefix->substr(0, 512));
  ASSIGN_OR_RETURN(auto order, OptionalString(call.input, "orderBy"));
  if (order && *order != "LogStreamName" && *order != "LastEventTime") {
    return absl::InvalidArgumentError(fmt::format(
        "1 validation error detected: Value '{}' at 'orderBy' failed to satisfy constraint: "
        "Member must satisfy enum value set: [LogStreamName, LastEventTime]",
        order->substr(0, 64)));
  }
  q.by_last_event = order && *order == "LastEventTime";
  if (q.by_last_event && !q.prefix.empty()) {
    return absl::InvalidArgumentError("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  ASSIGN_OR_RETURN(q.descending, OptionalBool(call.input, "descending", false));
  ASSIGN_OR_RETURN(int64_t limit, LimitMember(call.input, "limit", 1, 50, 50));
  q.limit = static_cast<int>(limit) + 1;  // one more tells whether a next page exists
  ASSIGN_OR_RETURN(auto token, OptionalString(call.input, "nextToken"));
  if (token) {
    ASSIGN_OR_RETURN(q.after, ParseStreamListToken(*token));
  }
  return q;
}

}  // namespace

absl::StatusOr<std::string> CreateLogStream(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(StreamName n, NamesMember(call));
  meta::LogStreamRow row;
  row.environment = std::string(call.environment);
  row.group_name = std::string(n.group);
  row.name = std::string(n.stream);
  row.creation_ms = call.now_ms;
  row.min_sequence = ctx.sequences.Allocate(1);
  RETURN_IF_ERROR(ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto group, meta::FindLogGroup(c, call.environment, n.group));
    if (!group) return absl::NotFoundError(std::string(kNoSuchGroup));
    absl::Status s = meta::InsertLogStream(c, row);
    if (absl::IsAlreadyExists(s)) {
      return absl::AlreadyExistsError("The specified log stream already exists");
    }
    return s;
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> DeleteLogStream(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(StreamName n, NamesMember(call));
  RETURN_IF_ERROR(ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto group, meta::FindLogGroup(c, call.environment, n.group));
    if (!group) return absl::NotFoundError(std::string(kNoSuchGroup));
    return meta::DeleteLogStream(c, call.environment, n.group, n.stream);
  }));
  return std::string("{}");
}

absl::StatusOr<std::string> DescribeLogStreams(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromNameOrIdentifier(call.input, true));
  ASSIGN_OR_RETURN(meta::LogStreamQuery q, StreamQuery(call));
  std::vector<meta::LogStreamRow> rows;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto found, meta::FindLogGroup(c, call.environment, group));
    if (!found) return absl::NotFoundError(std::string(kNoSuchGroup));
    ASSIGN_OR_RETURN(rows, meta::ListLogStreams(c, call.environment, group, q));
    return absl::OkStatus();
  }));
  const size_t limit = static_cast<size_t>(q.limit - 1);
  bool more = rows.size() > limit;
  if (more) rows.resize(limit);
  core::JsonWriter json;
  json.BeginObject().Key("logStreams").BeginArray();
  for (const auto& s : rows) WriteStream(json, call, s);
  json.EndArray();
  if (more) {
    const meta::LogStreamRow& last = rows.back();
    int64_t key = q.by_last_event ? last.last_event_ms.value_or(0) : 0;
    json.Key("nextToken").String(EncodeStreamListToken(key, last.name));
  }
  json.EndObject();
  return json.Release();
}

}  // namespace waggle::api::cloudwatch
