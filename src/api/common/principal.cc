#include "api/common/principal.h"

#include <fmt/format.h>

#include "model/datasets.h"

namespace waggle::api {

bool PrincipalResolver::keys_enabled() const { return keys_.HasKeys(); }

absl::StatusOr<Principal> PrincipalResolver::Resolve(std::string_view honeycomb_team,
                                                     std::string_view authorization,
                                                     auth::Scope scope) const {
  std::string_view presented = auth::PresentedKey(honeycomb_team, authorization);
  if (!keys_.HasKeys()) {
    constexpr uint32_t kAll = static_cast<uint32_t>(auth::Scope::kIngest) |
                              static_cast<uint32_t>(auth::Scope::kRead) |
                              static_cast<uint32_t>(auth::Scope::kAdmin);
    return Principal{std::string(model::kDefaultEnvironment), kAll, ""};
  }
  if (presented.empty()) {
    return absl::UnauthenticatedError(
        "missing API key: send it as 'x-honeycomb-team: KEY' or 'Authorization: Bearer KEY' "
        "(create one with 'waggle keys create')");
  }
  ASSIGN_OR_RETURN(auth::KeyInfo info, keys_.Authenticate(presented));
  if (!auth::HasScope(info, scope)) {
    return absl::PermissionDeniedError(fmt::format(
        "this key lacks the '{}' scope; create a key with 'waggle keys create --scope {}'",
        auth::ScopeNames(static_cast<uint32_t>(scope)).front(),
        auth::ScopeNames(static_cast<uint32_t>(scope)).front()));
  }
  return Principal{info.environment, info.scopes, info.id};
}

}  // namespace waggle::api
