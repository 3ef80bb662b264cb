#include "api/rollbar/item_reads.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "api/rollbar/access.h"
#include "api/rollbar/envelope.h"
#include "api/rollbar/occurrence_rows.h"
#include "api/rollbar/render.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "ingest/rollbar/grouping.h"
#include "ingest/rollbar/occurrence.h"
#include "meta/error_items_table.h"

namespace waggle::api::rollbar {
namespace {

using net::http::Request;
using net::http::Response;

constexpr size_t kMaxVersionLength = 40;
constexpr int kMaxPage = 1'000'000;

// Every value of query parameter `name`; comma-separated values split too.
std::vector<std::string> QueryValues(const Request& req, std::string_view name) {
  std::vector<std::string> out;
  for (std::string_view field : core::Split(req.query, '&', true)) {
    size_t eq = field.find('=');
    if (eq == std::string_view::npos || field.substr(0, eq) != name) continue;
    std::string value = core::PercentDecode(field.substr(eq + 1), true);
    for (std::string_view v : core::Split(value, ',', true)) out.emplace_back(v);
  }
  return out;
}

absl::StatusOr<int> PageOf(const Request& req) {
  std::string text = req.QueryParam("page");
  if (text.empty()) return 1;
  int page = 0;
  if (!core::ParseNumber(text, &page) || page < 1 || page > kMaxPage) {
    return absl::FailedPreconditionError("page must be a positive integer");
  }
  return page;
}

absl::StatusOr<int64_t> IdParam(const Request& req, std::string_view name) {
  int64_t id = 0;
  if (!core::ParseNumber(req.Param(name), &id) || id <= 0) {
    return absl::NotFoundError(fmt::format("no such {}: '{}'", name, req.Param(name)));
  }
  return id;
}

absl::StatusOr<meta::ItemFilter> ItemFilterOf(const Request& req, std::string tenant) {
  meta::ItemFilter f{.tenant = std::move(tenant), .per_page = kItemsPerPage};
  for (const std::string& s : QueryValues(req, "status")) {
    auto status = meta::ParseItemStatus(s);
    if (!status) return absl::FailedPreconditionError(fmt::format("unknown status '{}'", s));
    f.statuses.push_back(*status);
  }
  for (const std::string& l : QueryValues(req, "level")) {
    int rank = ingest::rollbar::LevelRank(l);
    if (rank == 0) return absl::FailedPreconditionError(fmt::format("unknown level '{}'", l));
    f.levels.push_back(rank);
  }
  f.environments = QueryValues(req, "environment");
  ASSIGN_OR_RETURN(f.page, PageOf(req));
  return f;
}

absl::StatusOr<int> LevelParam(const Request& req, std::string_view name, int fallback) {
  std::string text = req.QueryParam(name);
  if (text.empty()) return fallback;
  int rank = ingest::rollbar::LevelRank(text);
  if (rank == 0) {
    return absl::FailedPreconditionError(fmt::format(
        "{} must be one of debug, info, warning, error or critical, not '{}'", name, text));
  }
  return rank;
}

// The counts filter of an occurrence_counts request at `now_ns`: buckets
// aligned to multiples of bucket_size (GMT), the last one holding now.
absl::StatusOr<meta::OccurrenceCountFilter> CountFilterOf(const Request& req, std::string tenant,
                                                          int64_t now_ns) {
  meta::OccurrenceCountFilter f{.tenant = std::move(tenant)};
  std::string size = req.QueryParam("bucket_size");
  int64_t seconds = 86400;
  if (!size.empty() && (!core::ParseNumber(size, &seconds) ||
                        (seconds != 60 && seconds != 3600 && seconds != 86400))) {
    return absl::FailedPreconditionError("bucket_size must be 60, 3600 or 86400");
  }
  f.buckets = seconds == 60 ? 60 : seconds == 3600 ? 24 : 30;
  f.bucket_ns = seconds * 1'000'000'000;
  f.start_ns = (now_ns / f.bucket_ns - (f.buckets - 1)) * f.bucket_ns;
  f.environments = QueryValues(req, "environments");
  ASSIGN_OR_RETURN(f.min_level, LevelParam(req, "min_level", ingest::rollbar::LevelRank("error")));
  ASSIGN_OR_RETURN(f.max_level,
                   LevelParam(req, "max_level", ingest::rollbar::LevelRank("critical")));
  if (!req.QueryParam("item_id").empty()) {
    if (!core::ParseNumber(req.QueryParam("item_id"), &f.item_id) || f.item_id <= 0) {
      return absl::FailedPreconditionError("item_id must be a positive integer");
    }
  }
  return f;
}

// Runs `read` (meta::Connection& -> absl::StatusOr<T>) on the control plane
// and returns what it returned.
template <typename Read>
auto ReadMeta(meta::MetaStore& meta, const Read& read)
    -> decltype(read(std::declval<meta::Connection&>())) {
  decltype(read(std::declval<meta::Connection&>())) out = absl::InternalError("not run");
  RETURN_IF_ERROR(meta.Run([&](meta::Connection& c) {
    out = read(c);
    return out.status();
  }));
  return out;
}

std::string ItemJson(const meta::ItemRow& item) {
  core::JsonWriter w;
  WriteItem(item, w);
  return w.Release();
}

// Reads the PATCH body into a patch; FailedPrecondition (422) for bad values.
absl::StatusOr<meta::ItemPatch> ParsePatch(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, v;
  if (parser.parse(body.data(), body.size(), true).get(root) != simdjson::SUCCESS ||
      !root.is_object()) {
    return absl::InvalidArgumentError("body must be a JSON object");
  }
  meta::ItemPatch patch;
  auto text = [&](std::string_view key, std::string* out) -> absl::StatusOr<bool> {
    if (root[key].get(v) != simdjson::SUCCESS || v.is_null()) return false;
    if (!v.is_string())
      return absl::FailedPreconditionError(fmt::format("{} must be a string", key));
    *out = std::string(v.get_string().value_unsafe());
    return true;
  };
  std::string s;
  ASSIGN_OR_RETURN(bool has, text("status", &s));
  if (has && !(patch.status = meta::ParseItemStatus(s))) {
    return absl::FailedPreconditionError("status must be active, resolved or muted");
  }
  ASSIGN_OR_RETURN(has, text("resolved_in_version", &s));
  if (has) {
    if (s.size() > kMaxVersionLength || patch.status != meta::ItemStatus::kResolved) {
      return absl::FailedPreconditionError(
          "resolved_in_version needs status 'resolved' and at most 40 characters");
    }
    patch.resolved_in_version = s;
  }
  ASSIGN_OR_RETURN(has, text("level", &s));
  if (has) {
    int rank = ingest::rollbar::LevelRank(s);
    if (rank == 0) {
      return absl::FailedPreconditionError("level must be critical, error, warning, info or debug");
    }
    patch.level = rank;
  }
  ASSIGN_OR_RETURN(has, text("title", &s));
  if (has) {
    if (s.empty() || s.size() > ingest::rollbar::kMaxTitleLength) {
      return absl::FailedPreconditionError("title must be 1 to 255 characters");
    }
    patch.title = s;
  }
  return patch;
}

}  // namespace

Response ItemReads::ListItems(const Request& req) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kRead);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<meta::ItemFilter> filter = ItemFilterOf(req, who->environment);
  if (!filter.ok()) return Error(filter.status());
  absl::StatusOr<meta::ItemPage> page =
      ReadMeta(meta_, [&](meta::Connection& c) { return meta::ListItems(c, *filter); });
  if (!page.ok()) return Error(page.status());
  core::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const meta::ItemRow& item : page->items) WriteItem(item, w);
  w.EndArray().Key("page").Int(filter->page).Key("total_count").Int(page->total_count);
  w.EndObject();
  return Ok(w.str());
}

