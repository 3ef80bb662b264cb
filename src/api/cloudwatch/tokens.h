// Event positions and the opaque paging tokens of CloudWatch Logs reads.
//
// An event's position is (timestamp ms, sequence number): a stream and a
// group are read in that order (ties by arrival). Its eventId is the
// position as 56 decimal digits (20 for the timestamp, 36 for the
// sequence), so ids sort like positions, as AWS's do.
//
// Tokens:  GetLogEvents  "f/<id>" (after) and "b/<id>" (before);
//          FilterLogEvents "n/<id>" (after); DescribeLogGroups "g/<hex name>";
//          DescribeLogStreams "s/<last event ms>/<hex name>".
// Every parser rejects anything else (InvalidArgument "The specified
// nextToken is invalid."). Thread-safe (pure functions).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace waggle::api::cloudwatch {

struct EventKey {
  int64_t timestamp_ms = 0;
  int64_t sequence = 0;
  auto operator<=>(const EventKey&) const = default;
};

// The 56-digit event id of `key` (both parts non-negative).
std::string EventId(const EventKey& key);

enum class Direction { kForward, kBackward };

struct StreamToken {
  Direction direction = Direction::kForward;
  EventKey key;
};

// "f/<id>" or "b/<id>".
std::string EncodeStreamToken(const StreamToken& token);
absl::StatusOr<StreamToken> ParseStreamToken(std::string_view token);

// "n/<id>": FilterLogEvents resumes after `key`.
std::string EncodeFilterToken(const EventKey& key);
absl::StatusOr<EventKey> ParseFilterToken(std::string_view token);

// "g/<hex name>": DescribeLogGroups resumes after group `name`.
std::string EncodeGroupToken(std::string_view name);
absl::StatusOr<std::string> ParseGroupToken(std::string_view token);

// "s/<key>/<hex name>": DescribeLogStreams resumes after (key, name).
std::string EncodeStreamListToken(int64_t key, std::string_view name);
absl::StatusOr<std::pair<int64_t, std::string>> ParseStreamListToken(std::string_view token);

// DescribeMetricFilters paging: the (log group, filter name) of the last
// filter returned.
std::string EncodeMetricFilterToken(std::string_view group, std::string_view name);
absl::StatusOr<std::pair<std::string, std::string>> ParseMetricFilterToken(std::string_view token);

}  // namespace waggle::api::cloudwatch
