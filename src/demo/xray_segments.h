// The backend's X-Ray segments, as Cruddur's aws_xray_sdk sends them to the
// daemon: one document per sampled backend request, the Flask request as
// the segment and its handler, SQL, DynamoDB and Rollbar calls as
// subsegments, with the http block, a user_id annotation, fault/error flags
// and, for a 500, the exception as `cause`. The SDK runs beside the
// OpenTelemetry one, so its trace id is its own: the request's start in
// the first 8 hex digits, as X-Ray ids are.
#pragma once

#include <string>

#include "synth/trace_plan.h"

namespace waggle::demo {

// The daemon's datagram header line.
inline constexpr std::string_view kXrayDaemonHeader = "{\"format\":\"json\",\"version\":1}\n";

// True if the SDK samples `plan`: a backend request chosen by its trace id
// at the Cruddur rule's fixed rate of 10 %.
bool XraySampled(const synth::TracePlan& plan);

// Writes to *out the daemon datagram (header line and segment document) of
// backend request `plan`; returns the number of spans it stands for (the
// segment and its subsegments), 0 if `plan` has no backend request.
size_t EncodeXrayDatagram(const synth::TracePlan& plan, std::string* out);

}  // namespace waggle::demo
