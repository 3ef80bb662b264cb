// File: auth/presented_key.h
//
// Where clients put their key on a request. Honeycomb's SDK setup sends
// `x-honeycomb-team: KEY`; other clients send `authorization: Bearer KEY`.
// (Rollbar's x-rollbar-access-token will join later.) Pure functions; the
// HTTP/gRPC layers pass in header values, or "" when a header is absent.
#pragma once

#include <string_view>

namespace waggle::auth {

// The key presented by a request: the x-honeycomb-team value if non-empty,
// else the token of an `authorization: Bearer <token>` header (scheme
// case-insensitive), else "". Surrounding whitespace is removed. Returns a
// view into the arguments; no validation of the key's form.
std::string_view PresentedKey(std::string_view honeycomb_team_header,
                              std::string_view authorization_header);

}  // namespace waggle::auth
