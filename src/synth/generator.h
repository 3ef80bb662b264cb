// File: synth/generator.h
//
// A deterministic generator of realistic OTLP trace traffic from "Cruddur"
// (shared/SCENARIOS.md): frontend-react-js calling backend-flask, which
// queries Postgres and calls DynamoDB and Rollbar. It feeds benchmarks, load
// tests and demos with data whose shape matters to a columnar store:
//
//  * traces of 1-50 spans (mostly 2-6, a long tail of N+1 query storms);
//  * ~15 attributes per span with realistic cardinalities: a handful of
//    routes and ~30 SQL statement templates, 100k distinct user.id values
//    drawn Zipf-style, unique request and session ids, int/double/bool and
//    array values;
//  * SERVER/CLIENT/INTERNAL kinds; ~1% of requests fail with a 500, an ERROR
//    status and an `exception` event (type, message, stacktrace);
//  * log-normal durations, with two planted anomalies for BubbleUp: the
//    route kSlowRoute runs ~4x slower SQL, and the user SlowUserId() ~6x.
//
// The same Options give the same bytes, on every run and platform.
//
// Example:
//   synth::Generator gen({.seed = 7, .start_ns = now_ns, .spans_per_second = 1e5});
//   std::string body;
//   size_t spans = gen.NextTracesRequest(512, &body);  // POST body for /v1/traces
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "synth/prng.h"
#include "synth/span_encoder.h"
#include "synth/trace_plan.h"

namespace waggle::synth {

struct Options {
  // Fixes every random choice; different seeds give different traffic.
  uint64_t seed = 1;
  // Start time of the first trace, in nanoseconds since the Unix epoch.
  int64_t start_ns = 1767225600000000000;  // 2026-01-01T00:00:00Z
  // Trace start times advance so that spans arrive at this rate (spans per
  // second; a value <= 0 or NaN is treated as 1).
  double spans_per_second = 1000;
};

// The http.route whose requests are slow.
std::string_view SlowRoute();
// The user.id whose requests are slow.
std::string SlowUserId();

// Not thread-safe: use one Generator per thread (seeded differently if the
// threads should produce different traffic).
class Generator {
 public:
  explicit Generator(const Options& options);

  // Clears *out, then writes to it one OTLP ExportTraceServiceRequest in
  // protobuf form holding whole traces, as many as it takes to reach at
  // least `min_spans` spans (none if min_spans is 0; at most min_spans +
  // kMaxTraceSpans - 1). Spans are grouped as SDKs send them: one
  // ResourceSpans per process, one ScopeSpans per tracer. Returns the
  // number of spans written.
  size_t NextTracesRequest(size_t min_spans, std::string* out);

  // Like NextTracesRequest, but writes one trace per entry of `starts`
  // (trace start times) and, if `plans` is not null, appends a copy of each
  // trace's plan to it, so callers can derive other signals (log lines,
  // errors) from the same requests. Returns the number of spans written.
  size_t NextTraces(std::span<const int64_t> starts, std::string* out,
                    std::vector<TracePlan>* plans);

  // Spans produced so far over all requests.
  uint64_t spans_generated() const { return spans_generated_; }

 private:
  // Encodes the current plan_ into the per-(resource, scope) buffers.
  void EncodePlan();
  // Writes the buffered spans as the request into *out.
  void AssembleRequest(std::string* out);

  Options options_;
  Prng rng_;
  TracePlan plan_;
  SpanEncoder encoder_;
  uint64_t spans_generated_ = 0;
  // Encoded Span fields, indexed by resource * kNumScopes + scope.
  std::vector<std::string> buffers_;
  // Encoded Resource and InstrumentationScope messages (fixed).
  std::vector<std::string> resource_messages_;
  std::vector<std::string> scope_messages_;
};

}  // namespace waggle::synth
