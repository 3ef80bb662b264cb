// The X-Ray reads built on the service graph and the sampling statistics:
// GetTraceGraph, GetTimeSeriesServiceStatistics and
// GetSamplingStatisticSummaries (specs/xray.md §4, §6).
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "api/xray/documents.h"
#include "api/xray/graph_scan.h"
#include "api/xray/replies.h"
#include "api/xray/request_members.h"
#include "api/xray/service_graph.h"
#include "api/xray/summaries.h"
#include "api/xray/time_series.h"
#include "api/xray/xray_api.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "ingest/xray/trace_id.h"
#include "query/traces/trace_reads.h"
#include "store/head/schema.h"

namespace waggle::api::xray {
namespace {

using net::http::Response;
using Json = simdjson::dom::element;

constexpr size_t kMaxTraceGraphIds = 100;
// Under a group's filter expression the time series reads whole traces: at
// most this many over the range, the most recent first.
constexpr size_t kMaxTimeSeriesTraces = 100'000;
constexpr size_t kTracesPerRead = 500;  // traces whose spans are read in one pass
constexpr int64_t kNanos = 1'000'000'000;

// True when `key` is absent or null.
bool Absent(Json body, const char* key) {
  Json v;
  return body[key].get(v) || v.is_null();
}

// The optional string member `key` (1..max_len bytes) into `out`; an error
// reply when it has another type or length.
std::optional<Response> OptionalString(Json body, const char* key, size_t max_len,
                                       std::string_view* out) {
  if (Absent(body, key)) return std::nullopt;
  if (body[key].get_string().get(*out) || out->empty() || out->size() > max_len) {
    return Invalid(fmt::format("{} must be a string of 1 to {} characters", key, max_len));
  }
  return std::nullopt;
}

// Adds each trace of `environment` that starts in [first, first + count *
// period) seconds and matches `filter` to the graph of the period it starts
// in (`graphs`, by period start). Each trace is read once. Errors are the
// store's.
absl::Status AddFilteredTraces(const std::vector<store::TableSnapshot>& tables,
                               std::string_view environment, int64_t first, int64_t period,
                               size_t count, const lang::xray::FilterExpression& filter,
                               std::map<int64_t, ServiceGraph>* graphs) {
  query::TraceFilter tf;
  tf.environment = std::string(environment);
  tf.start_ns = first * kNanos;
  tf.end_ns = (first + static_cast<int64_t>(count) * period) * kNanos;
  tf.limit = kMaxTimeSeriesTraces;
  ASSIGN_OR_RETURN(std::vector<query::TraceSummary> candidates, query::RecentTraces(tables, tf));
  for (size_t i = 0; i < candidates.size(); i += kTracesPerRead) {
    std::vector<model::TraceId> ids;
    std::vector<int64_t> starts;
    for (size_t k = i; k < std::min(candidates.size(), i + kTracesPerRead); ++k) {
      ids.push_back(candidates[k].trace_id);
      starts.push_back(candidates[k].start_ns);
    }
    ASSIGN_OR_RETURN(auto traces, ReadTraces(tables, environment, ids));
    for (size_t k = 0; k < traces.size(); ++k) {
      if (traces[k].empty()) continue;
      lang::xray::TraceFacts facts = TraceFactsOf(traces[k]);
      if (!filter.Matches(facts)) continue;
      int64_t s = starts[k] / kNanos;
      (*graphs)[s - ((s - first) % period)].Add(facts);
    }
  }
  return absl::OkStatus();
}

// Writes the time-series entry of period `start` when what `selector`
// names has requests in `graph`.
absl::Status WritePeriod(int64_t start, int64_t period, const ServiceGraph& graph,
                         const EntitySelector& selector, simdjson::dom::parser& parser,
                         core::JsonWriter& w) {
  if (graph.nodes() == 0) return absl::OkStatus();
  core::JsonWriter services;
  graph.WriteServices(static_cast<double>(start), static_cast<double>(start + period), services);
  simdjson::dom::array nodes;
  if (parser.parse(services.str()).get_array().get(nodes)) {
    return absl::InternalError("unreadable service graph");
  }
  EntityStats stats = SelectEntityStats(nodes, selector);
  if (stats.total == 0) return absl::OkStatus();
  w.BeginObject().Key("Timestamp").Int(start);
  w.Key(selector.kind == EntitySelector::Kind::kService ? "ServiceSummaryStatistics"
                                                        : "EdgeSummaryStatistics");
  stats.WriteSummary(w);
  w.Key("ResponseTimeHistogram");
  stats.WriteHistogram(w);
  w.EndObject();
  return absl::OkStatus();
}

}  // namespace

Response XrayApi::GetTraceGraph(Json body, const Caller& who) const {
  simdjson::dom::array list;
  if (body["TraceIds"].get_array().get(list)) return Invalid("TraceIds is required");
  if (list.size() > kMaxTraceGraphIds) return Invalid("at most 100 TraceIds per call");
  if (!Absent(body, "NextToken")) return Invalid("the NextToken is invalid");
  std::vector<model::TraceId> ids;
  for (Json v : list) {
    std::string_view text;
    if (v.get_string().get(text)) return Invalid("TraceIds must hold strings");
    std::optional<model::TraceId> id = ingest::xray::ParseXrayTraceId(text);
    if (!id) id = model::IdFromHex<16>(text);  // a W3C/OTel id works too
    if (!id) return Invalid(fmt::format("'{}' is not a trace id", text));
    if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  absl::StatusOr<std::vector<std::vector<query::Row>>> traces =
      ReadTraces(store_.Snapshot(), who.environment, ids);
  if (!traces.ok()) return StoreError(traces.status());
  ServiceGraph graph;
  int64_t start = 0, end = 0;
  for (const std::vector<query::Row>& rows : *traces) {
    if (rows.empty()) continue;
    for (const query::Row& r : rows) {
      int64_t s = r.Int(store::schema::kTimestamp);
      if (start == 0 || s < start) start = s;
      end = std::max(end, s + r.Int(store::schema::kDurationNs));
    }
    graph.Add(TraceFactsOf(rows));
  }
  core::JsonWriter w;
  w.BeginObject().Key("Services");
  graph.WriteServices(NanosToSeconds(start), NanosToSeconds(end), w);
  w.EndObject();
  return Reply(w);
}

Response XrayApi::GetTimeSeriesServiceStatistics(Json body, const Caller& who) const {
  std::optional<double> start = EpochSecondsMember(body, "StartTime");
  std::optional<double> end = EpochSecondsMember(body, "EndTime");
  if (!start || !end) return Invalid("StartTime and EndTime (epoch seconds) are required");
  int64_t period = kDefaultPeriodSeconds;
  if (!Absent(body, "Period") && body["Period"].get_int64().get(period)) {
    return Invalid("Period must be an integer number of seconds");
  }
  if (bool forecast = false;
      !Absent(body, "ForecastStatistics") && body["ForecastStatistics"].get_bool().get(forecast)) {
    return Invalid("ForecastStatistics must be a boolean");
  }
  if (!Absent(body, "NextToken")) return Invalid("the NextToken is invalid");
  std::string_view name, arn, selector_text;
  if (auto bad = OptionalString(body, "GroupName", 32, &name)) return *bad;
  if (auto bad = OptionalString(body, "GroupARN", 400, &arn)) return *bad;
  if (auto bad = OptionalString(body, "EntitySelectorExpression", 500, &selector_text)) {
    return *bad;
  }
  absl::StatusOr<EntitySelector> selector = ParseEntitySelector(selector_text);
  if (!selector.ok()) return Invalid(std::string(selector.status().message()));
  absl::StatusOr<std::vector<int64_t>> periods = PeriodStarts(*start, *end, period);
  if (!periods.ok()) return Invalid(std::string(periods.status().message()));
  // A group narrows the traces to its filter expression.
  std::string group_ref;
  if (!name.empty()) {
    group_ref = fmt::format("group.name = \"{}\"", name);
  } else if (!arn.empty()) {
    group_ref = fmt::format("group.arn = \"{}\"", arn);
  }
  absl::StatusOr<lang::xray::FilterExpression> filter =
      lang::xray::FilterExpression::Parse(group_ref, GroupResolver(meta_, who.environment));
  if (!filter.ok()) return Invalid(std::string(filter.status().message()));
  std::vector<store::TableSnapshot> tables = store_.Snapshot();
  // Without a filter one column scan builds every period's graph; with one,
  // the range's traces are read once and bucketed by start.
  std::map<int64_t, ServiceGraph> filtered;
  std::vector<ServiceGraph> scanned;
  if (filter->matches_all()) {
    scanned.resize(periods->size());
    absl::Status built = ScanServiceGraphSeries(tables, who.environment, periods->front() * kNanos,
                                                period * kNanos, &scanned)
                             .status();
    if (!built.ok()) return StoreError(built);
  } else {
    absl::Status read = AddFilteredTraces(tables, who.environment, periods->front(), period,
                                          periods->size(), *filter, &filtered);
    if (!read.ok()) return StoreError(read);
  }
  simdjson::dom::parser parser;
  core::JsonWriter w;
  w.BeginObject().Key("TimeSeriesServiceStatistics").BeginArray();
  const ServiceGraph empty;
  for (size_t i = 0; i < periods->size(); ++i) {
    int64_t p = (*periods)[i];
    auto it = filtered.find(p);
    const ServiceGraph& graph = !scanned.empty()       ? scanned[i]
                                : it != filtered.end() ? it->second
                                                       : empty;
    absl::Status written = WritePeriod(p, period, graph, *selector, parser, w);
    if (!written.ok()) return StoreError(written);
  }
  w.EndArray().Key("ContainsOldGroupVersions").Bool(false).EndObject();
  return Reply(w);
}

Response XrayApi::GetSamplingStatisticSummaries(Json body, const Caller& who) const {
  if (!Absent(body, "NextToken")) return Invalid("the NextToken is invalid");
  core::JsonWriter w;
  w.BeginObject().Key("SamplingStatisticSummaries").BeginArray();
  for (const SamplingSummary& s : sampling_.Summaries(who.environment)) {
    w.BeginObject().Key("RuleName").String(s.rule_name);
    w.Key("Timestamp").Double(NanosToSeconds(s.window_start_ns));
    w.Key("RequestCount").Int(s.request_count).Key("BorrowCount").Int(s.borrow_count);
    w.Key("SampledCount").Int(s.sampled_count).EndObject();
  }
  w.EndArray().EndObject();
  return Reply(w);
}

}  // namespace waggle::api::xray
