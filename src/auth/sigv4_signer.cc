#include "auth/sigv4_signer.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "auth/sigv4.h"

namespace waggle::auth {

std::string AmzDate(int64_t unix_s) {
  time_t seconds = static_cast<time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void SignSigV4(const AwsCredentials& credentials, std::string_view region, std::string_view service,
               int64_t unix_s, std::string_view method, std::string_view path,
               std::string_view query, std::string_view body,
               std::vector<std::pair<std::string, std::string>>* headers) {
  std::string amz_date = AmzDate(unix_s);
  std::string scope_date = amz_date.substr(0, 8);
  headers->emplace_back("x-amz-date", amz_date);
  std::vector<std::string> signed_headers;
  for (const auto& [name, value] : *headers) signed_headers.push_back(name);
  std::sort(signed_headers.begin(), signed_headers.end());
  signed_headers.erase(std::unique(signed_headers.begin(), signed_headers.end()),
                       signed_headers.end());
  SigV4RequestParts parts{method, path, query, headers};
  std::string canonical = CanonicalRequest(parts, signed_headers, HexSha256(body));
  std::string scope = fmt::format("{}/{}/{}/aws4_request", scope_date, region, service);
  std::string signature =
      SignatureHex(SigningKey(credentials.secret_access_key, scope_date, region, service),
                   StringToSign(amz_date, scope, canonical));
  headers->emplace_back(
      "authorization",
      fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kSigV4Algorithm,
                  credentials.access_key_id, scope, fmt::join(signed_headers, ";"), signature));
}

}  // namespace waggle::auth
