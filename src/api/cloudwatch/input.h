// Reading and validating the members of a CloudWatch Logs request object
// (specs/cloudwatch-logs.md §4). Every failure is InvalidArgument with AWS's
// "1 validation error detected: ..." wording, which becomes
// InvalidParameterException. Thread-safe (pure functions).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::api::cloudwatch {

using Json = simdjson::dom::element;

// A string member, or nullopt when absent or null.
absl::StatusOr<std::optional<std::string_view>> OptionalString(Json input, std::string_view member);
// A string member that must be present.
absl::StatusOr<std::string_view> RequiredString(Json input, std::string_view member);
// An integer member, or nullopt when absent or null.
absl::StatusOr<std::optional<int64_t>> OptionalInt(Json input, std::string_view member);
// A boolean member, or `fallback` when absent or null.
absl::StatusOr<bool> OptionalBool(Json input, std::string_view member, bool fallback);
// A list of strings (nullopt when absent), with at most `max_items` items.
absl::StatusOr<std::optional<std::vector<std::string_view>>> OptionalStringList(
    Json input, std::string_view member, size_t max_items);
// A map of string to string (empty when absent), at most `max_items` entries.
absl::StatusOr<std::map<std::string, std::string>> OptionalStringMap(Json input,
                                                                     std::string_view member,
                                                                     size_t max_items);

// `limit`-style member in [lo, hi], `fallback` when absent.
absl::StatusOr<int64_t> LimitMember(Json input, std::string_view member, int64_t lo, int64_t hi,
                                    int64_t fallback);

// Checks a log group name: 1-512 chars of [.-_/#A-Za-z0-9].
absl::Status ValidateGroupName(std::string_view member, std::string_view name);
// Checks a log stream name: 1-512 chars, no ':' or '*'.
absl::Status ValidateStreamName(std::string_view member, std::string_view name);

// The log group name inside a log group ARN
// (arn:aws:logs:<region>:<account>:log-group:<name>[:*]), or `id` itself
// when it is not such an ARN (then it is taken as a name).
std::string_view NameFromIdentifier(std::string_view id);

// The log group a read names: `logGroupName` or `logGroupIdentifier` (a
// name or a log group ARN), exactly one of them when `required`; "" when
// neither is given and not required.
absl::StatusOr<std::string> GroupFromNameOrIdentifier(Json input, bool required);

}  // namespace waggle::api::cloudwatch
