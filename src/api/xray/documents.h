// File: api/xray/documents.h
//
// Rebuilds a trace's X-Ray segment documents (BatchGetTraces) from its
// stored spans. Spans that arrived as X-Ray documents give back the
// documents as received: a complete document replaces an in-progress one of
// the same id, and independently sent subsegments are merged into their
// parent's `subsegments` (those whose parent never arrived stay documents of
// their own). Spans that arrived over OTLP are turned into documents: a
// span whose parent is absent, in another service, or that is a SERVER or
// CONSUMER span becomes a segment named after its service; the others
// become its (nested) subsegments. Thread-compatible (pure functions).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/ids.h"
#include "query/traces/rows.h"

namespace waggle::api::xray {

struct TraceDocuments {
  int64_t start_ns = 0;  // earliest span start
  int64_t end_ns = 0;    // latest span end
  // (segment id as 16 hex, document JSON), in span order.
  std::vector<std::pair<std::string, std::string>> segments;
};

// The documents of the trace whose spans are `rows` (as FindTrace returns).
TraceDocuments BuildTraceDocuments(const model::TraceId& trace_id,
                                   const std::vector<query::Row>& rows);

// Writes a seconds value (ns / 1e9) as X-Ray does: a JSON number.
double NanosToSeconds(int64_t ns);

// Facts about one stored span, shared with the trace summaries.
// True if the span arrived as an X-Ray document (it has xray.type).
bool IsXraySpan(const query::Row& r);
// Its http.response.status_code (or the older http.status_code), else 0.
int64_t HttpStatusOf(const query::Row& r);
// X-Ray's outcome flags for a span that arrived over OTLP: fault for a
// failed span without a 4xx status, error for 4xx, throttle for 429.
struct OtelOutcome {
  bool fault = false;
  bool error = false;
  bool throttle = false;
};
OtelOutcome OtelOutcomeOf(const query::Row& r, int64_t http_status);

}  // namespace waggle::api::xray
