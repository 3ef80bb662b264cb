// GetLogEvents: one stream's events in pages, forward or backward.
//
// Tokens are positions: "f/K" asks for events after K, "b/K" for events
// before K. A page [first..last] answers f/last and b/first; an empty page
// hands the caller's token back unchanged, which is how clients know they
// reached the end (specs/cloudwatch-logs.md §5).
#include <algorithm>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "api/cloudwatch/read_support.h"

namespace waggle::api::cloudwatch {
namespace {

struct Target {
  meta::LogGroupRow group;
  meta::LogStreamRow stream;
};

absl::StatusOr<Target> LoadTarget(LogsContext& ctx, const Call& call, const std::string& group,
                                  std::string_view stream) {
  Target t;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto g, meta::FindLogGroup(c, call.environment, group));
    if (!g) return absl::NotFoundError(std::string(kNoSuchGroup));
    ASSIGN_OR_RETURN(auto s, meta::FindLogStream(c, call.environment, group, stream));
    if (!s) return absl::NotFoundError(std::string(kNoSuchStream));
    t.group = std::move(*g);
    t.stream = std::move(*s);
    return absl::OkStatus();
  }));
  return t;
}

// The position just after / just before `k`, for the opposite token of an
// empty page (so it still covers everything on its side of `k`).
EventKey JustAfter(EventKey k) {
  if (k.sequence < INT64_MAX) return {k.timestamp_ms, k.sequence + 1};
  return {k.timestamp_ms + 1, 0};
}
EventKey JustBefore(EventKey k) {
  if (k.sequence > 0) return {k.timestamp_ms, k.sequence - 1};
  if (k.timestamp_ms > 0) return {k.timestamp_ms - 1, INT64_MAX};
  return k;
}

// Reads the scan's events, keeping at most 1 MB from the side the page
// starts at (the oldest when forward, the newest when backward).
absl::StatusOr<std::vector<LogEvent>> ReadPage(EventScan& scan, bool forward) {
  std::vector<LogEvent> events;
  size_t bytes = 0;
  for (size_t k = 0; k < scan.size(); ++k) {
    size_t i = forward ? k : scan.size() - 1 - k;
    ASSIGN_OR_RETURN(LogEvent e, scan.Read(i));
    bytes += e.message.size() + kEventOverhead;
    if (bytes > kMaxPageBytes && !events.empty()) break;
    events.push_back(std::move(e));
  }
  if (!forward) std::reverse(events.begin(), events.end());
  return events;
}

std::pair<StreamToken, StreamToken> PageTokens(const std::vector<LogEvent>& events,
                                               const std::optional<StreamToken>& given) {
  using D = Direction;
  if (!events.empty()) {
    return {{D::kForward, events.back().key}, {D::kBackward, events.front().key}};
  }
  if (!given) return {{D::kForward, {}}, {D::kBackward, {}}};
  if (given->direction == D::kForward) return {*given, {D::kBackward, JustAfter(given->key)}};
  return {{D::kForward, JustBefore(given->key)}, *given};
}

}  // namespace

absl::StatusOr<std::string> GetLogEvents(LogsContext& ctx, const Call& call) {
  ASSIGN_OR_RETURN(std::string group, GroupFromNameOrIdentifier(call.input, true));
  ASSIGN_OR_RETURN(std::string_view stream, RequiredString(call.input, "logStreamName"));
  RETURN_IF_ERROR(ValidateStreamName("logStreamName", stream));
  ASSIGN_OR_RETURN(int64_t limit, LimitMember(call.input, "limit", 1, 10'000, 10'000));
  ASSIGN_OR_RETURN(bool from_head, OptionalBool(call.input, "startFromHead", false));
  ASSIGN_OR_RETURN(auto token_text, OptionalString(call.input, "nextToken"));
  std::optional<StreamToken> token;
  if (token_text) {
    ASSIGN_OR_RETURN(token, ParseStreamToken(*token_text));
  }
  ASSIGN_OR_RETURN(Target t, LoadTarget(ctx, call, group, stream));

  ScanSpec spec;
  spec.environment = std::string(call.environment);
  spec.group = group;
  spec.streams.emplace(std::string(stream), t.stream.min_sequence);
  spec.min_timestamp_ms = RetentionHorizonMs(t.group.retention_days, call.now_ms);
  RETURN_IF_ERROR(ReadTimeRange(call, /*end_exclusive=*/true, &spec));
  bool forward = token ? token->direction == Direction::kForward : from_head;
  if (token) (forward ? spec.after : spec.before) = token->key;
  spec.newest = !forward;
  spec.max_candidates = static_cast<size_t>(limit);
  ASSIGN_OR_RETURN(EventScan scan, EventScan::Run(ctx.store.Snapshot(), spec));
  ASSIGN_OR_RETURN(std::vector<LogEvent> events, ReadPage(scan, forward));

  auto [next_forward, next_backward] = PageTokens(events, token);
  core::JsonWriter json;
  json.BeginObject().Key("events").BeginArray();
  for (const LogEvent& e : events) WriteEvent(json, e, /*filter_fields=*/false);
  json.EndArray();
  json.Key("nextForwardToken").String(EncodeStreamToken(next_forward));
  json.Key("nextBackwardToken").String(EncodeStreamToken(next_backward));
  json.EndObject();
  return json.Release();
}

}  // namespace waggle::api::cloudwatch
