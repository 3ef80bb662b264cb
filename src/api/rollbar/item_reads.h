// The Rollbar read API (specs/rollbar.md §3): items list/get/by-counter,
// PATCH of status/level/title, and occurrences ("instances") of an item,
// of the project, or by id. Items come from the control plane, occurrence
// payloads from the column store. GETs need the read scope, PATCH the write
// (admin) scope. Thread-safe.
#pragma once

#include "api/common/principal.h"
#include "core/clock.h"
#include "meta/meta_store.h"
#include "net/http/request.h"
#include "store/catalog/store.h"

namespace waggle::api::rollbar {

// Page sizes of the list endpoints.
inline constexpr int kItemsPerPage = 100;
inline constexpr int kInstancesPerPage = 20;

class ItemReads {
 public:
  // All references must outlive this object.
  ItemReads(store::Store& store, meta::MetaStore& meta, const PrincipalResolver& principals,
            const core::Clock& clock)
      : store_(store), meta_(meta), principals_(principals), clock_(clock) {}

  // GET /api/1/items/?status=&level=&environment=&page= (parameters repeat for OR).
  net::http::Response ListItems(const net::http::Request& request) const;
  // GET /api/1/item/{id}.
  net::http::Response GetItem(const net::http::Request& request) const;
  // GET /api/1/item_by_counter/{counter}: 301 to the item.
  net::http::Response ItemByCounter(const net::http::Request& request) const;
  // PATCH /api/1/item/{id} with a JSON body of status, resolved_in_version,
  // level, title (422 on invalid values); replies with the updated item.
  net::http::Response PatchItem(const net::http::Request& request) const;
  // GET /api/1/item/{id}/instances/?page=: newest first.
  net::http::Response ItemInstances(const net::http::Request& request) const;
  // GET /api/1/instances/?page=: every occurrence, newest first.
  net::http::Response Instances(const net::http::Request& request) const;
  // GET /api/1/instance/{id}.
  net::http::Response Instance(const net::http::Request& request) const;
  // GET /api/1/reports/occurrence_counts?bucket_size=&environments=&min_level=
  // &max_level=&item_id=: [[bucket start, count], ...], oldest first, the
  // last bucket holding now (60 minute, 24 hour or 30 day buckets).
  net::http::Response OccurrenceCounts(const net::http::Request& request) const;

 private:
  net::http::Response InstancePage(const net::http::Request& request, int64_t item_id) const;

  store::Store& store_;
  meta::MetaStore& meta_;
  const PrincipalResolver& principals_;
  const core::Clock& clock_;
};

}  // namespace waggle::api::rollbar
