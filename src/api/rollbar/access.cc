#include "api/rollbar/access.h"

#include <fmt/format.h>

namespace waggle::api::rollbar {

std::string TokenOf(const net::http::Request& request, std::string_view body_token) {
  std::string_view header = request.Header("x-rollbar-access-token");
  if (!header.empty()) return std::string(header);
  if (!body_token.empty()) return std::string(body_token);
  return request.QueryParam("access_token");
}

absl::StatusOr<Principal> Authorize(const PrincipalResolver& principals, std::string_view token,
                                    auth::Scope scope) {
  absl::StatusOr<Principal> who = principals.Resolve(token, "", scope);
  if (who.ok()) return who;
  if (absl::IsUnauthenticated(who.status())) {
    if (token.empty()) {
      return absl::UnauthenticatedError(
          "missing access token: send it in the X-Rollbar-Access-Token header (a Waggle key "
          "from 'waggle keys create')");
    }
    return absl::PermissionDeniedError("invalid access token");
  }
  if (absl::IsPermissionDenied(who.status())) {
    std::string_view needed = scope == auth::Scope::kIngest ? "post_server_item (ingest)"
                              : scope == auth::Scope::kRead ? "read"
                                                            : "write (admin)";
    return absl::PermissionDeniedError(fmt::format("access token lacks the {} scope", needed));
  }
  return who.status();
}

}  // namespace waggle::api::rollbar
