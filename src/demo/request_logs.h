// The backend's request log: one line per Flask request in the format of
// Cruddur's `after_request` hook (shared/SCENARIOS.md §3), e.g.
//   [2026-Mar-12 15:21] 172.17.0.1 GET http /api/activities/home? 200 OK
// carried as OTLP log records that point at the request's server span.
#pragma once

#include <string>
#include <vector>

#include "synth/trace_plan.h"

namespace waggle::demo {

// The after_request line for `plan` (a backend request), logged at `unix_ns`.
std::string AfterRequestLine(const synth::TracePlan& plan, int64_t unix_ns);
// The backend's request span of `plan` (SpanRole::kServer), or nullptr.
const synth::PlannedSpan* ServerSpan(const synth::TracePlan& plan);
// The request's URL path, e.g. "/api/activities/home" or "/api/messages/@andrewbrown".
std::string RequestPath(const synth::TracePlan& plan);
// Lower-case hex of `bytes`, e.g. a trace or span id.
std::string LowerHex(const uint8_t* bytes, size_t n);
// True if `plan` is a request the backend served (not a browser-only trace).
bool IsBackendRequest(const synth::TracePlan& plan);
// Writes to *out an OTLP ExportLogsServiceRequest (protobuf) holding one
// record per backend request of `plans`: the after_request line as body,
// INFO (or ERROR for a 5xx), the server span's trace and span ids, and
// http.route / http.response.status_code / user.id attributes. Returns the
// number of records.
size_t EncodeRequestLogs(const std::vector<synth::TracePlan>& plans, std::string* out);

}  // namespace waggle::demo
