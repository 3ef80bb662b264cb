// The backend's request log as watchtower ships it to CloudWatch Logs:
// Cruddur's `after_request` line for every request, logged to group
// "cruddur" in one stream per Flask host (watchtower's default name
// "{machine_name}/{program_name}/{logger_name}/{process_id}"), with the
// OpenTelemetry logging instrumentation's trace_id/span_id fields appended
// so a line leads to its trace. Pure functions: building events and
// PutLogEvents bodies; the sending lives in cloudwatch_sender.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "synth/trace_plan.h"

namespace waggle::demo {

inline constexpr std::string_view kCloudWatchLogGroup = "cruddur";
// PutLogEvents limits: events per call, bytes per call (messages plus 26
// bytes each) and the span of one call's timestamps.
inline constexpr size_t kMaxEventsPerPut = 10'000;
inline constexpr size_t kMaxBytesPerPut = 1'048'576;
inline constexpr size_t kEventOverheadBytes = 26;
inline constexpr int64_t kMaxPutSpanMs = 24 * 3600 * 1000;

struct LogEvent {
  int64_t timestamp_ms = 0;
  std::string message;
};

// The number of log streams: one per backend host.
int CloudWatchStreamCount();
// The watchtower stream name of backend host `stream` (0-based).
std::string CloudWatchStreamName(int stream);

// Appends the after_request event of every backend request in `plans` to
// (*by_stream)[host], which must have CloudWatchStreamCount() entries.
void CollectCloudWatchEvents(const std::vector<synth::TracePlan>& plans,
                             std::vector<std::vector<LogEvent>>* by_stream);

// One PutLogEvents request body (AWS JSON 1.1) and how many events it holds.
struct PutLogEventsBody {
  std::string json;
  uint64_t events = 0;
};

// Sorts `events` by time and writes the PutLogEvents request bodies that
// carry them to `stream` of `group`, each within the limits above. An
// event too large for any call is cut to fit.
std::vector<PutLogEventsBody> PutLogEventsBodies(std::string_view group, std::string_view stream,
                                                 std::span<LogEvent> events);

}  // namespace waggle::demo
