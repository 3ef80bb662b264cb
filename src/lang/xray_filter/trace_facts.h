// File: TraceFacts, everything an X-Ray filter expression can ask about one
// trace. The X-Ray read API fills one per trace (from its spans/segments) and
// hands it to FilterExpression::Matches. Plain data; no invariants beyond
// the index ranges documented on EdgeFacts.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace waggle::lang::xray {

// An annotation value as X-Ray stores it: string, number or boolean.
using AnnotationValue = std::variant<std::string, double, bool>;

// One segment (or, for an inferred node/edge, the calling subsegment): its
// outcome and HTTP block.
struct SegmentFacts {
  bool fault = false;          // `fault` flag (5xx)
  bool error = false;          // `error` flag (4xx)
  bool throttle = false;       // `throttle` flag (429)
  double response_time_s = 0;  // end_time − start_time, seconds
  int http_status = 0;         // http.response.status; 0 = none
  std::string http_url;        // http.request.url
  std::string http_method;     // http.request.method
  std::string http_useragent;  // http.request.user_agent
  std::string http_clientip;   // http.request.client_ip
  std::string user;            // segment `user`; empty = none
};

// One node of the trace's service graph: a real service (segment name +
// origin) or an inferred downstream node (AWS resource, remote endpoint).
struct ServiceFacts {
  std::string name;        // segment name (or inferred node name)
  std::string type;        // origin, e.g. "AWS::EC2::Instance"; "" when none
  std::string account_id;  // aws.account_id; "" when none
  bool root = false;       // the trace's entry point (no parent in the trace)
  bool inferred = false;   // made up from a calling subsegment, not a real segment
  // One entry per segment of this node in the trace (for an inferred node:
  // the calling subsegment). `service("x") { f }` holds when some entry
  // satisfies f.
  std::vector<SegmentFacts> segments;
};

// A call from one node to another, with the caller's subsegment(s).
struct EdgeFacts {
  int caller = 0;  // index into TraceFacts::services
  int callee = 0;  // index into TraceFacts::services
  // The caller's subsegments that made the call; `edge(a, b) { f }` holds
  // when some entry satisfies f.
  std::vector<SegmentFacts> calls;
};

// An exception recorded on a root-cause entity.
struct ExceptionFacts {
  std::string name;     // exception type, e.g. "ValueError"
  std::string message;  // exception message
};

// One entity (segment or subsegment) on a root-cause path.
struct EntityFacts {
  std::string name;
  bool remote = false;  // the exception came from a downstream call
  std::vector<ExceptionFacts> exceptions;
  double coverage = 0;  // response-time causes: share of the response time, 0..1
};

enum class RootCauseKind { kFault, kError, kResponseTime };

// One root cause as in TraceSummary Fault/Error/ResponseTimeRootCauses: the
// service blamed and the path of entities inside it down to the culprit.
struct RootCauseFacts {
  RootCauseKind kind = RootCauseKind::kFault;
  std::string service_name;
  std::string service_type;
  bool inferred = false;
  double coverage = 0;                   // response-time causes: share, 0..1
  std::vector<EntityFacts> entity_path;  // outermost first
};

// One annotation of any segment in the trace (keys may repeat across segments).
struct AnnotationFacts {
  std::string key;
  AnnotationValue value;
};

// Everything a filter can ask about one trace. Top-level keywords read:
//   duration → duration_s; responsetime, fault, error, ok, http.* → root;
//   throttle → has_throttle; partial → partial; user → users (any);
//   inferred → any services[i].inferred; annotation.K → annotations (any
//   entry with key K); service()/edge() → services/edges; rootcause.* →
//   root_causes; availabilityzone/instance.id/resource.arn → the lists (any).
struct TraceFacts {
  double duration_s = 0;           // latest end − earliest start over all segments
  bool has_throttle = false;       // any segment throttled (TraceSummary HasThrottle)
  bool partial = false;            // some segment is still in progress
  SegmentFacts root;               // the root (entry) segment
  std::vector<std::string> users;  // `user` of every segment that has one
  std::vector<AnnotationFacts> annotations;
  std::vector<ServiceFacts> services;
  std::vector<EdgeFacts> edges;
  std::vector<RootCauseFacts> root_causes;
  std::vector<std::string> availability_zones;  // aws.ec2.availability_zone values
  std::vector<std::string> instance_ids;        // aws.ec2.instance_id values
  std::vector<std::string> resource_arns;       // resource_arn values
};

}  // namespace waggle::lang::xray
