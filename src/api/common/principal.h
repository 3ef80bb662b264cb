// Who is calling: resolves the API key a request presents into an
// environment and scopes. With no keys configured every caller is the
// default environment with every scope (the server then listens only on
// loopback; cli/serve refuses otherwise). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/key_info.h"
#include "auth/key_store.h"
#include "auth/presented_key.h"
#include "core/status.h"

namespace waggle::api {

struct Principal {
  std::string environment;
  uint32_t scopes = 0;  // auth::Scope bits
  std::string key_id;   // empty when keys are off
};

class PrincipalResolver {
 public:
  explicit PrincipalResolver(auth::KeyStore& keys) : keys_(keys) {}
  // Resolves the key in `x-honeycomb-team` or `Authorization: Bearer` and
  // requires `scope`: Unauthenticated when keys are on and the key is
  // missing or unknown, PermissionDenied when it lacks the scope.
  absl::StatusOr<Principal> Resolve(std::string_view honeycomb_team, std::string_view authorization,
                                    auth::Scope scope) const;
  // True when at least one key exists (so requests must present one).
  bool keys_enabled() const;

 private:
  auth::KeyStore& keys_;
};

}  // namespace waggle::api