Response ItemReads::GetItem(const Request& req) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kRead);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<int64_t> id = IdParam(req, "id");
  if (!id.ok()) return Error(id.status());
  absl::StatusOr<meta::ItemRow> item =
      ReadMeta(meta_, [&](meta::Connection& c) { return meta::GetItem(c, who->environment, *id); });
  return item.ok() ? Ok(ItemJson(*item)) : Error(item.status());
}

Response ItemReads::ItemByCounter(const Request& req) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kRead);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<int64_t> counter = IdParam(req, "counter");
  if (!counter.ok()) return Error(counter.status());
  absl::StatusOr<meta::ItemRow> item = ReadMeta(meta_, [&](meta::Connection& c) {
    return meta::GetItemByCounter(c, who->environment, *counter);
  });
  if (!item.ok()) return Error(item.status());
  std::string path = fmt::format("/api/1/item/{}", item->id);
  core::JsonWriter w;
  w.BeginObject().Key("itemId").Int(item->id).Key("path").String(path);
  w.Key("uri").String(path).EndObject();
  Response r = Ok(w.str());
  r.status = 301;
  r.headers.emplace_back("Location", path);
  return r;
}

Response ItemReads::PatchItem(const Request& req) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kAdmin);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<int64_t> id = IdParam(req, "id");
  if (!id.ok()) return Error(id.status());
  absl::StatusOr<meta::ItemPatch> patch = ParsePatch(req.body);
  if (!patch.ok()) return Error(patch.status());
  meta::ItemRow item;
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(item, meta::UpdateItem(c, who->environment, *id, *patch, clock_.NowNanos()));
    return absl::OkStatus();
  });
  return s.ok() ? Ok(ItemJson(item)) : Error(s);
}

