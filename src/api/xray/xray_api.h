// File: api/xray/xray_api.h
//
// The X-Ray service API (REST-JSON, specs/xray.md §4): every operation is
// `POST <fixed path>` with a JSON body, answered in X-Ray's own shapes and
// errors (x-amzn-ErrorType + {"message"}). This slice serves
// PutTraceSegments (/TraceSegments), BatchGetTraces (/Traces),
// GetTraceSummaries (/TraceSummaries, with FilterExpression via
// lang/xray_filter), GetServiceGraph (/ServiceGraph, optionally by group),
// GetSamplingTargets (/SamplingTargets),
// GetTraceGraph, GetTimeSeriesServiceStatistics and
// GetSamplingStatisticSummaries (xray_reads.cc), PutTelemetryRecords, the
// sampling rules (xray_rules.cc), and groups and tags (xray_groups.cc),
// which persist in the control plane.
// On the edge port requests are SigV4-verified (api/aws); on the daemon's
// TCP port they are unsigned, as the SDKs call it, and land in the
// "default" environment. Thread-safe.
#pragma once

#include <simdjson.h>

#include "api/aws/aws.h"
#include "api/xray/sampling.h"
#include "api/xray/segment_ingester.h"
#include "core/clock.h"
#include "lang/xray_filter/filter_expression.h"
#include "meta/meta_store.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api::xray {

// Filter-expression options resolving `group.name`/`group.arn` references
// to the filter expressions of `environment`'s groups (Default: every
// trace). `meta` must outlive the options.
lang::xray::ParseOptions GroupResolver(meta::MetaStore& meta, std::string_view environment);

class XrayApi {
 public:
  // Every argument must outlive this object. `auth` null = no verification
  // anywhere (tests).
  XrayApi(store::Store& store, meta::MetaStore& meta, SegmentIngester& ingester,
          SamplingService& sampling, const aws::AwsAuthenticator* auth, const core::Clock& clock)
      : store_(store),
        meta_(meta),
        ingester_(ingester),
        sampling_(sampling),
        auth_(auth),
        clock_(clock) {}

  // Adds the routes to `router`; `verify_signatures` false for the daemon's
  // unsigned TCP port.
  void AddRoutes(net::http::Router& router, bool verify_signatures) const;

  // Who made a request, after authentication.
  struct Caller {
    std::string environment = "default";
    std::string region = "us-east-1";
    std::string account_id = "000000000000";
  };

 private:
  // Each operation gets its request body already parsed into a JSON object
  // (an empty body is {}); AddRoutes answers anything else with 400.
  using Json = simdjson::dom::element;
  net::http::Response PutTraceSegments(Json body, const Caller& who) const;
  net::http::Response BatchGetTraces(Json body, const Caller& who) const;
  net::http::Response GetTraceSummaries(Json body, const Caller& who) const;
  net::http::Response GetServiceGraph(Json body, const Caller& who) const;
  net::http::Response GetSamplingRules(Json body, const Caller& who) const;
  net::http::Response GetSamplingTargets(Json body, const Caller& who) const;
  net::http::Response PutTelemetryRecords(Json body, const Caller& who) const;
  // xray_reads.cc
  net::http::Response GetTraceGraph(Json body, const Caller& who) const;
  net::http::Response GetTimeSeriesServiceStatistics(Json body, const Caller& who) const;
  net::http::Response GetSamplingStatisticSummaries(Json body, const Caller& who) const;
  // xray_rules.cc
  net::http::Response CreateSamplingRule(Json body, const Caller& who) const;
  net::http::Response UpdateSamplingRule(Json body, const Caller& who) const;
  net::http::Response DeleteSamplingRule(Json body, const Caller& who) const;
  // xray_groups.cc
  net::http::Response CreateGroup(Json body, const Caller& who) const;
  net::http::Response GetGroup(Json body, const Caller& who) const;
  net::http::Response GetGroups(Json body, const Caller& who) const;
  net::http::Response UpdateGroup(Json body, const Caller& who) const;
  net::http::Response DeleteGroup(Json body, const Caller& who) const;
  net::http::Response TagResource(Json body, const Caller& who) const;
  net::http::Response UntagResource(Json body, const Caller& who) const;
  net::http::Response ListTagsForResource(Json body, const Caller& who) const;

  store::Store& store_;
  meta::MetaStore& meta_;
  SegmentIngester& ingester_;
  SamplingService& sampling_;
  const aws::AwsAuthenticator* auth_;
  const core::Clock& clock_;
};

}  // namespace waggle::api::xray
