// File: api/v1/metric_series_api.h
//
// GET /api/v1/metric_filters/series: a CloudWatch Logs metric filter's
// metric over a window, computed from its log group's stored events
// (api/cloudwatch/metric_series.h); GET /api/v1/metrics: a metric by
// namespace and name, summed over every filter that publishes it. For
// charts (docs/api.md). Needs a key with the read scope when keys are on.
// Thread-safe.
#pragma once

#include "api/common/principal.h"
#include "meta/meta_store.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api::v1 {

class MetricSeriesApi {
 public:
  // Every argument must outlive this object.
  MetricSeriesApi(const store::Store& store, meta::MetaStore& meta,
                  const PrincipalResolver& principals)
      : store_(store), meta_(meta), principals_(principals) {}
  // Adds GET /api/v1/metric_filters/series and GET /api/v1/metrics.
  void AddRoutes(net::http::Router& router);

 private:
  net::http::Response Get(const net::http::Request& req) const;
  net::http::Response GetMetric(const net::http::Request& req) const;

  const store::Store& store_;
  meta::MetaStore& meta_;
  const PrincipalResolver& principals_;
};

}  // namespace waggle::api::v1
