// Dataset routing and naming rules, shared by every protocol (Honeycomb's
// rules for environment keys, specs/otlp.md §5).
#pragma once

#include <string_view>

namespace waggle::model {

inline constexpr std::string_view kUnknownService = "unknown_service";
inline constexpr std::string_view kUnknownLogSource = "unknown_log_source";
inline constexpr std::string_view kDefaultEnvironment = "default";
// Longest dataset or environment name accepted (CloudWatch's log group
// limit); longer names are cut.
inline constexpr size_t kMaxDatasetNameLength = 512;

// The dataset for spans of a resource whose service.name is `service`
// (empty if absent): trimmed name, or unknown_service when it is missing,
// blank or starts with "unknown_service".
std::string_view SpanDatasetFor(std::string_view service);
// The dataset for logs: trimmed service.name, else unknown_log_source.
std::string_view LogDatasetFor(std::string_view service);
// True if `name` is usable as a dataset or environment name: 1..512 bytes,
// no control characters (so `/aws/lambda/fn` is fine; the store escapes
// names into directory names).
bool IsValidDatasetName(std::string_view name);

}  // namespace waggle::model
