// File: api/v1/saved_queries_api.h
//
// Saved queries and query history of the key's environment (docs/query.md,
// "Saved queries and history"), kept in the control plane:
//
//   GET    /api/v1/queries            every saved query, by name
//   POST   /api/v1/queries            {name, dataset, description?, query} -> 201
//   GET    /api/v1/queries/{id}
//   PUT    /api/v1/queries/{id}       the same body as POST
//   DELETE /api/v1/queries/{id}       -> 204
//   GET    /api/v1/query_history?limit=N   newest first (N <= 1000, default 100)
//
// Every route needs the read scope: saved queries are how people read, not
// data. Thread-safe.
#pragma once

#include "api/common/principal.h"
#include "core/clock.h"
#include "meta/meta_store.h"
#include "net/http/router.h"

namespace waggle::api::v1 {

// History entries kept per environment.
inline constexpr int kQueryHistoryKept = 1000;

class SavedQueriesApi {
 public:
  // All references must outlive this object.
  SavedQueriesApi(meta::MetaStore& meta, const PrincipalResolver& principals,
                  const core::Clock& clock)
      : meta_(meta), principals_(principals), clock_(clock) {}
  // Adds the routes above.
  void AddRoutes(net::http::Router& router);

 private:
  net::http::Response List(const net::http::Request& req) const;
  net::http::Response Create(const net::http::Request& req) const;
  net::http::Response Get(const net::http::Request& req) const;
  net::http::Response Update(const net::http::Request& req) const;
  net::http::Response Delete(const net::http::Request& req) const;
  net::http::Response History(const net::http::Request& req) const;

  meta::MetaStore& meta_;
  const PrincipalResolver& principals_;
  const core::Clock& clock_;
};

}  // namespace waggle::api::v1
