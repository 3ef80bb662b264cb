#include "api/v1/saved_queries_api.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "api/common/http_errors.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "meta/saved_queries_table.h"
#include "query/exec/result.h"
#include "query/spec/spec_json.h"

namespace waggle::api::v1 {
namespace {

using net::http::Request;
using net::http::Response;

constexpr size_t kMaxName = 200;
constexpr size_t kMaxDataset = 255;
constexpr size_t kMaxDescription = 2000;
constexpr int kDefaultHistory = 100;

absl::StatusOr<Principal> Reader(const PrincipalResolver& p, const Request& req) {
  return p.Resolve(req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
}

absl::StatusOr<int64_t> IdOf(const Request& req) {
  int64_t id = 0;
  if (!core::ParseNumber(req.Param("id"), &id) || id <= 0) {
    return absl::NotFoundError(fmt::format("no saved query with id '{}'", req.Param("id")));
  }
  return id;
}

// Reads name, dataset, description and query (normalized) into `row`.
absl::Status ParseBody(std::string_view body, meta::SavedQueryRow* row) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::object obj;
  if (body.size() > query::kMaxSpecBytes || parser.parse(padded).get(obj) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        "the body must be a JSON object with name, dataset and query");
  }
  bool has_query = false;
  for (auto field : obj) {
    std::string_view key = field.key, text;
    if (key == "query") {
      if (!field.value.is_object()) return absl::InvalidArgumentError("query must be an object");
      absl::StatusOr<query::QuerySpec> spec =
          query::ParseQuerySpec(simdjson::to_string(field.value));
      if (!spec.ok())
        return absl::InvalidArgumentError("query." + std::string(spec.status().message()));
      core::JsonWriter w;
      query::WriteQuerySpec(*spec, &w);
      row->spec_json = w.Release();
      has_query = true;
      continue;
    }
    if (key != "name" && key != "dataset" && key != "description") {
      return absl::InvalidArgumentError(fmt::format("unknown field '{}'", key));
    }
    if (field.value.get_string().get(text) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError(fmt::format("{} must be a string", key));
    }
    (key == "name" ? row->name : key == "dataset" ? row->dataset : row->description) = text;
  }
  if (row->name.empty() || row->name.size() > kMaxName) {
    return absl::InvalidArgumentError("name must be 1 to 200 characters");
  }
  if (row->dataset.empty() || row->dataset.size() > kMaxDataset) {
    return absl::InvalidArgumentError("dataset must be a dataset name or __all__");
  }
  if (row->description.size() > kMaxDescription) {
    return absl::InvalidArgumentError("description must be at most 2000 characters");
  }
  if (!has_query) return absl::InvalidArgumentError("query is required");
  return absl::OkStatus();
}

void WriteSaved(const meta::SavedQueryRow& r, core::JsonWriter& w) {
  w.BeginObject().Key("id").Int(r.id).Key("name").String(r.name).Key("dataset").String(r.dataset);
  w.Key("description").String(r.description).Key("query").Raw(r.spec_json);
  w.Key("created_at").String(query::exec::Rfc3339(r.created_ns));
  w.Key("updated_at").String(query::exec::Rfc3339(r.updated_ns)).EndObject();
}

std::string SavedJson(const meta::SavedQueryRow& r) {
  core::JsonWriter w;
  WriteSaved(r, w);
  return w.Release();
}

// Runs `fn` (Connection& -> StatusOr<T>) in a transaction; its result.
template <typename T, typename Fn>
absl::StatusOr<T> InMeta(meta::MetaStore& meta, const Fn& fn) {
  absl::StatusOr<T> out = absl::InternalError("not run");
  absl::Status s = meta.Transact([&](meta::Connection& c) -> absl::Status {
    out = fn(c);
    return out.status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace

void SavedQueriesApi::AddRoutes(net::http::Router& router) {
  router.Add("GET", "/api/v1/queries", [this](const Request& r) { return List(r); });
  router.Add("POST", "/api/v1/queries", [this](const Request& r) { return Create(r); });
  router.Add("GET", "/api/v1/queries/{id}", [this](const Request& r) { return Get(r); });
  router.Add("PUT", "/api/v1/queries/{id}", [this](const Request& r) { return Update(r); });
  router.Add("DELETE", "/api/v1/queries/{id}", [this](const Request& r) { return Delete(r); });
  router.Add("GET", "/api/v1/query_history", [this](const Request& r) { return History(r); });
}

Response SavedQueriesApi::List(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  auto rows = InMeta<std::vector<meta::SavedQueryRow>>(
      meta_, [&](meta::Connection& c) { return meta::ListSavedQueries(c, who->environment); });
  if (!rows.ok()) return JsonError(rows.status());
  core::JsonWriter w;
  w.BeginObject().Key("queries").BeginArray();
  for (const meta::SavedQueryRow& r : *rows) WriteSaved(r, w);
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

Response SavedQueriesApi::Create(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  meta::SavedQueryRow row;
  if (absl::Status s = ParseBody(req.body, &row); !s.ok()) return JsonError(s);
  row.environment = who->environment;
  row.created_ns = row.updated_ns = clock_.NowNanos();
  absl::StatusOr<int64_t> id =
      InMeta<int64_t>(meta_, [&](meta::Connection& c) { return meta::InsertSavedQuery(c, row); });
  if (!id.ok()) return JsonError(id.status());
  row.id = *id;
  Response r = JsonOk(SavedJson(row));
  r.status = 201;
  return r;
}

Response SavedQueriesApi::Get(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<int64_t> id = IdOf(req);
  if (!id.ok()) return JsonError(id.status());
  auto row = InMeta<meta::SavedQueryRow>(
      meta_, [&](meta::Connection& c) { return meta::GetSavedQuery(c, who->environment, *id); });
  return row.ok() ? JsonOk(SavedJson(*row)) : JsonError(row.status());
}

Response SavedQueriesApi::Update(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<int64_t> id = IdOf(req);
  if (!id.ok()) return JsonError(id.status());
  meta::SavedQueryRow row;
  if (absl::Status s = ParseBody(req.body, &row); !s.ok()) return JsonError(s);
  row.id = *id;
  row.environment = who->environment;
  row.updated_ns = clock_.NowNanos();
  auto saved = InMeta<meta::SavedQueryRow>(
      meta_, [&](meta::Connection& c) -> absl::StatusOr<meta::SavedQueryRow> {
        RETURN_IF_ERROR(meta::UpdateSavedQuery(c, row));
        return meta::GetSavedQuery(c, row.environment, row.id);
      });
  return saved.ok() ? JsonOk(SavedJson(*saved)) : JsonError(saved.status());
}

Response SavedQueriesApi::Delete(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<int64_t> id = IdOf(req);
  if (!id.ok()) return JsonError(id.status());
  auto done = InMeta<bool>(meta_, [&](meta::Connection& c) -> absl::StatusOr<bool> {
    RETURN_IF_ERROR(meta::DeleteSavedQuery(c, who->environment, *id));
    return true;
  });
  if (!done.ok()) return JsonError(done.status());
  Response r;
  r.status = 204;
  return r;
}

Response SavedQueriesApi::History(const Request& req) const {
  absl::StatusOr<Principal> who = Reader(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  int limit = kDefaultHistory;
  std::string text = req.QueryParam("limit");
  if (!text.empty() &&
      (!core::ParseNumber(text, &limit) || limit < 1 || limit > kQueryHistoryKept)) {
    return JsonError(absl::InvalidArgumentError("limit must be 1 to 1000"));
  }
  auto rows = InMeta<std::vector<meta::QueryHistoryRow>>(meta_, [&](meta::Connection& c) {
    return meta::ListQueryHistory(c, who->environment, limit);
  });
  if (!rows.ok()) return JsonError(rows.status());
  core::JsonWriter w;
  w.BeginObject().Key("history").BeginArray();
  for (const meta::QueryHistoryRow& h : *rows) {
    w.BeginObject().Key("dataset").String(h.dataset).Key("query").Raw(h.spec_json);
    w.Key("ran_at").String(query::exec::Rfc3339(h.ran_ns));
    w.Key("elapsed_ms").Double(static_cast<double>(h.elapsed_us) / 1000);
    w.Key("groups").Int(h.groups).EndObject();
  }
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

}  // namespace waggle::api::v1