Response ItemReads::ItemInstances(const Request& req) const {
  absl::StatusOr<int64_t> id = IdParam(req, "id");
  if (!id.ok()) return Error(id.status());
  return InstancePage(req, *id);
}

Response ItemReads::Instances(const Request& req) const { return InstancePage(req, 0); }

Response ItemReads::InstancePage(const Request& req, int64_t item_id) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kRead);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<int> page = PageOf(req);
  if (!page.ok()) return Error(page.status());
  absl::StatusOr<std::vector<meta::OccurrenceRow>> rows =
      ReadMeta(meta_, [&](meta::Connection& c) -> absl::StatusOr<std::vector<meta::OccurrenceRow>> {
        if (item_id != 0) RETURN_IF_ERROR(meta::GetItem(c, who->environment, item_id).status());
        return meta::ListOccurrences(c, who->environment, item_id, *page, kInstancesPerPage);
      });
  if (!rows.ok()) return Error(rows.status());
  absl::StatusOr<std::vector<StoredOccurrence>> found =
      FindOccurrences(store_.Snapshot(), who->environment, *rows);
  if (!found.ok()) return Error(found.status());
  core::JsonWriter w;
  w.BeginObject().Key("page").Int(*page).Key("instances").BeginArray();
  for (const StoredOccurrence& occ : *found) WriteOccurrence(occ, w);
  w.EndArray().EndObject();
  return Ok(w.str());
}

Response ItemReads::Instance(const Request& req) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kRead);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<int64_t> id = IdParam(req, "id");
  if (!id.ok()) return Error(id.status());
  absl::StatusOr<meta::OccurrenceRow> row = ReadMeta(
      meta_, [&](meta::Connection& c) { return meta::GetOccurrence(c, who->environment, *id); });
  if (!row.ok()) return Error(row.status());
  absl::StatusOr<std::vector<StoredOccurrence>> found =
      FindOccurrences(store_.Snapshot(), who->environment, {*row});
  if (!found.ok()) return Error(found.status());
  core::JsonWriter w;
  WriteOccurrence(found->front(), w);
  return Ok(w.str());
}

Response ItemReads::OccurrenceCounts(const Request& req) const {
  absl::StatusOr<Principal> who = Authorize(principals_, TokenOf(req), auth::Scope::kRead);
  if (!who.ok()) return Error(who.status());
  absl::StatusOr<meta::OccurrenceCountFilter> filter =
      CountFilterOf(req, who->environment, clock_.NowNanos());
  if (!filter.ok()) return Error(filter.status());
  absl::StatusOr<std::vector<int64_t>> counts =
      ReadMeta(meta_, [&](meta::Connection& c) { return meta::CountOccurrences(c, *filter); });
  if (!counts.ok()) return Error(counts.status());
  core::JsonWriter w;
  w.BeginArray();
  for (size_t i = 0; i < counts->size(); ++i) {
    int64_t start_s =
        (filter->start_ns + filter->bucket_ns * static_cast<int64_t>(i)) / 1'000'000'000;
    w.BeginArray().Int(start_s).Int((*counts)[i]).EndArray();
  }
  w.EndArray();
  return Ok(w.str());
}

}  // namespace waggle::api::rollbar
