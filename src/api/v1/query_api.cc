#include "api/v1/query_api.h"

#include <simdjson.h>

#include <chrono>
#include <random>

#include "api/common/http_errors.h"
#include "api/v1/bubbleup_request.h"
#include "api/v1/saved_queries_api.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "meta/saved_queries_table.h"
#include "query/spec/spec_json.h"

namespace waggle::api::v1 {
namespace {

using net::http::Request;
using net::http::Response;
namespace exec = query::exec;

constexpr size_t kMaxStored = 1000;
// Bytes of stored specs and of stored results (a result with series can
// be tens of MB).
constexpr size_t kMaxStoredQueryBytes = 64 << 20;
constexpr size_t kMaxStoredResultBytes = 256 << 20;
constexpr int64_t kQueryTimeoutNs = 30'000'000'000;

int64_t SteadyDeadlineNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
             .count() +
         kQueryTimeoutNs;
}

absl::StatusOr<Principal> ReaderOf(const PrincipalResolver& p, const Request& req) {
  return p.Resolve(req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
}

// The tables a query reads: one dataset (or every one for "__all__") of the
// environment, spans and logs, or only one signal when asked.
std::vector<store::TableSnapshot> TablesFor(const store::Store& store, const std::string& env,
                                            const std::string& dataset, std::string_view signal) {
  std::vector<store::TableSnapshot> out;
  for (store::TableSnapshot& t : store.Snapshot()) {
    if (t.id.environment != env) continue;
    if (dataset != "__all__" && t.id.dataset != dataset) continue;
    if (!signal.empty() && store::TableKindName(t.id.kind) != signal) continue;
    out.push_back(std::move(t));
  }
  return out;
}

// Optional fields of a query_results request.
struct ResultRequest {
  std::string query_id;
  exec::RenderOptions render{true, false, false};
};

absl::StatusOr<ResultRequest> ParseResultRequest(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::object obj;
  if (parser.parse(padded).get(obj) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("the body must be a JSON object with query_id");
  }
  ResultRequest r;
  for (auto field : obj) {
    std::string_view s;
    bool b = false;
    if (field.key == "query_id" && field.value.get_string().get(s) == simdjson::SUCCESS) {
      r.query_id = std::string(s);
    } else if (field.value.get_bool().get(b) == simdjson::SUCCESS) {
      if (field.key == "disable_series") r.render.series = !b;
      if (field.key == "disable_total_by_aggregate") r.render.total_by_aggregate = !b;
      if (field.key == "disable_other_by_aggregate") r.render.other_by_aggregate = !b;
    }
  }
  if (r.query_id.empty()) return absl::InvalidArgumentError("query_id is required");
  return r;
}

void WriteStats(const exec::ExecStats& s, core::JsonWriter* w) {
  w->Key("stats").BeginObject().Key("parts_total").Uint(s.parts_total);
  w->Key("parts_scanned").Uint(s.parts_scanned).Key("rows_scanned").Uint(s.rows_scanned);
  w->Key("rows_matched").Uint(s.rows_matched).Key("groups").Uint(s.groups);
  w->Key("elapsed_ms").Double(s.elapsed_ms).EndObject();
}

std::string RenderResult(const std::string& id, const std::string& dataset,
                         const query::QuerySpec& spec, const exec::QueryResult& r,
                         const exec::RenderOptions& options) {
  core::JsonWriter w;
  w.BeginObject();
  if (!id.empty()) w.Key("id").String(id);
  w.Key("complete").Bool(true).Key("query");
  query::WriteQuerySpec(spec, &w);
  w.Key("data");
  exec::WriteResultData(r, options, &w);
  w.Key("links").BeginObject().Key("query_url").String("/datasets/" + dataset);
  w.Key("graph_image_url").String("").EndObject();
  w.Key("start_time").Int(r.window.start_ns / 1'000'000'000);
  w.Key("end_time").Int(r.window.end_ns / 1'000'000'000);
  w.Key("granularity").Int(r.window.granularity_ns / 1'000'000'000);
  WriteStats(r.stats, &w);
  w.EndObject();
  return w.Release();
}

}  // namespace

void QueryApi::Lru::Put(const std::string& id, Entry e) {
  if (auto old = index_.find(id); old != index_.end()) {
    bytes_ -= old->second->second.body.size();
    items_.erase(old->second);
    index_.erase(old);
  }
  bytes_ += e.body.size();
  items_.emplace_front(id, std::move(e));
  index_[id] = items_.begin();
  while (!items_.empty() && (items_.size() > capacity_ || bytes_ > max_bytes_)) {
    bytes_ -= items_.back().second.body.size();
    index_.erase(items_.back().first);
    items_.pop_back();
  }
}

std::optional<QueryApi::Entry> QueryApi::Lru::Get(const std::string& id) {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  items_.splice(items_.begin(), items_, it->second);
  return it->second->second;
}

QueryApi::QueryApi(const store::Store& store, const PrincipalResolver& principals, int scan_threads,
                   meta::MetaStore* history)
    : store_(store),
      principals_(principals),
      history_(history),
      pool_(scan_threads),
      queries_(kMaxStored, kMaxStoredQueryBytes),
      results_(kMaxStored, kMaxStoredResultBytes) {}

void QueryApi::AddRoutes(net::http::Router& router) {
  router.Add("POST", "/api/v1/query", [this](const Request& r) { return PostQuery(r); });
  router.Add("POST", "/api/v1/bubbleup", [this](const Request& r) { return PostBubbleUp(r); });
  router.Add("POST", "/1/queries/{dataset}", [this](const Request& r) { return CreateQuery(r); });
  router.Add("POST", "/1/query_results/{dataset}",
             [this](const Request& r) { return CreateResult(r); });
  router.Add("GET", "/1/query_results/{dataset}/{id}",
             [this](const Request& r) { return GetResult(r); });
}

std::string QueryApi::NewId() {
  static constexpr char kDigits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;
  std::lock_guard<std::mutex> lock(mu_);
  std::mt19937_64 rng(rd() ^ ++next_id_);
  std::string id(11, 'a');
  for (char& c : id) c = kDigits[rng() % 36];
  return id;
}

absl::StatusOr<exec::QueryResult> QueryApi::Run(const std::string& environment,
                                                const std::string& dataset, std::string_view signal,
                                                bool series, const query::QuerySpec& spec) {
  if (dataset.empty()) {
    return absl::InvalidArgumentError("name a dataset (or __all__) in the path, body or ?dataset=");
  }
  if (!signal.empty() && signal != "spans" && signal != "logs") {
    return absl::InvalidArgumentError("signal must be spans or logs");
  }
  exec::ExecOptions o;
  o.now_ns = core::SystemClock::Get().NowNanos();
  o.pool = &pool_;
  o.series = series;
  o.deadline_ns = SteadyDeadlineNs();
  return exec::ExecuteQuery(spec, TablesFor(store_, environment, dataset, signal), o);
}

Response QueryApi::PostQuery(const Request& req) {
  absl::StatusOr<Principal> who = ReaderOf(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<query::QuerySpec> spec = query::ParseQuerySpec(req.body);
  if (!spec.ok()) return JsonError(spec.status());
  std::string dataset = req.QueryParam("dataset");
  if (dataset.empty()) dataset = spec->dataset;
  std::string series = req.QueryParam("series");
  if (!series.empty() && series != "true" && series != "false") {
    return JsonError(absl::InvalidArgumentError("series must be true or false"));
  }
  std::string history = req.QueryParam("history");
  if (!history.empty() && history != "true" && history != "false") {
    return JsonError(absl::InvalidArgumentError("history must be true or false"));
  }
  exec::RenderOptions render;
  render.series = series != "false";
  absl::StatusOr<exec::QueryResult> r =
      Run(who->environment, dataset, req.QueryParam("signal"), render.series, *spec);
  if (!r.ok()) return JsonError(r.status());
  if (history == "true" && history_ != nullptr) {
    if (absl::Status s = Remember(who->environment, dataset, *spec, *r); !s.ok()) {
      return JsonError(s);
    }
  }
  return JsonOk(RenderResult("", dataset, *spec, *r, render));
}

Response QueryApi::CreateQuery(const Request& req) {
  absl::StatusOr<Principal> who = ReaderOf(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<query::QuerySpec> spec = query::ParseQuerySpec(req.body);
  if (!spec.ok()) return JsonError(spec.status());
  std::string id = NewId();
  core::JsonWriter spec_json;
  query::WriteQuerySpec(*spec, &spec_json);
  std::string body = spec_json.Release();
  {
    std::lock_guard<std::mutex> lock(mu_);
    queries_.Put(id, Entry{who->environment, std::string(req.Param("dataset")), body});
  }
  // {id, ...spec}: the stored spec with its id first.
  return JsonOk("{\"id\":\"" + id + "\"," + body.substr(1));
}

Response QueryApi::CreateResult(const Request& req) {
  absl::StatusOr<Principal> who = ReaderOf(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<ResultRequest> rr = ParseResultRequest(req.body);
  if (!rr.ok()) return JsonError(rr.status());
  std::optional<Entry> q;
  {
    std::lock_guard<std::mutex> lock(mu_);
    q = queries_.Get(rr->query_id);
  }
  if (!q || q->environment != who->environment) {
    return JsonError(absl::NotFoundError("query not found"));
  }
  std::string dataset(req.Param("dataset"));
  absl::StatusOr<query::QuerySpec> spec = query::ParseQuerySpec(q->body);
  if (!spec.ok()) return JsonError(spec.status());
  absl::StatusOr<exec::QueryResult> r =
      Run(who->environment, dataset, "", rr->render.series, *spec);
  if (!r.ok()) return JsonError(r.status());
  std::string id = NewId();
  std::string body = RenderResult(id, dataset, *spec, *r, rr->render);
  {
    std::lock_guard<std::mutex> lock(mu_);
    results_.Put(id, Entry{who->environment, dataset, body});
  }
  Response resp = JsonOk(std::move(body));
  resp.status = 201;
  return resp;
}

Response QueryApi::GetResult(const Request& req) {
  absl::StatusOr<Principal> who = ReaderOf(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  std::optional<Entry> e;
  {
    std::lock_guard<std::mutex> lock(mu_);
    e = results_.Get(std::string(req.Param("id")));
  }
  if (!e || e->environment != who->environment || e->dataset != req.Param("dataset")) {
    return JsonError(absl::NotFoundError("query result not found"));
  }
  return JsonOk(e->body);
}

absl::Status QueryApi::Remember(const std::string& environment, const std::string& dataset,
                                const query::QuerySpec& spec, const exec::QueryResult& r) {
  core::JsonWriter w;
  query::WriteQuerySpec(spec, &w);
  meta::QueryHistoryRow row{.environment = environment,
                            .dataset = dataset,
                            .spec_json = w.Release(),
                            .ran_ns = core::SystemClock::Get().NowNanos(),
                            .elapsed_us = static_cast<int64_t>(r.stats.elapsed_ms * 1000),
                            .groups = static_cast<int64_t>(r.stats.groups)};
  return history_->Transact(
      [&](meta::Connection& c) { return meta::AppendQueryHistory(c, row, kQueryHistoryKept); });
}

Response QueryApi::PostBubbleUp(const Request& req) {
  absl::StatusOr<Principal> who = ReaderOf(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  const int64_t now_ns = core::SystemClock::Get().NowNanos();
  absl::StatusOr<BubbleUpRequest> bu = ParseBubbleUpRequest(req.body, now_ns);
  if (!bu.ok()) return JsonError(bu.status());
  std::string dataset = req.QueryParam("dataset");
  if (dataset.empty()) dataset = bu->dataset;
  if (dataset.empty()) {
    return JsonError(
        absl::InvalidArgumentError("name a dataset (or __all__) in the body or ?dataset="));
  }
  std::string signal = req.QueryParam("signal");
  if (!signal.empty() && signal != "spans" && signal != "logs") {
    return JsonError(absl::InvalidArgumentError("signal must be spans or logs"));
  }
  query::bubbleup::BubbleUpOptions o;
  o.now_ns = now_ns;
  o.pool = &pool_;
  o.deadline_ns = SteadyDeadlineNs();
  absl::StatusOr<query::bubbleup::BubbleUpResult> r = query::bubbleup::RunBubbleUp(
      bu->query, bu->selection, TablesFor(store_, who->environment, dataset, signal), o);
  if (!r.ok()) return JsonError(r.status());
  return JsonOk(RenderBubbleUp(*r));
}

}  // namespace waggle::api::v1
