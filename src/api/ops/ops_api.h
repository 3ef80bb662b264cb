// Operational endpoints: GET /healthz (liveness) and GET /metrics
// (Prometheus text: ingest counters and store gauges). Unauthenticated, as
// scrapers and load balancers expect. Thread-safe.
#pragma once

#include "api/common/metrics.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api {

// Adds /healthz and /metrics to `router`.
void AddOpsRoutes(net::http::Router& router, const store::Store& store,
                  const IngestMetrics& metrics);

}  // namespace waggle::api
