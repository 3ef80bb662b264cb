#include "api/rollbar/rollbar_api.h"

#include "api/rollbar/envelope.h"

namespace waggle::api::rollbar {

using net::http::Request;
using net::http::Response;

RollbarApi::RollbarApi(store::Store& store, meta::MetaStore& meta,
                       const PrincipalResolver& principals, const core::Clock& clock,
                       RollbarApiOptions options)
    : scrub_(options.scrub_fields),
      ingest_(store, meta, principals, clock, scrub_, options.rate_limit_per_minute),
      reads_(store, meta, principals, clock) {}

void RollbarApi::AddRoutes(net::http::Router& router) {
  auto add = [&](const char* method, std::initializer_list<const char*> paths, auto fn) {
    for (const char* path : paths) router.Add(method, path, fn, RenderTransportError);
  };
  ItemIngest* ingest = &ingest_;
  const ItemReads* reads = &reads_;
  add("POST", {"/api/1/item/", "/api/1/item", "/api/1/"},
      [ingest](const Request& r) { return ingest->Post(r); });
  add("GET", {"/api/1/status/ping"}, [](const Request&) {
    Response r;
    r.content_type = "text/plain";
    r.body = "pong";
    return r;
  });
  add("GET", {"/api/1/items/", "/api/1/items"},
      [reads](const Request& r) { return reads->ListItems(r); });
  add("GET", {"/api/1/item/{id}", "/api/1/item/{id}/"},
      [reads](const Request& r) { return reads->GetItem(r); });
  add("PATCH", {"/api/1/item/{id}", "/api/1/item/{id}/"},
      [reads](const Request& r) { return reads->PatchItem(r); });
  add("GET", {"/api/1/item_by_counter/{counter}", "/api/1/item_by_counter/{counter}/"},
      [reads](const Request& r) { return reads->ItemByCounter(r); });
  add("GET", {"/api/1/item/{id}/instances", "/api/1/item/{id}/instances/"},
      [reads](const Request& r) { return reads->ItemInstances(r); });
  add("GET", {"/api/1/instances", "/api/1/instances/"},
      [reads](const Request& r) { return reads->Instances(r); });
  add("GET", {"/api/1/instance/{id}", "/api/1/instance/{id}/"},
      [reads](const Request& r) { return reads->Instance(r); });
  add("GET", {"/api/1/reports/occurrence_counts", "/api/1/reports/occurrence_counts/"},
      [reads](const Request& r) { return reads->OccurrenceCounts(r); });
}

}  // namespace waggle::api::rollbar
