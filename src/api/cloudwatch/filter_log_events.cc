// FilterLogEvents: a group's events across streams, in position order,
// matching a filter pattern. Candidates are scanned in rounds of at most
// kRoundCandidates positions; a page ends at `limit` events, 1 MB, or after
// kMaxExamined candidates (a short page with a nextToken, as AWS does).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "api/cloudwatch/read_support.h"
#include "lang/cw_filter_pattern/filter_pattern.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr size_t kRoundCandidates = 10'000;
constexpr size_t kMaxExamined = 1'000'000;
constexpr size_t kMaxStreamNames = 100;

// The visible streams the request selects: logStreamNames xor logStreamNamePrefix.
absl::Status SelectStreams(LogsContext& ctx, const Call& call, ScanSpec* spec) {
  ASSIGN_OR_RETURN(auto names, OptionalStringList(call.input, "logStreamNames", kMaxStreamNames));
  ASSIGN_OR_RETURN(auto prefix, OptionalString(call.input, "logStreamNamePrefix"));
  if (names && prefix) {
    return absl::InvalidArgumentError(
        "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  }
  // A set, not the optional vector: lookups are logarithmic, and g++ 12 at
  // -O3 misreads the optional's lifetime (-Wmaybe-uninitialized).
  const bool by_name = names.has_value();
  std::set<std::string_view> wanted;
  if (by_name) wanted.insert(names->begin(), names->end());
  std::map<std::string, int64_t> visible;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(visible, meta::LogStreamVisibility(c, call.environment, spec->group));
    return absl::OkStatus();
  }));
  for (auto& [name, min_sequence] : visible) {
    if (prefix && std::string_view(name).substr(0, prefix->size()) != *prefix) continue;
    if (by_name && !wanted.contains(name)) continue;
    spec->streams.emplace(name, min_sequence);
  }
  return absl::OkStatus();
}

absl::StatusOr<lang::cw::FilterPattern> PatternMember(const Call& call) {
  ASSIGN_OR_RETURN(auto text, OptionalString(call.input, "filterPattern"));
  if (!text) return lang::cw::FilterPattern();
  absl::StatusOr<lang::cw::FilterPattern> p = lang::cw::FilterPattern::Parse(*text);
  if (!p.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("Invalid filter pattern: {}", p.status().message()));
  }
  return p;
}

struct Page {
  std::vector<LogEvent> events;
  std::optional<EventKey> resume_after;  // set when the page is not the last
};

// Fills `page` from one scan round; returns true when the page is complete.
absl::StatusOr<bool> TakeMatches(EventScan& scan, const lang::cw::FilterPattern& pattern,
                                 size_t limit, size_t* bytes, Page* page) {
  for (size_t i = 0; i < scan.size(); ++i) {
    ASSIGN_OR_RETURN(std::string_view message, scan.Message(i));
    if (!pattern.Matches(message)) continue;
    // A page holds at least one event, even one over 1 MB (rows other
    // protocols stored in the group's dataset are not bounded by PutLogEvents).
    if (page->events.size() == limit ||
        (!page->events.empty() && *bytes + message.size() + kEventOverhead > kMaxPageBytes)) {
      page->resume_after = page->events.back().key;
      return true;
    }
    *bytes += message.size() + kEventOverhead;
    ASSIGN_OR_RETURN(LogEvent e, scan.Read(i));
    page->events.push_back(std::move(e));
  }
  return false;
}

absl::StatusOr<Page> Collect(LogsContext& ctx, ScanSpec& spec,
                             const lang::cw::FilterPattern& pattern, size_t limit) {
  Page page;
  size_t bytes = 0;
  size_t examined = 0;
  spec.max_candidates = kRoundCandidates;
  while (true) {
    ASSIGN_OR_RETURN(EventScan scan, EventScan::Run(ctx.store.Snapshot(), spec));
    ASSIGN_OR_RETURN(bool full, TakeMatches(scan, pattern, limit, &bytes, &page));
    if (full || !scan.truncated() || scan.size() == 0) return page;
    spec.after = scan.key(scan.size() - 1);
    examined += scan.size();
    if (examined >= kMaxExamined) {
      page.resume_after = spec.after;
      return page;
    }
  }
}

}  // namespace

absl::StatusOr<std::string> FilterLogEvents(LogsContext& ctx, const Call& call) {
  ScanSpec spec;
  spec.environment = std::string(call.environment);
  ASSIGN_OR_RETURN(spec.group, GroupFromNameOrIdentifier(call.input, true));
  ASSIGN_OR_RETURN(int64_t limit, LimitMember(call.input, "limit", 1, 10'000, 10'000));
  ASSIGN_OR_RETURN(lang::cw::FilterPattern pattern, PatternMember(call));
  ASSIGN_OR_RETURN(auto token, OptionalString(call.input, "nextToken"));
  if (token) {
    ASSIGN_OR_RETURN(spec.after, ParseFilterToken(*token));
  }
  ASSIGN_OR_RETURN(meta::LogGroupRow group, LoadGroup(ctx, call.environment, spec.group));
  spec.min_timestamp_ms = RetentionHorizonMs(group.retention_days, call.now_ms);
  RETURN_IF_ERROR(ReadTimeRange(call, /*end_exclusive=*/false, &spec));
  RETURN_IF_ERROR(SelectStreams(ctx, call, &spec));
  Page page;
  if (!spec.streams.empty()) {
    ASSIGN_OR_RETURN(page, Collect(ctx, spec, pattern, static_cast<size_t>(limit)));
  }
  core::JsonWriter json;
  json.BeginObject().Key("events").BeginArray();
  for (const LogEvent& e : page.events) WriteEvent(json, e, /*filter_fields=*/true);
  json.EndArray();
  json.Key("searchedLogStreams").BeginArray().EndArray();
  if (page.resume_after) json.Key("nextToken").String(EncodeFilterToken(*page.resume_after));
  json.EndObject();
  return json.Release();
}

}  // namespace waggle::api::cloudwatch
