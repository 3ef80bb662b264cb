// File: auth/sigv4.h
//
// AWS Signature Version 4 (header form), the pieces a server needs to verify
// a signed request: parse the Authorization header, rebuild the canonical
// request exactly as AWS SDKs do, derive the signing key and compute the
// signature. No policy lives here (which keys exist, clock skew, error
// names): see api/aws/aws.h. Pure functions; safe from any thread.
//
//   ASSIGN_OR_RETURN(SigV4Authorization authz, ParseSigV4Authorization(header));
//   std::string canonical = CanonicalRequest(request_parts, authz.signed_headers, HexSha256(body));
//   std::string expected = SigV4Signature(secret, authz.scope_date, authz.region, authz.service,
//                                         amz_date, canonical);
//
// Canonicalisation follows botocore and @smithy/signature-v4 (non-S3):
// the path is normalised (empty, "." and ".." segments removed) and then
// URI-encoded once more, the already percent-encoded form included; query
// parameters are decoded, re-encoded (RFC 3986 unreserved kept, space as
// %20) and sorted by name then value; header values are trimmed with inner
// runs of spaces collapsed, repeats joined with ",".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace waggle::auth {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";

// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/
// service/aws4_request, SignedHeaders=host;x-amz-date, Signature=<64 hex>`.
struct SigV4Authorization {
  std::string access_key_id;
  std::string scope_date;  // yyyymmdd
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lower-case, as listed
  std::string signed_headers_text;          // the SignedHeaders value as sent
  std::string signature;                    // 64 lower-case hex digits
  // "<scope_date>/<region>/<service>/aws4_request".
  std::string CredentialScope() const;
};

// Parses an Authorization header value. InvalidArgument (saying what is
// wrong) unless the algorithm is AWS4-HMAC-SHA256 and Credential (with 5
// '/'-separated parts ending in aws4_request), SignedHeaders (non-empty,
// lower-case) and Signature (64 hex) are all present. At most 8 KiB is accepted.
absl::StatusOr<SigV4Authorization> ParseSigV4Authorization(std::string_view header);

// The request fields that the signature covers; views must outlive the call.
struct SigV4RequestParts {
  std::string_view method;
  std::string_view path;   // raw origin-form path, as sent
  std::string_view query;  // raw query string without '?'
  // Header fields with lower-case names, in arrival order.
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
};

// The canonical URI of a raw request path (see the file comment).
std::string CanonicalUri(std::string_view path);
// The canonical query string of a raw query (see the file comment).
std::string CanonicalQuery(std::string_view query);
// Every `signed_headers` line "name:value\n" in sorted name order; a header
// that is absent contributes an empty value (the signature then fails).
std::string CanonicalHeaders(const std::vector<std::pair<std::string, std::string>>& headers,
                             const std::vector<std::string>& signed_headers);
// The canonical request: method, URI, query, headers, signed header list and
// `payload_hash` (lower-case hex SHA-256 of the body, or UNSIGNED-PAYLOAD),
// joined by '\n'.
std::string CanonicalRequest(const SigV4RequestParts& request,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash);
// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex SHA-256 of canonical_request>".
std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request);
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"): raw
// bytes.
std::string SigningKey(std::string_view secret, std::string_view scope_date,
                       std::string_view region, std::string_view service);
// Lower-case hex HMAC-SHA256(signing_key, string_to_sign).
std::string SignatureHex(std::string_view signing_key, std::string_view string_to_sign);

// Lower-case hex SHA-256 of `data`.
std::string HexSha256(std::string_view data);
// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace waggle::auth
