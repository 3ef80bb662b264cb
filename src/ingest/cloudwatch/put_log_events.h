// PutLogEvents (CloudWatch Logs, specs/cloudwatch-logs.md §5): reading the
// request's members, the batch limits, chronological order, and sorting the
// events into accepted and rejected (too old / expired / too new) ones.
// Pure functions over views; thread-safe.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::ingest::cloudwatch {

inline constexpr size_t kMaxBatchEvents = 10'000;
inline constexpr size_t kMaxBatchBytes = 1'048'576;
inline constexpr size_t kEventOverheadBytes = 26;
inline constexpr int64_t kMsPerDay = 86'400'000;
inline constexpr int64_t kMaxBatchSpanMs = kMsPerDay;  // 24 h
inline constexpr int64_t kTooNewMs = 2 * 3'600'000;    // more than 2 h ahead
inline constexpr int64_t kTooOldMs = 14 * kMsPerDay;   // more than 14 days old

struct InputEvent {
  int64_t timestamp_ms = 0;
  std::string_view message;  // UTF-8, at least one byte
};

// The members of a PutLogEvents request that Waggle uses. Views point into
// the JSON parser's storage.
struct PutLogEventsInput {
  std::string_view log_group_name;
  std::string_view log_stream_name;
  std::vector<InputEvent> events;
};

// Reads a PutLogEvents request object. InvalidArgument (with the AWS-style
// "1 validation error detected: ..." message) when a required member is
// missing, mistyped, or logEvents has no event or an empty message.
// `sequenceToken` and `entity` are accepted and ignored.
absl::Status ParsePutLogEvents(simdjson::dom::element root, PutLogEventsInput* out);

// Spec §5 steps 2-3: at most 10,000 events, Σ(message bytes + 26) at most
// 1,048,576, timestamps non-decreasing. InvalidArgument with AWS's message.
absl::Status ValidateBatch(const std::vector<InputEvent>& events);

// Where a validated (sorted) batch splits: events [accepted_begin,
// accepted_end) are stored; the prefix before is too old or expired, the
// suffix after too new. The indexes are AWS's rejectedLogEventsInfo.
struct Classification {
  size_t accepted_begin = 0;
  size_t accepted_end = 0;
  std::optional<size_t> too_new_start;  // first too-new index (inclusive)
  std::optional<size_t> too_old_end;    // one past the last too-old index
  std::optional<size_t> expired_end;    // one past the last expired index
  bool any_rejected() const { return too_new_start || too_old_end || expired_end; }
};

// Classifies `events` (sorted) against `now_ms` and the group's retention
// (nullopt = never expire): too new > now+2h, too old < now-14d, expired <
// now-retention.
Classification Classify(const std::vector<InputEvent>& events, int64_t now_ms,
                        std::optional<int> retention_days);

// Spec §5 step 5: the accepted events may span at most 24 hours;
// InvalidArgument with AWS's message otherwise.
absl::Status CheckSpan(const std::vector<InputEvent>& events, const Classification& c);

}  // namespace waggle::ingest::cloudwatch
