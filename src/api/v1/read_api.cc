#include "api/v1/read_api.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/common/http_errors.h"
#include "api/v1/render.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "query/traces/trace_reads.h"

namespace waggle::api::v1 {
namespace {

using net::http::Request;
using net::http::Response;

constexpr size_t kMaxLimit = 10000;

// Parses an optional numeric query parameter; InvalidArgument if malformed.
absl::StatusOr<double> NumberParam(const Request& req, std::string_view name, double fallback) {
  std::string raw = req.QueryParam(name);
  if (raw.empty()) return fallback;
  double v = 0;
  if (!core::ParseNumber(raw, &v) || v < 0) {
    return absl::InvalidArgumentError(std::string(name) + " must be a non-negative number");
  }
  return v;
}

absl::StatusOr<size_t> LimitParam(const Request& req, size_t fallback) {
  ASSIGN_OR_RETURN(double v, NumberParam(req, "limit", static_cast<double>(fallback)));
  return std::clamp<size_t>(static_cast<size_t>(v), 1, kMaxLimit);
}

// start/end are Unix seconds (fractions allowed), as in Honeycomb's API.
absl::Status TimeParams(const Request& req, int64_t* start_ns, int64_t* end_ns) {
  ASSIGN_OR_RETURN(double start, NumberParam(req, "start", 0));
  ASSIGN_OR_RETURN(double end, NumberParam(req, "end", 0));
  *start_ns = static_cast<int64_t>(start * 1e9);
  *end_ns = static_cast<int64_t>(end * 1e9);
  return absl::OkStatus();
}

// Lists without a time range cover the last two hours, as Honeycomb's
// default query does, so a list never scans all history.
constexpr int64_t kDefaultWindowNs = 2 * 3600 * int64_t{1'000'000'000};

void DefaultWindow(int64_t* start_ns, int64_t* end_ns) {
  if (*start_ns == 0 && *end_ns == 0) {
    *start_ns = core::SystemClock::Get().NowNanos() - kDefaultWindowNs;
  }
}

std::string_view TypeName(store::ColumnType type) {
  switch (type) {
    case store::ColumnType::kInt64:
      return "integer";
    case store::ColumnType::kDouble:
      return "float";
    case store::ColumnType::kBool:
      return "boolean";
    default:
      return "string";
  }
}

// The user-facing name of a stored column: attribute prefixes dropped.
std::string_view PublicName(std::string_view stored) {
  if (stored.size() > 2 && stored[1] == ':') return stored.substr(2);
  return stored;
}

}  // namespace

static absl::StatusOr<Principal> ApiReader(const PrincipalResolver& p, const Request& req) {
  return p.Resolve(req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
}

absl::StatusOr<Principal> ReadApi::Reader(const Request& req) const {
  return ApiReader(principals_, req);
}

void ReadApi::AddRoutes(net::http::Router& router) {
  router.Add("GET", "/api/v1/traces/{trace_id}", [this](const Request& r) { return GetTrace(r); });
  router.Add("GET", "/api/v1/traces", [this](const Request& r) { return ListTraces(r); });
  router.Add("GET", "/api/v1/logs", [this](const Request& r) { return ListLogs(r); });
  router.Add("GET", "/api/v1/datasets", [this](const Request& r) { return ListDatasets(r); });
  router.Add("GET", "/api/v1/columns", [this](const Request& r) { return ListColumns(r); });
  router.Add("GET", "/api/v1/auth", [this](const Request& r) { return WhoAmI(r); });
}

Response ReadApi::GetTrace(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(req);
  if (!who.ok()) return JsonError(who.status());
  std::optional<model::TraceId> id = model::IdFromHex<16>(req.Param("trace_id"));
  if (!id) return JsonError(absl::InvalidArgumentError("a trace id is 32 hex digits"));
  absl::StatusOr<std::vector<query::Row>> spans =
      query::FindTrace(store_.Snapshot(), who->environment, *id);
  if (!spans.ok()) return JsonError(spans.status());
  if (spans->empty()) return JsonError(absl::NotFoundError("no span of this trace is stored"));
  std::string out = "{\"trace_id\":\"" + model::IdToHex(*id) + "\",\"spans\":[";
  for (size_t i = 0; i < spans->size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendSpanJson((*spans)[i], &out);
  }
  out += "]}";
  return JsonOk(std::move(out));
}

Response ReadApi::ListTraces(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(req);
  if (!who.ok()) return JsonError(who.status());
  query::TraceFilter f;
  f.environment = who->environment;
  f.dataset = req.QueryParam("dataset");
  f.service = req.QueryParam("service");
  f.only_errors = req.QueryParam("error") == "true";
  absl::StatusOr<double> min = NumberParam(req, "min_duration", 0);
  absl::StatusOr<size_t> limit = LimitParam(req, 50);
  absl::Status times = TimeParams(req, &f.start_ns, &f.end_ns);
  if (!min.ok() || !limit.ok() || !times.ok()) {
    return JsonError(!min.ok() ? min.status() : !limit.ok() ? limit.status() : times);
  }
  f.min_duration_ms = *min;
  f.limit = *limit;
  DefaultWindow(&f.start_ns, &f.end_ns);
  absl::StatusOr<std::vector<query::TraceSummary>> traces =
      query::RecentTraces(store_.Snapshot(), f);
  if (!traces.ok()) return JsonError(traces.status());
  core::JsonWriter w;
  w.BeginObject().Key("traces").BeginArray();
  for (const query::TraceSummary& t : *traces) {
    w.BeginObject().Key("trace_id").String(model::IdToHex(t.trace_id));
    w.Key("dataset").String(t.dataset).Key("root_name").String(t.root_name);
    w.Key("root_service").String(t.root_service);
    w.Key("start_time_unix_nano").String(std::to_string(t.start_ns));
    w.Key("duration_ms").Double(static_cast<double>(t.end_ns - t.start_ns) / 1e6);
    w.Key("span_count").Uint(t.span_count).Key("error").Bool(t.error).EndObject();
  }
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

Response ReadApi::ListLogs(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(req);
  if (!who.ok()) return JsonError(who.status());
  query::LogFilter f;
  f.environment = who->environment;
  f.dataset = req.QueryParam("dataset");
  std::string trace = req.QueryParam("trace_id");
  if (!trace.empty()) {
    f.trace_id = model::IdFromHex<16>(trace);
    if (!f.trace_id) return JsonError(absl::InvalidArgumentError("trace_id is 32 hex digits"));
  }
  absl::StatusOr<size_t> limit = LimitParam(req, 100);
  absl::Status times = TimeParams(req, &f.start_ns, &f.end_ns);
  if (!limit.ok() || !times.ok()) return JsonError(!limit.ok() ? limit.status() : times);
  f.limit = *limit;
  // A trace's own log lines are few, so they are found at any age.
  if (!f.trace_id) DefaultWindow(&f.start_ns, &f.end_ns);
  absl::StatusOr<std::vector<query::Row>> logs = query::FindLogs(store_.Snapshot(), f);
  if (!logs.ok()) return JsonError(logs.status());
  std::string out = "{\"logs\":[";
  for (size_t i = 0; i < logs->size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendLogJson((*logs)[i], &out);
  }
  out += "]}";
  return JsonOk(std::move(out));
}

Response ReadApi::ListDatasets(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(req);
  if (!who.ok()) return JsonError(who.status());
  struct Summary {
    uint64_t events = 0, bytes = 0;
    int64_t last = 0;
    std::set<std::string> kinds;
  };
  std::map<std::string, Summary> datasets;
  for (const store::TableSnapshot& t : store_.Snapshot()) {
    if (t.id.environment != who->environment) continue;
    Summary& s = datasets[t.id.dataset];
    s.events += t.rows();
    s.bytes += t.bytes_on_disk();
    s.last = std::max(s.last, t.max_time_ns());
    s.kinds.insert(std::string(store::TableKindName(t.id.kind)));
  }
  core::JsonWriter w;
  w.BeginObject().Key("datasets").BeginArray();
  for (const auto& [name, s] : datasets) {
    w.BeginObject().Key("name").String(name).Key("environment").String(who->environment);
    w.Key("events").Uint(s.events).Key("bytes_on_disk").Uint(s.bytes);
    w.Key("last_event_unix_nano").String(std::to_string(s.last));
    w.Key("kinds").BeginArray();
    for (const std::string& k : s.kinds) w.String(k);
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

Response ReadApi::ListColumns(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(req);
  if (!who.ok()) return JsonError(who.status());
  std::string dataset = req.QueryParam("dataset");
  if (dataset.empty()) return JsonError(absl::InvalidArgumentError("pass ?dataset=NAME"));
  std::map<std::string, std::string_view> columns;
  bool found = false;
  for (const store::TableSnapshot& t : store_.Snapshot()) {
    if (t.id.environment != who->environment || t.id.dataset != dataset) continue;
    found = true;
    for (const auto& part : t.parts) {
      for (const store::ColumnKey& k : part->Keys()) {
        columns.emplace(std::string(PublicName(k.name)), TypeName(k.type));
      }
    }
  }
  if (!found) return JsonError(absl::NotFoundError("no dataset named '" + dataset + "'"));
  core::JsonWriter w;
  w.BeginObject().Key("columns").BeginArray();
  for (const auto& [name, type] : columns) {
    w.BeginObject().Key("name").String(name).Key("type").String(type).EndObject();
  }
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

Response ReadApi::WhoAmI(const Request& req) const {
  std::string_view team = req.Header("x-honeycomb-team");
  std::string_view authorization = req.Header("authorization");
  absl::StatusOr<Principal> who = principals_.Resolve(team, authorization, auth::Scope::kIngest);
  if (!who.ok() && absl::IsPermissionDenied(who.status())) {
    who = principals_.Resolve(team, authorization, auth::Scope::kRead);
  }
  if (!who.ok() && absl::IsPermissionDenied(who.status())) {
    who = principals_.Resolve(team, authorization, auth::Scope::kAdmin);
  }
  if (!who.ok()) return JsonError(who.status());
  core::JsonWriter w;
  w.BeginObject().Key("environment").String(who->environment).Key("scopes").BeginArray();
  for (const std::string& s : auth::ScopeNames(who->scopes)) w.String(s);
  w.EndArray().Key("key_id").String(who->key_id);
  w.Key("keys_enabled").Bool(principals_.keys_enabled()).EndObject();
  return JsonOk(w.Release());
}

}  // namespace waggle::api::v1
