#include "api/cloudwatch/call.h"

#include <fmt/format.h>

#include "absl/strings/cord.h"

namespace waggle::api::cloudwatch {

absl::Status WithAwsType(absl::Status status, std::string_view type) {
  status.SetPayload(core::ToAbsl(kAwsTypePayload), absl::Cord(core::ToAbsl(type)));
  return status;
}

aws::AwsError ToAwsError(const absl::Status& status) {
  aws::AwsError e;
  e.message = std::string(core::ToStd(status.message()));
  auto type = status.GetPayload(core::ToAbsl(kAwsTypePayload));
  if (type.has_value()) {
    e.type = std::string(*type);
    return e;
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      e.type = "InvalidParameterException";
      break;
    case absl::StatusCode::kNotFound:
      e.type = "ResourceNotFoundException";
      break;
    case absl::StatusCode::kAlreadyExists:
      e.type = "ResourceAlreadyExistsException";
      break;
    case absl::StatusCode::kFailedPrecondition:
      e.type = "OperationAbortedException";
      break;
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kUnavailable:
      e.type = "ServiceUnavailableException";
      e.http_status = 503;
      break;
    default:
      e.type = "ServiceUnavailableException";
      e.http_status = 500;
      break;
  }
  return e;
}

absl::StatusOr<meta::LogGroupRow> LoadGroup(LogsContext& ctx, std::string_view environment,
                                            std::string_view name) {
  std::optional<meta::LogGroupRow> group;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(group, meta::FindLogGroup(c, environment, name));
    return absl::OkStatus();
  }));
  if (!group) return absl::NotFoundError(std::string(kNoSuchGroup));
  return std::move(*group);
}

std::string GroupArn(const Call& call, std::string_view name, bool iam_form) {
  return fmt::format("arn:aws:logs:{}:{}:log-group:{}{}", call.region, call.account_id, name,
                     iam_form ? ":*" : "");
}

}  // namespace waggle::api::cloudwatch
