// File: api/xray/xray_api.h
//
// The X-Ray service API (REST-JSON, specs/xray.md §4): every operation is
// `POST <fixed path>` with a JSON body, answered in X-Ray's own shapes and
// errors (x-amzn-ErrorType + {"message"}). This slice serves
// PutTraceSegments (/TraceSegments), BatchGetTraces (/Traces),
// GetTraceSummaries (/TraceSummaries, with FilterExpression via
// lang/xray_filter), GetSamplingRules (/GetSamplingRules),
// GetSamplingTargets (/SamplingTargets) and PutTelemetryRecords.
// On the edge port requests are SigV4-verified (api/aws); on the daemon's
// TCP port they are unsigned, as the SDKs call it, and land in the
// "default" environment. Thread-safe.
#pragma once

#include <simdjson.h>

#include "api/aws/aws.h"
#include "api/xray/sampling.h"
#include "api/xray/segment_ingester.h"
#include "core/clock.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api::xray {

class XrayApi {
 public:
  // Every argument must outlive this object. `auth` null = no verification
  // anywhere (tests).
  XrayApi(store::Store& store, SegmentIngester& ingester, SamplingService& sampling,
          const aws::AwsAuthenticator* auth, const core::Clock& clock)
      : store_(store), ingester_(ingester), sampling_(sampling), auth_(auth), clock_(clock) {}

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
  net::http::Response GetSamplingRules(Json body, const Caller& who) const;
  net::http::Response GetSamplingTargets(Json body, const Caller& who) const;
  net::http::Response PutTelemetryRecords(Json body, const Caller& who) const;

  store::Store& store_;
  SegmentIngester& ingester_;
  SamplingService& sampling_;
  const aws::AwsAuthenticator* auth_;
  const core::Clock& clock_;
};

}  // namespace waggle::api::xray
