// Signs an outgoing request with AWS Signature Version 4 (header form), as
// botocore and the JavaScript SDK do: the caller's headers plus x-amz-date
// are signed, the payload hash is the body's SHA-256. Built on the same
// canonicalisation the server verifies with (auth/sigv4.h), so what Waggle
// sends, Waggle and AWS accept.
//
//   Headers headers = {{"host", "127.0.0.1:8080"}, {"content-type", ...}};
//   SignSigV4({.access_key_id = id, .secret_access_key = secret}, "us-east-1", "logs",
//             now_unix_s, "POST", "/", "", body, &headers);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace waggle::auth {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
};

// "yyyymmddThhmmssZ" for `unix_s`, the x-amz-date form.
std::string AmzDate(int64_t unix_s);

// Appends x-amz-date and authorization to `headers` (lower-case names, the
// `host` header among them) so the request is signed for `service` in
// `region` at `unix_s`. Every header in `headers` is signed.
void SignSigV4(const AwsCredentials& credentials, std::string_view region, std::string_view service,
               int64_t unix_s, std::string_view method, std::string_view path,
               std::string_view query, std::string_view body,
               std::vector<std::pair<std::string, std::string>>* headers);

}  // namespace waggle::auth
