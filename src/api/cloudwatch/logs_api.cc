#include "api/cloudwatch/logs_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "api/cloudwatch/operations.h"

namespace waggle::api::cloudwatch {
namespace {

using net::http::Request;
using net::http::Response;

constexpr std::string_view kTargetPrefix = "Logs_20140328.";
constexpr std::string_view kAmzJson = "application/x-amz-json-1.1";

using Handler = absl::StatusOr<std::string> (*)(LogsContext&, const Call&);

// Which Waggle scope an operation needs. kReadOrIngest: metadata reads
// that log shippers (watchtower) make with an ingest key.
enum class Need { kIngest, kRead, kReadOrIngest, kAdmin };

struct Operation {
  std::string_view name;
  Handler handler;
  Need need;
};

constexpr std::array<Operation, 28> kOperations = {{
    {"CreateLogGroup", CreateLogGroup, Need::kIngest},
    {"CreateLogStream", CreateLogStream, Need::kIngest},
    {"DeleteLogGroup", DeleteLogGroup, Need::kAdmin},
    {"DeleteLogStream", DeleteLogStream, Need::kAdmin},
    {"DeleteMetricFilter", DeleteMetricFilter, Need::kAdmin},
    {"DeleteRetentionPolicy", DeleteRetentionPolicy, Need::kAdmin},
    {"DeleteSubscriptionFilter", DeleteSubscriptionFilter, Need::kAdmin},
    {"DescribeLogGroups", DescribeLogGroups, Need::kReadOrIngest},
    {"DescribeLogStreams", DescribeLogStreams, Need::kReadOrIngest},
    {"DescribeMetricFilters", DescribeMetricFilters, Need::kReadOrIngest},
    {"DescribeQueries", DescribeQueries, Need::kRead},
    {"DescribeSubscriptionFilters", DescribeSubscriptionFilters, Need::kReadOrIngest},
    {"FilterLogEvents", FilterLogEvents, Need::kRead},
    {"GetLogEvents", GetLogEvents, Need::kRead},
    {"GetQueryResults", GetQueryResults, Need::kRead},
    {"ListTagsForResource", ListTagsForResource, Need::kReadOrIngest},
    {"ListTagsLogGroup", ListTagsLogGroup, Need::kReadOrIngest},
    {"PutLogEvents", PutLogEvents, Need::kIngest},
    {"PutMetricFilter", PutMetricFilter, Need::kIngest},
    {"PutRetentionPolicy", PutRetentionPolicy, Need::kIngest},
    {"PutSubscriptionFilter", PutSubscriptionFilter, Need::kIngest},
    {"StartQuery", StartQuery, Need::kRead},
    {"StopQuery", StopQuery, Need::kRead},
    {"TagLogGroup", TagLogGroup, Need::kIngest},
    {"TagResource", TagResource, Need::kIngest},
    {"TestMetricFilter", TestMetricFilter, Need::kReadOrIngest},
    {"UntagLogGroup", UntagLogGroup, Need::kAdmin},
    {"UntagResource", UntagResource, Need::kAdmin},
}};

const Operation* FindOperation(std::string_view target) {
  if (target.substr(0, kTargetPrefix.size()) != kTargetPrefix) return nullptr;
  std::string_view name = target.substr(kTargetPrefix.size());
  for (const Operation& op : kOperations) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

Response Error(int status, std::string_view type, std::string message) {
  return aws::JsonProtocolError({status, std::string(type), std::move(message)});
}

std::variant<aws::AwsCaller, aws::AwsError> Authenticate(const aws::AwsAuthenticator& auth,
                                                         const Request& req, Need need) {
  switch (need) {
    case Need::kIngest:
      return auth.Authenticate(req, "logs", auth::Scope::kIngest);
    case Need::kRead:
      return auth.Authenticate(req, "logs", auth::Scope::kRead);
    case Need::kAdmin:
      return auth.Authenticate(req, "logs", auth::Scope::kAdmin);
    case Need::kReadOrIngest:
      break;
  }
  auto who = auth.Authenticate(req, "logs", auth::Scope::kRead);
  auto* err = std::get_if<aws::AwsError>(&who);
  if (err != nullptr && err->type == "AccessDeniedException") {
    return auth.Authenticate(req, "logs", auth::Scope::kIngest);
  }
  return who;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CloudWatchLogsApi>> CloudWatchLogsApi::Create(
    store::Store& store, meta::MetaStore& meta, const aws::AwsAuthenticator& auth,
    const core::Clock& clock, LogsApiOptions options) {
  int64_t recorded = 0;
  RETURN_IF_ERROR(meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(recorded, meta::MaxLogSequence(c));
    return absl::OkStatus();
  }));
  // Above both what was recorded and the clock in microseconds, so events
  // stored but not yet recorded before a crash are not numbered again.
  int64_t first = std::max(recorded + 1, clock.NowNanos() / 1000);
  return std::unique_ptr<CloudWatchLogsApi>(
      new CloudWatchLogsApi(store, meta, auth, clock, options, first));
}

CloudWatchLogsApi::CloudWatchLogsApi(store::Store& store, meta::MetaStore& meta,
                                     const aws::AwsAuthenticator& auth, const core::Clock& clock,
                                     LogsApiOptions options, int64_t first_sequence)
    : auth_(auth),
      clock_(clock),
      options_(options),
      sequences_(first_sequence),
      ctx_{store, meta, clock, sequences_, queries_} {}

void CloudWatchLogsApi::AddRoutes(net::http::Router& router) {
  router.Add(
      "POST", "/", [this](const Request& req) { return Handle(req); }, RenderTransportError);
}

Response CloudWatchLogsApi::RenderTransportError(const Request&, int status,
                                                 std::string_view message) {
  if (status == 503) return Error(503, "ServiceUnavailableException", std::string(message));
  if (status == 413) return Error(413, "InvalidParameterException", std::string(message));
  return Error(status >= 500 ? status : 400, "SerializationException", std::string(message));
}

Response CloudWatchLogsApi::Handle(const Request& req) {
  std::string_view target = req.Header("x-amz-target");
  const Operation* op = FindOperation(target);
  if (op == nullptr) {
    return Error(400, "UnknownOperationException",
                 fmt::format("Unknown operation {}", target.substr(0, 128)));
  }
  auto who = Authenticate(auth_, req, op->need);
  if (auto* err = std::get_if<aws::AwsError>(&who)) return aws::JsonProtocolError(*err);
  const aws::AwsCaller& caller = std::get<aws::AwsCaller>(who);
  if (req.body.size() > options_.max_request_bytes) {
    return Error(413, "InvalidParameterException",
                 fmt::format("The request body exceeds {} bytes.", options_.max_request_bytes));
  }
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element input;
  std::string_view body = req.body.empty() ? std::string_view("{}") : std::string_view(req.body);
  if (auto error = parser.parse(body.data(), body.size(), true).get(input)) {
    return Error(
        400, "SerializationException",
        fmt::format("The request body is not valid JSON: {}", simdjson::error_message(error)));
  }
  if (input.type() != simdjson::dom::element_type::OBJECT) {
    return Error(400, "SerializationException", "The request body must be a JSON object.");
  }
  Call call{caller.principal.environment, caller.region, caller.account_id, input,
            clock_.NowNanos() / 1'000'000};
  absl::StatusOr<std::string> reply = op->handler(ctx_, call);
  if (!reply.ok()) return aws::JsonProtocolError(ToAwsError(reply.status()));
  return aws::JsonReply(std::move(*reply), kAmzJson);
}

}  // namespace waggle::api::cloudwatch
