// The Rollbar-compatible surface (specs/rollbar.md): item ingestion at
// POST /api/1/item/ and /api/1/ (rollbar.js posts to its endpoint exactly as
// configured), GET /api/1/status/ping, and the read API under /api/1/.
// Every answer, errors included, is in Rollbar's envelope. Thread-safe:
// handlers run concurrently on the server's worker threads.
//
//   RollbarApi rollbar(*store, *meta, *principals, core::SystemClock::Get());
//   rollbar.AddRoutes(edge_router);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/common/principal.h"
#include "api/rollbar/item_ingest.h"
#include "api/rollbar/item_reads.h"
#include "core/clock.h"
#include "ingest/rollbar/scrub.h"
#include "meta/meta_store.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api::rollbar {

struct RollbarApiOptions {
  // Field names scrubbed (case-insensitively, at any depth) before storing.
  std::vector<std::string> scrub_fields = ingest::rollbar::DefaultScrubFields();
  // Item POSTs accepted per access token per minute; more get 429.
  int64_t rate_limit_per_minute = 5000;
};

class RollbarApi {
 public:
  // All references must outlive this object.
  RollbarApi(store::Store& store, meta::MetaStore& meta, const PrincipalResolver& principals,
             const core::Clock& clock, RollbarApiOptions options = {});
  RollbarApi(const RollbarApi&) = delete;
  RollbarApi& operator=(const RollbarApi&) = delete;

  // Adds every Rollbar route to `router`; the router must not outlive this.
  void AddRoutes(net::http::Router& router);
  // Where span front ends send stored spans, so their exceptions become
  // occurrences of items too.
  SpanErrorSink& span_errors() { return ingest_; }

 private:
  const ingest::rollbar::ScrubFields scrub_;
  ItemIngest ingest_;
  ItemReads reads_;
};

}  // namespace waggle::api::rollbar
