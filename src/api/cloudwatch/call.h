// What every CloudWatch Logs operation handler receives and shares: the
// caller, the parsed request, the services, and the error vocabulary.
// Handlers are free functions `absl::StatusOr<std::string> Op(LogsContext&,
// const Call&)` returning the JSON body of a 200 reply; errors carry the
// canonical code that names the AWS exception (see ToAwsError).
#pragma once

#include <simdjson.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/aws/aws.h"
#include "api/cloudwatch/insights_queries.h"
#include "core/clock.h"
#include "core/status.h"
#include "meta/log_groups_table.h"
#include "meta/meta_store.h"
#include "store/catalog/store.h"

namespace waggle::api::cloudwatch {

// Hands out event sequence numbers: strictly increasing for the life of the
// data directory (seeded above everything recorded and above the clock in
// microseconds, so a restart never reuses one). Thread-safe.
class SequenceAllocator {
 public:
  explicit SequenceAllocator(int64_t floor) : next_(floor) {}
  // Reserves `count` consecutive numbers and returns the first.
  int64_t Allocate(int64_t count) { return next_.fetch_add(count, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> next_;
};

// The services the handlers use; all outlive the handlers. Thread-safe.
struct LogsContext {
  store::Store& store;
  meta::MetaStore& meta;
  const core::Clock& clock;
  SequenceAllocator& sequences;
  InsightsQueries& queries;
};

// One authenticated request.
struct Call {
  std::string_view environment;
  std::string_view region;
  std::string_view account_id;
  simdjson::dom::element input;  // the request's JSON object
  int64_t now_ms = 0;
};

// The payload key of a Status that names its AWS exception type exactly
// (e.g. TooManyTagsException), overriding the mapping by code below.
inline constexpr std::string_view kAwsTypePayload = "waggle.aws/type";
// `status` tagged with AWS exception `type`.
absl::Status WithAwsType(absl::Status status, std::string_view type);

// Status -> AWS exception (a kAwsTypePayload wins): InvalidArgument -> InvalidParameterException,
// NotFound -> ResourceNotFoundException, AlreadyExists ->
// ResourceAlreadyExistsException, ResourceExhausted/Unavailable ->
// ServiceUnavailableException (503, so SDKs retry), FailedPrecondition ->
// OperationAbortedException, anything else -> ServiceUnavailableException 500.
aws::AwsError ToAwsError(const absl::Status& status);

// The log group `name` of `environment`: NotFound with AWS's message if missing.
absl::StatusOr<meta::LogGroupRow> LoadGroup(LogsContext& ctx, std::string_view environment,
                                            std::string_view name);
// The ARN of log group `name`, with the ":*" suffix when `iam_form`.
std::string GroupArn(const Call& call, std::string_view name, bool iam_form);

// The AWS messages for missing resources.
inline constexpr std::string_view kNoSuchGroup = "The specified log group does not exist.";
inline constexpr std::string_view kNoSuchStream = "The specified log stream does not exist.";
inline constexpr std::string_view kBadNextToken = "The specified nextToken is invalid.";

}  // namespace waggle::api::cloudwatch
