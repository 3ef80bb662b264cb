// What GetLogEvents and FilterLogEvents share: the common members, the
// retention horizon, and rendering events. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <optional>

#include "api/cloudwatch/call.h"
#include "api/cloudwatch/event_scan.h"
#include "core/json_writer.h"

namespace waggle::api::cloudwatch {

// A read page holds at most this many bytes of events (message + 26 each).
inline constexpr size_t kMaxPageBytes = 1'048'576;
inline constexpr size_t kEventOverhead = 26;

// The oldest visible timestamp of a group with `retention_days` at `now_ms`
// (0 when it never expires): older events are expired and hidden.
int64_t RetentionHorizonMs(std::optional<int> retention_days, int64_t now_ms);

// Reads the optional startTime/endTime members into an inclusive range of
// `spec`; `end_exclusive` says how endTime counts (GetLogEvents: exclusive).
absl::Status ReadTimeRange(const Call& call, bool end_exclusive, ScanSpec* spec);

// Writes one event object: timestamp, message, ingestionTime, and with
// `filter_fields` also logStreamName and eventId.
void WriteEvent(core::JsonWriter& json, const LogEvent& e, bool filter_fields);

}  // namespace waggle::api::cloudwatch
