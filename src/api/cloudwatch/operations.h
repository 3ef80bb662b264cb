// The CloudWatch Logs operations Waggle serves (specs/cloudwatch-logs.md §5).
// Each takes the shared services and one authenticated call, and returns the
// JSON body of the 200 reply or a Status whose code (and optional AWS type
// payload, see call.h) names the exception. Thread-safe: any number may run
// at once.
#pragma once

#include <string>

#include "api/cloudwatch/call.h"

namespace waggle::api::cloudwatch {

// Log groups (group_operations.cc).
absl::StatusOr<std::string> CreateLogGroup(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DeleteLogGroup(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DescribeLogGroups(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> PutRetentionPolicy(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DeleteRetentionPolicy(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> ListTagsLogGroup(LogsContext& ctx, const Call& call);

// Log streams (stream_operations.cc).
absl::StatusOr<std::string> CreateLogStream(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DeleteLogStream(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DescribeLogStreams(LogsContext& ctx, const Call& call);

// Log events (put_log_events.cc, get_log_events.cc, filter_log_events.cc).
absl::StatusOr<std::string> PutLogEvents(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> GetLogEvents(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> FilterLogEvents(LogsContext& ctx, const Call& call);

// Logs Insights (insights.cc).
absl::StatusOr<std::string> StartQuery(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> GetQueryResults(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> StopQuery(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DescribeQueries(LogsContext& ctx, const Call& call);

// Metric filters (metric_filters.cc).
absl::StatusOr<std::string> PutMetricFilter(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DescribeMetricFilters(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DeleteMetricFilter(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> TestMetricFilter(LogsContext& ctx, const Call& call);

// Subscription filters (subscription_filters.cc): stored and listed, not
// delivered.
absl::StatusOr<std::string> PutSubscriptionFilter(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DescribeSubscriptionFilters(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> DeleteSubscriptionFilter(LogsContext& ctx, const Call& call);

// Tags of log groups, by ARN or (legacy) by name (tag_operations.cc).
absl::StatusOr<std::string> TagResource(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> UntagResource(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> ListTagsForResource(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> TagLogGroup(LogsContext& ctx, const Call& call);
absl::StatusOr<std::string> UntagLogGroup(LogsContext& ctx, const Call& call);

}  // namespace waggle::api::cloudwatch
