#include "api/xray/xray_api.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "api/xray/documents.h"
#include "api/xray/replies.h"
#include "api/xray/request_members.h"
#include "api/xray/service_graph.h"
#include "api/xray/summaries.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "ingest/xray/trace_id.h"
#include "lang/xray_filter/filter_expression.h"
#include "query/traces/trace_reads.h"

namespace waggle::api::xray {
namespace {

using net::http::Request;
using net::http::Response;
using Json = simdjson::dom::element;

constexpr size_t kMaxDocumentsPerCall = 10'000;
constexpr size_t kMaxTraceIdsPerCall = 100;
constexpr size_t kSummariesPerPage = 100;
constexpr size_t kMaxCandidateTraces = 100'000;
// How long after a range's end a trace that started in it may still have
// spans worth reading.
constexpr int64_t kTraceTailNs = 3600 * int64_t{1'000'000'000};
constexpr size_t kMaxTracesExaminedPerPage = 2'000;
// GetServiceGraph reads at most this many traces of the window, the most
// recent first.
constexpr size_t kMaxGraphTraces = 10'000;

// Parses the body (empty = {}) into an object with `parser`; nullopt if
// it is not one.
std::optional<Json> ParseBody(const Request& req, simdjson::dom::parser& parser) {
  std::string_view body = req.body.empty() ? std::string_view("{}") : std::string_view(req.body);
  Json root;
  if (parser.parse(body.data(), body.size()).get(root) || !root.is_object()) return std::nullopt;
  return root;
}

// --- GetTraceSummaries paging: candidates newest first, ties by id. ---

struct Cursor {
  int64_t start_ns = 0;
  model::TraceId id{};
};

std::string EncodeCursor(const query::TraceStart& t) {
  return fmt::format("1.{}.{}", t.start_ns, model::IdToHex(t.trace_id));
}

std::optional<Cursor> DecodeCursor(std::string_view token) {
  std::vector<std::string_view> parts = core::Split(token, '.');
  Cursor c;
  if (parts.size() != 3 || parts[0] != "1" || !core::ParseNumber(parts[1], &c.start_ns)) {
    return std::nullopt;
  }
  auto id = model::IdFromHex<16>(parts[2]);
  if (!id) return std::nullopt;
  c.id = *id;
  return c;
}

// How many traces to read next: enough, at the share that matched so far
// and a quarter more, for the rest of the page; at most twice the last
// chunk; double it when nothing matched yet.
size_t NextChunk(size_t last, size_t returned, size_t examined) {
  if (returned == 0 || examined == 0) return 2 * last;
  size_t wanted = (kSummariesPerPage - returned) * examined / returned;
  return std::clamp<size_t>(wanted + wanted / 4 + 16, 1, 2 * last);
}

bool Before(const query::TraceStart& a, int64_t start_ns, const model::TraceId& id) {
  return a.start_ns != start_ns ? a.start_ns > start_ns : a.trace_id < id;
}

}  // namespace

Response XrayApi::PutTraceSegments(Json body, const Caller& who) const {
  simdjson::dom::array docs;
  if (body["TraceSegmentDocuments"].get_array().get(docs)) {
    return Invalid("TraceSegmentDocuments (a list of JSON strings) is required");
  }
  std::vector<std::string_view> documents;
  for (Json d : docs) {
    std::string_view s;
    if (d.get_string().get(s)) return Invalid("TraceSegmentDocuments must hold strings");
    if (documents.size() == kMaxDocumentsPerCall) return Invalid("too many documents in one call");
    documents.push_back(s);
  }
  absl::StatusOr<IngestOutcome> out = ingester_.Ingest(who.environment, documents);
  if (!out.ok()) return StoreError(out.status());
  core::JsonWriter w;
  w.BeginObject().Key("UnprocessedTraceSegments").BeginArray();
  for (const RejectedDocument& r : out->rejected) {
    w.BeginObject().Key("Id").String(r.id).Key("ErrorCode").String("InvalidSegment");
    w.Key("Message").String(r.message).EndObject();
  }
  w.EndArray().EndObject();
  return Reply(w);
}

Response XrayApi::BatchGetTraces(Json body, const Caller& who) const {
  simdjson::dom::array list;
  if (body["TraceIds"].get_array().get(list)) return Invalid("TraceIds is required");
  if (list.size() > kMaxTraceIdsPerCall) return Invalid("at most 100 TraceIds per call");
  std::vector<std::string_view> texts;
  std::vector<model::TraceId> ids;
  std::vector<std::string_view> unprocessed;
  for (Json v : list) {
    std::string_view text;
    if (v.get_string().get(text)) return Invalid("TraceIds must hold strings");
    std::optional<model::TraceId> id = ingest::xray::ParseXrayTraceId(text);
    if (!id) id = model::IdFromHex<16>(text);  // a W3C/OTel id works too
    if (!id) {
      unprocessed.push_back(text);
      continue;
    }
    texts.push_back(text);
    ids.push_back(*id);
  }
  absl::StatusOr<std::vector<std::vector<query::Row>>> traces =
      ReadTraces(store_.Snapshot(), who.environment, ids);
  if (!traces.ok()) return StoreError(traces.status());
  core::JsonWriter w;
  w.BeginObject().Key("Traces").BeginArray();
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::vector<query::Row>& rows = (*traces)[i];
    if (rows.empty()) {
      unprocessed.push_back(texts[i]);
      continue;
    }
    TraceDocuments docs = BuildTraceDocuments(ids[i], rows);
    w.BeginObject().Key("Id").String(ingest::xray::FormatXrayTraceId(ids[i]));
    w.Key("Duration").Double(static_cast<double>(docs.end_ns - docs.start_ns) / 1e9);
    w.Key("LimitExceeded").Bool(false).Key("Segments").BeginArray();
    for (const auto& [segment_id, document] : docs.segments) {
      w.BeginObject().Key("Id").String(segment_id).Key("Document").String(document).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().Key("UnprocessedTraceIds").BeginArray();
  for (std::string_view u : unprocessed) w.String(u);
  w.EndArray().EndObject();
  return Reply(w);
}

Response XrayApi::GetTraceSummaries(Json body, const Caller& who) const {
  std::optional<double> start = EpochSecondsMember(body, "StartTime");
  std::optional<double> end = EpochSecondsMember(body, "EndTime");
  if (!start || !end) return Invalid("StartTime and EndTime (epoch seconds) are required");
  if (*end < *start) return Invalid("EndTime must not be before StartTime");
  std::string_view type = "TraceId";
  if (Json v; !body["TimeRangeType"].get(v) && v.get_string().get(type)) {
    return Invalid("TimeRangeType must be a string");
  }
  if (type != "TraceId" && type != "Event" && type != "Service") {
    return Invalid("TimeRangeType must be TraceId, Event or Service");
  }
  std::string_view filter_text;
  if (Json v; !body["FilterExpression"].get(v) && !v.is_null() && v.get_string().get(filter_text)) {
    return Invalid("FilterExpression must be a string");
  }
  absl::StatusOr<lang::xray::FilterExpression> filter =
      lang::xray::FilterExpression::Parse(filter_text, GroupResolver(meta_, who.environment));
  if (!filter.ok()) return Invalid(std::string(filter.status().message()));
  std::optional<Cursor> cursor;
  std::string_view token;
  if (Json v; !body["NextToken"].get(v) && !v.is_null()) {
    if (v.get_string().get(token) || !(cursor = DecodeCursor(token))) {
      return Invalid("the NextToken is invalid");
    }
  }
  // Every trace starting in the range (X-Ray ids carry their start; spans
  // from OTLP do not, so all three range types use the earliest span start).
  std::vector<store::TableSnapshot> tables = store_.Snapshot();
  const int64_t start_ns = static_cast<int64_t>(*start * 1e9);
  const int64_t end_ns = static_cast<int64_t>(*end * 1e9) + 1;
  absl::StatusOr<std::vector<query::TraceStart>> candidates =
      query::RecentTraceStarts(tables, who.environment, start_ns, end_ns, kMaxCandidateTraces);
  if (!candidates.ok()) return StoreError(candidates.status());
  // Candidates come newest first, ties by id: the order Before() pages in.
  // The token names the first trace of the next page.
  auto it = candidates->begin();
  if (cursor) {
    it = std::partition_point(it, candidates->end(), [&](const query::TraceStart& t) {
      return Before(t, cursor->start_ns, cursor->id);
    });
  }
  core::JsonWriter w;
  w.BeginObject().Key("TraceSummaries").BeginArray();
  size_t returned = 0, examined = 0;
  // Spans are read a chunk of traces at a time, one pass over the parts per
  // chunk. Under a filter the first chunk is larger and the next ones are
  // sized by the share of traces that matched so far, so a selective filter
  // still costs few passes and a loose one reads little more than a page.
  size_t chunk = filter->matches_all() ? kSummariesPerPage : 5 * kSummariesPerPage;
  for (; it != candidates->end(); chunk = NextChunk(chunk, returned, examined)) {
    if (returned == kSummariesPerPage || examined == kMaxTracesExaminedPerPage) break;
    size_t n = std::min(
        {chunk, static_cast<size_t>(candidates->end() - it), kMaxTracesExaminedPerPage - examined});
    std::vector<model::TraceId> ids;
    for (size_t k = 0; k < n; ++k) ids.push_back(it[static_cast<ptrdiff_t>(k)].trace_id);
    // The chunk's traces started at or after its oldest start; their spans
    // are read up to an hour past the range.
    absl::StatusOr<std::vector<std::vector<query::Row>>> traces =
        ReadTraces(tables, who.environment, ids, it[static_cast<ptrdiff_t>(n - 1)].start_ns,
                   end_ns + kTraceTailNs);
    if (!traces.ok()) return StoreError(traces.status());
    for (size_t k = 0; k < n && returned < kSummariesPerPage; ++k, ++it) {
      ++examined;
      const std::vector<query::Row>& rows = (*traces)[k];
      if (rows.empty() || !filter->Matches(TraceFactsOf(rows))) continue;
      WriteTraceSummary(ids[k], rows, w);
      ++returned;
    }
  }
  std::string next = it != candidates->end() ? EncodeCursor(*it) : "";
  w.EndArray();
  w.Key("ApproximateTime").Double(static_cast<double>(clock_.NowNanos() / 1'000'000) / 1e3);
  w.Key("TracesProcessedCount").Int(static_cast<int64_t>(examined));
  if (!next.empty()) w.Key("NextToken").String(next);
  w.EndObject();
  return Reply(w);
}

Response XrayApi::GetServiceGraph(Json body, const Caller& who) const {
  std::optional<double> start = EpochSecondsMember(body, "StartTime");
  std::optional<double> end = EpochSecondsMember(body, "EndTime");
  if (!start || !end) return Invalid("StartTime and EndTime (epoch seconds) are required");
  if (*end < *start) return Invalid("EndTime must not be before StartTime");
  // A group narrows the traces to its filter expression.
  std::string group_ref;
  std::string_view name, arn;
  if (!body["GroupName"].get_string().get(name) && !name.empty()) {
    group_ref = fmt::format("group.name = \"{}\"", name);
  } else if (!body["GroupARN"].get_string().get(arn) && !arn.empty()) {
    group_ref = fmt::format("group.arn = \"{}\"", arn);
  }
  absl::StatusOr<lang::xray::FilterExpression> filter =
      lang::xray::FilterExpression::Parse(group_ref, GroupResolver(meta_, who.environment));
  if (!filter.ok()) return Invalid(std::string(filter.status().message()));
  ServiceGraph graph;
  absl::StatusOr<size_t> read =
      BuildServiceGraph(store_.Snapshot(), who.environment, static_cast<int64_t>(*start * 1e9),
                        static_cast<int64_t>(*end * 1e9) + 1, *filter, kMaxGraphTraces, &graph);
  if (!read.ok()) return StoreError(read.status());
  core::JsonWriter w;
  w.BeginObject().Key("StartTime").Double(*start).Key("EndTime").Double(*end);
  w.Key("Services");
  graph.WriteServices(*start, *end, w);
  w.Key("ContainsOldGroupVersions").Bool(false).EndObject();
  return Reply(w);
}

Response XrayApi::PutTelemetryRecords(Json, const Caller&) const {
  // Daemon health counters: accepted and not kept.
  return aws::JsonReply("{}", "application/json");
}

Response XrayApi::GetSamplingTargets(Json body, const Caller& who) const {
  simdjson::dom::array docs;
  if (body["SamplingStatisticsDocuments"].get_array().get(docs)) {
    return Invalid("SamplingStatisticsDocuments is required");
  }
  if (docs.size() > 25) return Invalid("at most 25 SamplingStatisticsDocuments per call");
  std::vector<SamplingStatistics> stats;
  for (Json d : docs) {
    SamplingStatistics s;
    std::string_view name, client;
    if (d["RuleName"].get_string().get(name) || d["ClientID"].get_string().get(client)) {
      return Invalid("each statistics document needs RuleName and ClientID");
    }
    s.rule_name = std::string(name);
    s.client_id = std::string(client);
    if (d["RequestCount"].get_int64().get(s.request_count)) s.request_count = 0;
    if (d["SampledCount"].get_int64().get(s.sampled_count)) s.sampled_count = 0;
    if (d["BorrowCount"].get_int64().get(s.borrow_count)) s.borrow_count = 0;
    stats.push_back(std::move(s));
  }
  core::JsonWriter w;
  absl::Status written = sampling_.WriteTargets(who.environment, stats, w);
  return written.ok() ? Reply(w) : StoreError(written);
}

void XrayApi::AddRoutes(net::http::Router& router, bool verify_signatures) const {
  using Method = Response (XrayApi::*)(Json, const Caller&) const;
  auto add = [&](const char* path, Method method, auth::Scope scope) {
    router.Add(
        "POST", path,
        [this, method, scope, verify_signatures](const Request& req) -> Response {
          Caller who;
          if (verify_signatures && auth_ != nullptr) {
            auto result = auth_->Authenticate(req, "xray", scope);
            if (auto* err = std::get_if<aws::AwsError>(&result)) return aws::RestJsonError(*err);
            const aws::AwsCaller& caller = std::get<aws::AwsCaller>(result);
            who.environment = caller.principal.environment;
            who.region = caller.region;
            who.account_id = caller.account_id;
          }
          thread_local simdjson::dom::parser parser;
          std::optional<Json> body = ParseBody(req, parser);
          if (!body) return Invalid("the request body must be a JSON object");
          return (this->*method)(*body, who);
        },
        [](const Request&, int status, std::string_view message) {
          return aws::RestJsonError({status,
                                     status == 404   ? "UnknownOperationException"
                                     : status == 503 ? "ThrottledException"
                                                     : "InvalidRequestException",
                                     std::string(message)});
        });
  };
  add("/TraceSegments", &XrayApi::PutTraceSegments, auth::Scope::kIngest);
  add("/Traces", &XrayApi::BatchGetTraces, auth::Scope::kRead);
  add("/TraceSummaries", &XrayApi::GetTraceSummaries, auth::Scope::kRead);
  add("/ServiceGraph", &XrayApi::GetServiceGraph, auth::Scope::kRead);
  add("/TraceGraph", &XrayApi::GetTraceGraph, auth::Scope::kRead);
  add("/TimeSeriesServiceStatistics", &XrayApi::GetTimeSeriesServiceStatistics, auth::Scope::kRead);
  add("/SamplingStatisticSummaries", &XrayApi::GetSamplingStatisticSummaries, auth::Scope::kRead);
  add("/GetSamplingRules", &XrayApi::GetSamplingRules, auth::Scope::kIngest);
  add("/SamplingTargets", &XrayApi::GetSamplingTargets, auth::Scope::kIngest);
  add("/TelemetryRecords", &XrayApi::PutTelemetryRecords, auth::Scope::kIngest);
  add("/CreateSamplingRule", &XrayApi::CreateSamplingRule, auth::Scope::kAdmin);
  add("/UpdateSamplingRule", &XrayApi::UpdateSamplingRule, auth::Scope::kAdmin);
  add("/DeleteSamplingRule", &XrayApi::DeleteSamplingRule, auth::Scope::kAdmin);
  add("/CreateGroup", &XrayApi::CreateGroup, auth::Scope::kAdmin);
  add("/GetGroup", &XrayApi::GetGroup, auth::Scope::kRead);
  add("/Groups", &XrayApi::GetGroups, auth::Scope::kRead);
  add("/UpdateGroup", &XrayApi::UpdateGroup, auth::Scope::kAdmin);
  add("/DeleteGroup", &XrayApi::DeleteGroup, auth::Scope::kAdmin);
  add("/TagResource", &XrayApi::TagResource, auth::Scope::kAdmin);
  add("/UntagResource", &XrayApi::UntagResource, auth::Scope::kAdmin);
  add("/ListTagsForResource", &XrayApi::ListTagsForResource, auth::Scope::kRead);
}

}  // namespace waggle::api::xray
