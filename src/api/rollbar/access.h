// Rollbar access tokens (specs/rollbar.md §1.2) mapped onto Waggle keys: the
// token is a Waggle key string; post_server_item/post_client_item need the
// ingest scope, read the read scope, write the admin scope. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/common/principal.h"
#include "auth/key_info.h"
#include "net/http/request.h"

namespace waggle::api::rollbar {

// The token a request presents: the X-Rollbar-Access-Token header, else
// `body_token` (the JSON/form access_token), else the access_token query
// parameter; "" if none.
std::string TokenOf(const net::http::Request& request, std::string_view body_token = "");

// Resolves `token` requiring `scope`. With no keys configured every caller
// is the default environment. Unauthenticated (401) when keys are on and no
// token was sent; PermissionDenied (403) for an unknown or revoked token or
// a token without the scope.
absl::StatusOr<Principal> Authorize(const PrincipalResolver& principals, std::string_view token,
                                    auth::Scope scope);

}  // namespace waggle::api::rollbar
