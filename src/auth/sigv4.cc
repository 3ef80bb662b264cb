#include "auth/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>

#include "core/strings.h"
#include "core/trim.h"

namespace waggle::auth {
namespace {

constexpr size_t kMaxAuthorizationBytes = 8192;
constexpr size_t kMaxSignedHeaders = 64;
constexpr char kHexDigits[] = "0123456789abcdef";

std::string ToHex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHexDigits[c >> 4]);
    out.push_back(kHexDigits[c & 15]);
  }
  return out;
}

// Trims the value and collapses every inner whitespace run to one space.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool in_space = false;
  for (char c : core::TrimWhitespace(value)) {
    if (core::IsAsciiSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Fills `out` from the Credential value "AKID/yyyymmdd/region/service/aws4_request".
absl::Status ParseCredential(std::string_view value, SigV4Authorization* out) {
  std::vector<std::string_view> parts = core::Split(value, '/');
  if (parts.size() != 5 || parts[4] != "aws4_request") {
    return absl::InvalidArgumentError(
        "Credential should be scoped to a valid region, service and date: "
        "<access key>/<yyyymmdd>/<region>/<service>/aws4_request");
  }
  for (std::string_view part : parts) {
    if (part.empty()) return absl::InvalidArgumentError("Credential has an empty component");
  }
  if (parts[1].size() != 8 ||
      !std::all_of(parts[1].begin(), parts[1].end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return absl::InvalidArgumentError("Credential date must be yyyymmdd");
  }
  out->access_key_id = std::string(parts[0]);
  out->scope_date = std::string(parts[1]);
  out->region = std::string(parts[2]);
  out->service = std::string(parts[3]);
  return absl::OkStatus();
}

absl::Status ParseSignedHeaders(std::string_view value, SigV4Authorization* out) {
  std::vector<std::string_view> names = core::Split(value, ';');
  if (names.size() > kMaxSignedHeaders) return absl::InvalidArgumentError("too many SignedHeaders");
  for (std::string_view name : names) {
    if (name.empty()) return absl::InvalidArgumentError("SignedHeaders has an empty name");
    for (char c : name) {
      if (c >= 'A' && c <= 'Z')
        return absl::InvalidArgumentError("SignedHeaders must be lower-case");
      if (core::IsAsciiSpace(c) || c == ',' || c == '=') {
        return absl::InvalidArgumentError("SignedHeaders has an invalid character");
      }
    }
    out->signed_headers.emplace_back(name);
  }
  out->signed_headers_text = std::string(value);
  return absl::OkStatus();
}

}  // namespace

std::string SigV4Authorization::CredentialScope() const {
  return scope_date + "/" + region + "/" + service + "/aws4_request";
}

absl::StatusOr<SigV4Authorization> ParseSigV4Authorization(std::string_view header) {
  if (header.size() > kMaxAuthorizationBytes) {
    return absl::InvalidArgumentError("Authorization header is too long");
  }
  header = core::TrimWhitespace(header);
  if (header.substr(0, kSigV4Algorithm.size()) != kSigV4Algorithm ||
      header.size() == kSigV4Algorithm.size() ||
      !core::IsAsciiSpace(header[kSigV4Algorithm.size()])) {
    return absl::InvalidArgumentError("Authorization header must start with AWS4-HMAC-SHA256");
  }
  SigV4Authorization out;
  bool have_credential = false, have_signed = false, have_signature = false;
  for (std::string_view item : core::Split(header.substr(kSigV4Algorithm.size()), ',')) {
    item = core::TrimWhitespace(item);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return absl::InvalidArgumentError("Authorization header component is not key=value");
    }
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    if (key == "Credential" && !have_credential) {
      RETURN_IF_ERROR(ParseCredential(value, &out));
      have_credential = true;
    } else if (key == "SignedHeaders" && !have_signed) {
      RETURN_IF_ERROR(ParseSignedHeaders(value, &out));
      have_signed = true;
    } else if (key == "Signature" && !have_signature) {
      if (value.size() != 64 || !IsLowerHex(value)) {
        return absl::InvalidArgumentError("Signature must be 64 lower-case hex digits");
      }
      out.signature = std::string(value);
      have_signature = true;
    } else {
      return absl::InvalidArgumentError(
          "Authorization header has an unknown or repeated component");
    }
  }
  if (!have_credential)
    return absl::InvalidArgumentError("Authorization header requires 'Credential' parameter");
  if (!have_signed)
    return absl::InvalidArgumentError("Authorization header requires 'SignedHeaders' parameter");
  if (!have_signature)
    return absl::InvalidArgumentError("Authorization header requires 'Signature' parameter");
  return out;
}

std::string CanonicalUri(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> kept;
  for (std::string_view segment : core::Split(path, '/', /*skip_empty=*/true)) {
    if (segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(segment);
  }
  std::string normalized = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) normalized.push_back('/');
    normalized.append(kept[i]);
  }
  if (!kept.empty() && path.back() == '/') normalized.push_back('/');
  return core::PercentEncode(normalized, /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (std::string_view pair : core::Split(query, '&', /*skip_empty=*/true)) {
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    params.emplace_back(core::PercentEncode(core::PercentDecode(key, false), false),
                        core::PercentEncode(core::PercentDecode(value, false), false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(key).append("=").append(value);
  }
  return out;
}

std::string CanonicalHeaders(const std::vector<std::pair<std::string, std::string>>& headers,
                             const std::vector<std::string>& signed_headers) {
  std::vector<std::string> names = signed_headers;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (const std::string& name : names) {
    out.append(name).push_back(':');
    bool first = true;
    for (const auto& [header_name, value] : headers) {
      if (header_name != name) continue;
      if (!first) out.push_back(',');
      out.append(CanonicalHeaderValue(value));
      first = false;
    }
    out.push_back('\n');
  }
  return out;
}

std::string CanonicalRequest(const SigV4RequestParts& request,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash) {
  static const std::vector<std::pair<std::string, std::string>> kNoHeaders;
  std::vector<std::string> names = signed_headers;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out(request.method);
  out.push_back('\n');
  out.append(CanonicalUri(request.path)).push_back('\n');
  out.append(CanonicalQuery(request.query)).push_back('\n');
  out.append(CanonicalHeaders(request.headers ? *request.headers : kNoHeaders, names));
  out.push_back('\n');
  out.append(core::Join(names, ";")).push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request) {
  std::string out(kSigV4Algorithm);
  out.push_back('\n');
  out.append(amz_date).push_back('\n');
  out.append(credential_scope).push_back('\n');
  out.append(HexSha256(canonical_request));
  return out;
}

std::string SigningKey(std::string_view secret, std::string_view scope_date,
                       std::string_view region, std::string_view service) {
  std::string k_secret = "AWS4";
  k_secret.append(secret);
  std::string k_date = HmacSha256(k_secret, scope_date);
  std::string k_region = HmacSha256(k_date, region);
  std::string k_service = HmacSha256(k_region, service);
  return HmacSha256(k_service, "aws4_request");
}

std::string SignatureHex(std::string_view signing_key, std::string_view string_to_sign) {
  return ToHex(HmacSha256(signing_key, string_to_sign));
}

std::string HexSha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace waggle::auth
