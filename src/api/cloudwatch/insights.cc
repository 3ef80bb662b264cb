// Logs Insights (specs/cloudwatch-logs.md §5, §7): StartQuery runs the
// query (lang/cw_insights) over the stored events of its log groups at
// once and keeps the result; GetQueryResults, StopQuery and
// DescribeQueries read what was kept (InsightsQueries).
#include <fmt/format.h>

#include <random>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "core/json_writer.h"
#include "ingest/cloudwatch/log_events_record.h"
#include "lang/cw_insights/query.h"
#include "lang/cw_insights/run.h"
#include "query/traces/rows.h"
#include "store/head/schema.h"

namespace waggle::api::cloudwatch {
namespace {

using store::ColumnType;
constexpr int64_t kNsPerMs = 1'000'000;
constexpr size_t kMaxGroupsPerQuery = 50;

std::string NewQueryId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string hex = fmt::format("{:016x}{:016x}", rng(), rng());
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

// The log groups a StartQuery names: logGroupName, logGroupNames or
// logGroupIdentifiers, exactly one of them.
absl::StatusOr<std::vector<std::string>> QueryGroups(const Call& call) {
  ASSIGN_OR_RETURN(auto one, OptionalString(call.input, "logGroupName"));
  ASSIGN_OR_RETURN(auto names, OptionalStringList(call.input, "logGroupNames", kMaxGroupsPerQuery));
  ASSIGN_OR_RETURN(auto ids,
                   OptionalStringList(call.input, "logGroupIdentifiers", kMaxGroupsPerQuery));
  if (int(one.has_value()) + int(names.has_value()) + int(ids.has_value()) != 1) {
    return absl::InvalidArgumentError(
        "Exactly one of logGroupName, logGroupNames and logGroupIdentifiers is required");
  }
  std::vector<std::string> groups;
  if (one) groups.emplace_back(*one);
  for (std::string_view n : names.value_or(std::vector<std::string_view>{})) groups.emplace_back(n);
  for (std::string_view i : ids.value_or(std::vector<std::string_view>{})) {
    groups.emplace_back(NameFromIdentifier(i));
  }
  if (groups.empty()) return absl::InvalidArgumentError("Name at least one log group");
  return groups;
}

// Feeds the events of `group` in [from_ms, to_ms] to `runner`.
absl::Status FeedGroup(LogsContext& ctx, std::string_view environment, const std::string& group,
                       int64_t from_ms, int64_t to_ms, lang::cw_insights::QueryRunner& runner) {
  const std::string stream_col = fmt::format("a:{}", ingest::cloudwatch::kStreamAttr);
  const std::string ingest_col = fmt::format("a:{}", ingest::cloudwatch::kIngestionTimeAttr);
  for (const store::TableSnapshot& t : ctx.store.Snapshot()) {
    if (t.id.kind != store::TableKind::kLogs || t.id.environment != environment ||
        t.id.dataset != group) {
      continue;
    }
    for (const auto& part : t.parts) {
      if (part->max_time_ns() < from_ms * kNsPerMs || part->min_time_ns() > to_ms * kNsPerMs) {
        continue;
      }
      ASSIGN_OR_RETURN(auto time,
                       query::ReadColumn(*part, store::schema::kTimestamp, ColumnType::kInt64));
      ASSIGN_OR_RETURN(auto body,
                       query::ReadColumn(*part, store::schema::kBody, ColumnType::kString));
      ASSIGN_OR_RETURN(auto stream, query::ReadColumn(*part, stream_col, ColumnType::kString));
      ASSIGN_OR_RETURN(auto ingest, query::ReadColumn(*part, ingest_col, ColumnType::kInt64));
      if (time == nullptr || body == nullptr) continue;
      for (uint32_t r = 0; r < time->rows; ++r) {
        int64_t ms = time->ints[r] / kNsPerMs;
        if (ms < from_ms || ms > to_ms || !body->IsPresent(r)) continue;
        lang::cw_insights::LogEvent e;
        e.timestamp_ms = ms;
        e.message = body->StringAt(r);
        e.group = group;
        if (stream != nullptr && stream->IsPresent(r)) e.stream = stream->StringAt(r);
        if (ingest != nullptr && ingest->IsPresent(r)) e.ingestion_ms = ingest->ints[r];
        runner.Add(e);
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<InsightsQuery> FindQuery(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string_view id, RequiredString(call.input, "queryId"));
  std::optional<InsightsQuery> q = ctx.queries.Get(call.environment, id);
  if (!q) return absl::NotFoundError("The specified query does not exist.");
  return std::move(*q);
}

}  // namespace

absl::StatusOr<std::string> StartQuery(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::vector<std::string> groups, QueryGroups(call));
  ASSIGN_OR_RETURN(std::string_view text, RequiredString(call.input, "queryString"));
  ASSIGN_OR_RETURN(auto start, OptionalInt(call.input, "startTime"));
  ASSIGN_OR_RETURN(auto end, OptionalInt(call.input, "endTime"));
  if (!start || !end || *start < 0 || *end < *start || *end > INT64_MAX / 1'000'000'000) {
    return absl::InvalidArgumentError(
        "startTime and endTime (epoch seconds, start <= end) are required");
  }
  ASSIGN_OR_RETURN(int64_t limit, LimitMember(call.input, "limit", 1, 10'000, 10'000));
  absl::StatusOr<lang::cw_insights::Query> parsed = lang::cw_insights::ParseQuery(text);
  if (!parsed.ok()) {
    return WithAwsType(absl::InvalidArgumentError(std::string(parsed.status().message())),
                       "MalformedQueryException");
  }
  if (!parsed->limit || *parsed->limit > limit) parsed->limit = limit;
  for (const std::string& g : groups) RETURN_IF_ERROR(LoadGroup(ctx, call.environment, g).status());
  lang::cw_insights::QueryRunner runner(*parsed);
  for (const std::string& g : groups) {
    RETURN_IF_ERROR(FeedGroup(ctx, call.environment, g, *start * 1000, *end * 1000 + 999, runner));
  }
  InsightsQuery q;
  q.id = NewQueryId();
  q.environment = std::string(call.environment);
  q.query_string = std::string(text);
  q.log_group = groups.front();
  q.create_ms = ctx.clock.NowNanos() / kNsPerMs;
  q.result = runner.Finish();
  std::string reply = fmt::format("{{\"queryId\":\"{}\"}}", q.id);
  ctx.queries.Put(std::move(q), ctx.clock.NowNanos() / kNsPerMs);
  return reply;
}

absl::StatusOr<std::string> GetQueryResults(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(InsightsQuery q, FindQuery(ctx, call));
  core::JsonWriter w;
  w.BeginObject().Key("queryLanguage").String("CWLI").Key("results").BeginArray();
  for (const auto& row : q.result.rows) {
    w.BeginArray();
    for (const auto& f : row)
      w.BeginObject().Key("field").String(f.field).Key("value").String(f.value).EndObject();
    w.EndArray();
  }
  w.EndArray().Key("statistics").BeginObject();
  w.Key("recordsMatched").Double(static_cast<double>(q.result.records_matched));
  w.Key("recordsScanned").Double(static_cast<double>(q.result.records_scanned));
  w.Key("bytesScanned").Double(static_cast<double>(q.result.bytes_scanned));
  w.EndObject().Key("status").String(q.status).EndObject();
  return w.Release();
}

absl::StatusOr<std::string> StopQuery(LogsContext& ctx, const Call& call) {
  RETURN_IF_ERROR(FindQuery(ctx, call).status());
  return absl::InvalidArgumentError("The query is not running: it has completed.");
}

absl::StatusOr<std::string> DescribeQueries(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(int64_t max, LimitMember(call.input, "maxResults", 1, 1000, 1000));
  ASSIGN_OR_RETURN(auto group, OptionalString(call.input, "logGroupName"));
  core::JsonWriter w;
  w.BeginObject().Key("queries").BeginArray();
  for (const InsightsQuery& q : ctx.queries.List(call.environment, static_cast<size_t>(max))) {
    if (group && q.log_group != *group) continue;
    w.BeginObject().Key("queryId").String(q.id).Key("queryString").String(q.query_string);
    w.Key("status").String(q.status).Key("createTime").Int(q.create_ms);
    w.Key("logGroupName").String(q.log_group).Key("queryLanguage").String("CWLI").EndObject();
  }
  w.EndArray().EndObject();
  return w.Release();
}

}  // namespace waggle::api::cloudwatch
