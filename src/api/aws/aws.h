// File: api/aws/aws.h
//
// The pieces every AWS-compatible front end (X-Ray, CloudWatch Logs) shares:
// error and reply rendering in the two AWS wire shapes, and SigV4
// authentication of a request against Waggle keys.
//
//   AwsAuthenticator auth(principals, keys, master_secret, clock);
//   auto who = auth.Authenticate(request, "logs", auth::Scope::kIngest);
//   if (auto* err = std::get_if<AwsError>(&who)) return JsonProtocolError(*err);
//   const AwsCaller& caller = std::get<AwsCaller>(who);
//
// Thread-safe: every function and const method may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "api/common/principal.h"
#include "auth/key_info.h"
#include "auth/key_store.h"
#include "auth/sigv4.h"
#include "core/clock.h"
#include "net/http/request.h"

namespace waggle::api::aws {

struct AwsError {
  int http_status = 400;
  std::string type;
  std::string message;
};

// AWS JSON 1.1 error reply (CloudWatch Logs): status, Content-Type application/x-amz-json-1.1,
// header x-amzn-ErrorType: <type>, body {"__type":"<type>","message":"<message>"}.
net::http::Response JsonProtocolError(const AwsError& error);
// REST-JSON error reply (X-Ray): status, Content-Type application/json,
// header x-amzn-ErrorType: <type>, body {"message":"<message>"} (plus "__type").
net::http::Response RestJsonError(const AwsError& error);
// A JSON 200 reply with the given content type.
net::http::Response JsonReply(std::string body, std::string_view content_type);

struct AwsCaller {
  api::Principal principal;   // environment + scopes (api/common/principal.h)
  std::string region;         // from the SigV4 credential scope, else "us-east-1"
  std::string account_id;     // configured account id (default "000000000000")
  std::string access_key_id;  // as presented ("" when unsigned)
};

struct AwsAuthOptions {
  std::string account_id = "000000000000";
  int64_t max_clock_skew_ns = 5 * 60 * 1'000'000'000LL;
};

// Verifies AWS Signature V4 on every request when keys exist
// (api::PrincipalResolver::keys_enabled()): the access key id is a Waggle key id, the secret access
// key is derived from the server's master secret (auth/aws_credentials.h); errors are the AwsError
// names of specs/cloudwatch-logs.md §2 (MissingAuthenticationTokenException,
// UnrecognizedClientException, InvalidSignatureException incl. "Signature expired",
// IncompleteSignatureException; AccessDeniedException when the key lacks `scope`; revoked keys are
// unrecognized). A Waggle key itself, sent as `Authorization: Bearer KEY` or `x-honeycomb-team:
// KEY` (the web UI does), is also accepted and resolved as the other APIs resolve it (region
// us-east-1). With no keys: any signature or none is accepted (not verified), environment
// "default", every scope. Thread-safe.
class AwsAuthenticator {
 public:
  // `principals` and `keys` must outlive this object; `clock` too.
  AwsAuthenticator(const api::PrincipalResolver& principals, auth::KeyStore& keys,
                   std::string master_secret, const core::Clock& clock,
                   AwsAuthOptions options = {});

  // `service` is the SigV4 service name ("logs", "xray"); `scope` the Waggle scope needed.
  std::variant<AwsCaller, AwsError> Authenticate(const net::http::Request& request,
                                                 std::string_view service, auth::Scope scope) const;

 private:
  // The caller presenting a Waggle key (Bearer or x-honeycomb-team) with `scope`, else
  // UnrecognizedClientException (unknown or revoked) or AccessDeniedException.
  std::variant<AwsCaller, AwsError> KeyCaller(std::string_view honeycomb_team,
                                              std::string_view authorization,
                                              auth::Scope scope) const;
  // Checks the signature of a request whose header, date and payload hash
  // are known to be well formed, then the key's scope.
  std::variant<AwsCaller, AwsError> Verify(const net::http::Request& request,
                                           const auth::SigV4Authorization& authz,
                                           std::string_view amz_date, std::string_view payload_hash,
                                           auth::Scope scope) const;
  // The unrevoked key `key_id`, else UnrecognizedClientException.
  std::variant<auth::KeyInfo, AwsError> FindKey(std::string_view key_id) const;

  const api::PrincipalResolver& principals_;
  auth::KeyStore& keys_;
  std::string master_secret_;
  const core::Clock& clock_;
  AwsAuthOptions options_;
};

}  // namespace waggle::api::aws
