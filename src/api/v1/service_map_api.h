// File: api/v1/service_map_api.h
//
// GET /api/v1/service_map: the service map of the web UI (docs/api.md),
// the same graph as X-Ray's GetServiceGraph (api/xray/service_graph.h) in
// a compact form: nodes with request counts, outcomes and mean latency,
// and edges between them. Needs a key with the read scope when keys are
// on. Thread-safe.
#pragma once

#include "api/common/principal.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api::v1 {

class ServiceMapApi {
 public:
  // Both must outlive this object.
  ServiceMapApi(const store::Store& store, const PrincipalResolver& principals)
      : store_(store), principals_(principals) {}
  // Adds GET /api/v1/service_map.
  void AddRoutes(net::http::Router& router);

 private:
  net::http::Response Get(const net::http::Request& req) const;

  const store::Store& store_;
  const PrincipalResolver& principals_;
};

}  // namespace waggle::api::v1
