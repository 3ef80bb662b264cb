// Turns one planned span into an OTLP Span message with Cruddur's
// attributes (what the OpenTelemetry Flask, psycopg, botocore, requests and
// browser fetch instrumentations record, plus the app's own attributes).
#pragma once

#include <string>

#include "synth/prng.h"
#include "synth/proto_writer.h"
#include "synth/trace_plan.h"

namespace waggle::synth {

// Not thread-safe: holds scratch buffers reused from span to span.
class SpanEncoder {
 public:
  SpanEncoder() = default;

  // Appends `span` (a member of `plan`) to `w` as ScopeSpans.spans. Draws
  // per-span attribute values (thread ids, request ids) from `rng`.
  void Encode(const TracePlan& plan, const PlannedSpan& span, Prng* rng, ProtoWriter* w);

 private:
  void PutBrowserClick(const TracePlan& plan, Prng* rng, ProtoWriter* w);
  void PutBrowserFetch(const TracePlan& plan, ProtoWriter* w);
  void PutServer(const TracePlan& plan, ProtoWriter* w);
  void PutHandler(const TracePlan& plan, const PlannedSpan& span, Prng* rng, ProtoWriter* w);
  void PutSql(const TracePlan& plan, const PlannedSpan& span, Prng* rng, ProtoWriter* w);
  void PutDynamoDb(const PlannedSpan& span, Prng* rng, ProtoWriter* w);
  void PutRollbar(const PlannedSpan& span, ProtoWriter* w);
  void PutException(const PlannedSpan& span, int layer, ProtoWriter* w);
  // Fills path_ with the request's url.path.
  void BuildPath(const TracePlan& plan);

  std::string path_;
  std::string scratch_;
};

}  // namespace waggle::synth
