#include "ingest/cloudwatch/put_log_events.h"

#include <fmt/format.h>

namespace waggle::ingest::cloudwatch {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

absl::Status NotNull(std::string_view member) {
  return absl::InvalidArgumentError(fmt::format(
      "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must "
      "not be null",
      member));
}

absl::Status WrongType(std::string_view member, std::string_view want) {
  return absl::InvalidArgumentError(
      fmt::format("1 validation error detected: Value at '{}' failed to satisfy constraint: Member "
                  "must be {}",
                  member, want));
}

absl::Status ReadString(element obj, std::string_view member, std::string_view* out) {
  element v;
  if (obj[member].get(v) || v.is_null()) return NotNull(member);
  if (v.get_string().get(*out)) return WrongType(member, "a string");
  return absl::OkStatus();
}

// JSON integers only: timestamps are longs on the wire.
bool ReadLong(element v, int64_t* out) {
  if (v.type() == element_type::INT64) {
    *out = v.get_int64().value_unsafe();
    return true;
  }
  return false;
}

absl::Status ReadEvent(element e, size_t index, InputEvent* out) {
  std::string ts_name = fmt::format("logEvents.{}.member.timestamp", index + 1);
  std::string msg_name = fmt::format("logEvents.{}.member.message", index + 1);
  if (e.type() != element_type::OBJECT) {
    return WrongType(fmt::format("logEvents.{}.member", index + 1), "an object");
  }
  element ts;
  if (e["timestamp"].get(ts) || ts.is_null()) return NotNull(ts_name);
  if (!ReadLong(ts, &out->timestamp_ms)) return WrongType(ts_name, "a 64-bit integer");
  RETURN_IF_ERROR(ReadString(e, "message", &out->message));
  if (out->message.empty()) {
    return absl::InvalidArgumentError(fmt::format(
        "1 validation error detected: Value '' at '{}' failed to satisfy constraint: Member must "
        "have length greater than or equal to 1",
        msg_name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParsePutLogEvents(element root, PutLogEventsInput* out) {
  if (root.type() != element_type::OBJECT) {
    return absl::InvalidArgumentError("the request body must be a JSON object");
  }
  RETURN_IF_ERROR(ReadString(root, "logGroupName", &out->log_group_name));
  RETURN_IF_ERROR(ReadString(root, "logStreamName", &out->log_stream_name));
  element events;
  if (root["logEvents"].get(events) || events.is_null()) return NotNull("logEvents");
  simdjson::dom::array arr;
  if (events.get_array().get(arr)) return WrongType("logEvents", "a list");
  if (arr.size() == 0) {
    return absl::InvalidArgumentError(
        "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  }
  if (arr.size() > kMaxBatchEvents) {
    return absl::InvalidArgumentError(fmt::format(
        "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member "
        "must have length less than or equal to {}",
        kMaxBatchEvents));
  }
  out->events.clear();
  out->events.reserve(arr.size());
  size_t index = 0;
  for (element e : arr) {
    RETURN_IF_ERROR(ReadEvent(e, index++, &out->events.emplace_back()));
  }
  return absl::OkStatus();
}

absl::Status ValidateBatch(const std::vector<InputEvent>& events) {
  if (events.size() > kMaxBatchEvents) {
    return absl::InvalidArgumentError(
        fmt::format("The batch of log events exceeds the maximum of {} events.", kMaxBatchEvents));
  }
  size_t bytes = 0;
  for (const InputEvent& e : events) bytes += e.message.size() + kEventOverheadBytes;
  if (bytes > kMaxBatchBytes) {
    return absl::InvalidArgumentError(
        fmt::format("Upload too large: {} bytes exceeds limit of {}", bytes, kMaxBatchBytes));
  }
  for (size_t i = 1; i < events.size(); ++i) {
    if (events[i].timestamp_ms < events[i - 1].timestamp_ms) {
      return absl::InvalidArgumentError(
          "Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  return absl::OkStatus();
}

Classification Classify(const std::vector<InputEvent>& events, int64_t now_ms,
                        std::optional<int> retention_days) {
  Classification c;
  const size_t n = events.size();
  size_t too_old = 0;
  while (too_old < n && events[too_old].timestamp_ms < now_ms - kTooOldMs) ++too_old;
  size_t expired = too_old;
  if (retention_days.has_value()) {
    const int64_t horizon = now_ms - int64_t{*retention_days} * kMsPerDay;
    while (expired < n && events[expired].timestamp_ms < horizon) ++expired;
  }
  size_t too_new = n;
  while (too_new > expired && events[too_new - 1].timestamp_ms > now_ms + kTooNewMs) --too_new;
  if (too_old > 0) c.too_old_end = too_old;
  if (expired > too_old) c.expired_end = expired;
  if (too_new < n) c.too_new_start = too_new;
  c.accepted_begin = expired;
  c.accepted_end = too_new;
  return c;
}

absl::Status CheckSpan(const std::vector<InputEvent>& events, const Classification& c) {
  if (c.accepted_end <= c.accepted_begin) return absl::OkStatus();
  int64_t first = events[c.accepted_begin].timestamp_ms;
  int64_t last = events[c.accepted_end - 1].timestamp_ms;
  if (last - first > kMaxBatchSpanMs) {
    return absl::InvalidArgumentError(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 "
        "hours.");
  }
  return absl::OkStatus();
}

}  // namespace waggle::ingest::cloudwatch
