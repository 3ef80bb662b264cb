// AwsAuthenticator: SigV4 verification (auth/sigv4.h) with the policy and
// the AWS error names of specs/cloudwatch-logs.md §2.
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "api/aws/aws.h"
#include "auth/aws_credentials.h"
#include "auth/key_format.h"
#include "auth/presented_key.h"
#include "auth/sigv4.h"
#include "model/datasets.h"

namespace waggle::api::aws {
namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr int64_t kNanosPerSecond = 1'000'000'000;

AwsError Error(int status, std::string_view type, std::string message) {
  return AwsError{status, std::string(type), std::move(message)};
}

AwsError Incomplete(std::string message) {
  return Error(400, "IncompleteSignatureException", std::move(message));
}

AwsError InvalidSignature(std::string message) {
  return Error(400, "InvalidSignatureException", std::move(message));
}

AwsError Unrecognized() {
  return Error(400, "UnrecognizedClientException",
               "The security token included in the request is invalid.");
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Seconds since the epoch of "yyyymmddThhmmssZ", or nullopt if malformed.
std::optional<int64_t> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !AllDigits(text.substr(0, 8)) ||
      !AllDigits(text.substr(9, 6))) {
    return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  struct tm tm = {};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&tm));
}

// "yyyymmddThhmmssZ" for `seconds` since the epoch.
std::string FormatAmzDate(int64_t seconds) {
  time_t t = static_cast<time_t>(seconds);
  struct tm tm = {};
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// The request time in "yyyymmddThhmmssZ" form (always accepted by
// ParseAmzDate): X-Amz-Date, else an RFC 1123 Date header converted;
// IncompleteSignatureException otherwise.
std::variant<std::string, AwsError> RequestDate(const net::http::Request& request) {
  std::string_view amz = request.Header("x-amz-date");
  if (!amz.empty()) {
    if (!ParseAmzDate(amz)) {
      return Incomplete(
          fmt::format("Date must be in ISO-8601 'basic format'. Got '{}'. See "
                      "http://en.wikipedia.org/wiki/ISO_8601",
                      amz.substr(0, 64)));
    }
    return std::string(amz);
  }
  std::string date(request.Header("date").substr(0, 64));
  if (date.empty()) {
    return Incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  struct tm tm = {};
  const char* end = strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  std::string amz_date;
  if (end != nullptr && *end == '\0') amz_date = FormatAmzDate(static_cast<int64_t>(timegm(&tm)));
  // Years before 1000 format to fewer than 16 characters; CheckSkew relies
  // on a well-formed date, so refuse those here too.
  if (!ParseAmzDate(amz_date)) {
    return Incomplete(fmt::format("Date header '{}' is not an RFC 1123 date", date));
  }
  return amz_date;
}

// InvalidSignature when `amz_date` is further than `max_skew_ns` from now.
std::optional<AwsError> CheckSkew(std::string_view amz_date, int64_t now_ns, int64_t max_skew_ns) {
  const int64_t signed_s = *ParseAmzDate(amz_date);
  const int64_t now_s = now_ns / kNanosPerSecond;
  const int64_t skew_s = max_skew_ns / kNanosPerSecond;
  const int64_t minutes = skew_s / 60;
  if (signed_s < now_s - skew_s) {
    return InvalidSignature(
        fmt::format("Signature expired: {} is now earlier than {} ({} - {} min.)", amz_date,
                    FormatAmzDate(now_s - skew_s), FormatAmzDate(now_s), minutes));
  }
  if (signed_s > now_s + skew_s) {
    return InvalidSignature(
        fmt::format("Signature not yet current: {} is still later than {} ({} + {} min.)", amz_date,
                    FormatAmzDate(now_s + skew_s), FormatAmzDate(now_s), minutes));
  }
  return std::nullopt;
}

// The payload hash for the canonical request: the SHA-256 of the bytes as
// received (before any Content-Encoding was undone), checked against
// X-Amz-Content-Sha256 when sent; UNSIGNED-PAYLOAD is taken as is.
std::variant<std::string, AwsError> PayloadHash(const net::http::Request& request) {
  const std::string& raw = request.encoded_body.empty() ? request.body : request.encoded_body;
  std::string_view claimed = request.Header("x-amz-content-sha256");
  if (claimed == kUnsignedPayload) return std::string(kUnsignedPayload);
  std::string actual = auth::HexSha256(raw);
  if (!claimed.empty() && claimed != actual) {
    return InvalidSignature(
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  return actual;
}

// The caller when keys are off: nothing is verified, but a well-formed
// credential still tells the region and access key id.
AwsCaller UnverifiedCaller(const net::http::Request& request, const AwsAuthOptions& options) {
  AwsCaller caller;
  caller.principal = Principal{std::string(model::kDefaultEnvironment), auth::kAllScopes, ""};
  caller.region = std::string(kDefaultRegion);
  caller.account_id = options.account_id;
  auto parsed = auth::ParseSigV4Authorization(request.Header("authorization"));
  if (parsed.ok()) {
    caller.region = parsed->region;
    caller.access_key_id = parsed->access_key_id;
  }
  return caller;
}

}  // namespace

AwsAuthenticator::AwsAuthenticator(const api::PrincipalResolver& principals, auth::KeyStore& keys,
                                   std::string master_secret, const core::Clock& clock,
                                   AwsAuthOptions options)
    : principals_(principals),
      keys_(keys),
      master_secret_(std::move(master_secret)),
      clock_(clock),
      options_(std::move(options)) {}

std::variant<AwsCaller, AwsError> AwsAuthenticator::Authenticate(const net::http::Request& request,
                                                                 std::string_view service,
                                                                 auth::Scope scope) const {
  if (!principals_.keys_enabled()) return UnverifiedCaller(request, options_);
  std::string_view header = request.Header("authorization");
  std::string_view team = request.Header("x-honeycomb-team");
  if (!auth::PresentedKey(team, header).empty()) return KeyCaller(team, header, scope);
  if (header.empty()) {
    return Error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  auto parsed = auth::ParseSigV4Authorization(header);
  if (!parsed.ok()) return Incomplete(std::string(parsed.status().message()));
  const auth::SigV4Authorization& authz = *parsed;
  if (authz.service != service) {
    return InvalidSignature(
        fmt::format("Credential should be scoped to correct service: '{}'. ", service));
  }
  auto date = RequestDate(request);
  if (auto* error = std::get_if<AwsError>(&date)) return *error;
  const std::string& amz_date = std::get<std::string>(date);
  if (amz_date.substr(0, 8) != authz.scope_date) {
    return InvalidSignature(fmt::format(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
        "'{}' != '{}', from '{}'.",
        authz.scope_date, amz_date.substr(0, 8), amz_date));
  }
  if (auto error = CheckSkew(amz_date, clock_.NowNanos(), options_.max_clock_skew_ns))
    return *error;
  auto payload_hash = PayloadHash(request);
  if (auto* error = std::get_if<AwsError>(&payload_hash)) return *error;
  return Verify(request, authz, amz_date, std::get<std::string>(payload_hash), scope);
}

std::variant<AwsCaller, AwsError> AwsAuthenticator::KeyCaller(std::string_view honeycomb_team,
                                                              std::string_view authorization,
                                                              auth::Scope scope) const {
  auto principal = principals_.Resolve(honeycomb_team, authorization, scope);
  if (absl::IsUnauthenticated(principal.status())) return Unrecognized();
  if (absl::IsPermissionDenied(principal.status())) {
    return Error(403, "AccessDeniedException",
                 fmt::format("User is not authorized to perform this action: {}",
                             principal.status().message()));
  }
  if (!principal.ok()) {
    return Error(500, "InternalFailure",
                 fmt::format("cannot read API keys: {}", principal.status().message()));
  }
  AwsCaller caller;
  caller.principal = std::move(*principal);
  caller.region = std::string(kDefaultRegion);
  caller.account_id = options_.account_id;
  return caller;
}

std::variant<AwsCaller, AwsError> AwsAuthenticator::Verify(const net::http::Request& request,
                                                           const auth::SigV4Authorization& authz,
                                                           std::string_view amz_date,
                                                           std::string_view payload_hash,
                                                           auth::Scope scope) const {
  auto key = FindKey(authz.access_key_id);
  if (auto* error = std::get_if<AwsError>(&key)) return *error;
  const auth::KeyInfo& info = std::get<auth::KeyInfo>(key);
  const std::string secret = auth::DeriveAwsSecretAccessKey(master_secret_, info.id);
  auth::SigV4RequestParts parts{request.method, request.path, request.query, &request.headers};
  const std::string canonical = auth::CanonicalRequest(parts, authz.signed_headers, payload_hash);
  const std::string to_sign = auth::StringToSign(amz_date, authz.CredentialScope(), canonical);
  const std::string expected = auth::SignatureHex(
      auth::SigningKey(secret, authz.scope_date, authz.region, authz.service), to_sign);
  if (!auth::ConstantTimeEquals(expected, authz.signature)) {
    return InvalidSignature(fmt::format(
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.\n\nThe Canonical String for this request should have been\n'{}'\n\nThe String-"
        "to-Sign should have been\n'{}'\n",
        canonical, to_sign));
  }
  if (!auth::HasScope(info, scope)) {
    return Error(403, "AccessDeniedException",
                 fmt::format("User: {} is not authorized to perform this action: the key lacks "
                             "the '{}' scope (create one with 'waggle keys create --scope {}')",
                             info.id, auth::ScopeNames(static_cast<uint32_t>(scope)).front(),
                             auth::ScopeNames(static_cast<uint32_t>(scope)).front()));
  }
  AwsCaller caller;
  caller.principal = Principal{info.environment, info.scopes, info.id};
  caller.region = authz.region;
  caller.account_id = options_.account_id;
  caller.access_key_id = authz.access_key_id;
  return caller;
}

std::variant<auth::KeyInfo, AwsError> AwsAuthenticator::FindKey(std::string_view key_id) const {
  if (key_id.size() != auth::kKeyIdLength) return Unrecognized();
  // From KeyStore's cache, which still sees revocations by other processes
  // at once (it checks SQLite's data_version on every Find).
  auto key = keys_.Find(key_id);
  if (absl::IsNotFound(key.status())) return Unrecognized();
  if (!key.ok()) {
    return Error(500, "InternalFailure",
                 fmt::format("cannot read API keys: {}", key.status().message()));
  }
  if (key->revoked) return Unrecognized();
  return std::move(*key);
}

}  // namespace waggle::api::aws
