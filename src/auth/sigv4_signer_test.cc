#include "auth/sigv4_signer.h"

#include <gtest/gtest.h>

#include "auth/sigv4.h"

namespace waggle::auth {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// 2015-08-30T12:36:00Z, the AWS SigV4 test suite's date.
constexpr int64_t kSuiteTime = 1440938160;
const AwsCredentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};

TEST(SigV4SignerTest, FormatsAmzDate) { EXPECT_EQ(AmzDate(kSuiteTime), "20150830T123600Z"); }

TEST(SigV4SignerTest, PostVanillaMatchesAwsSuite) {
  Headers headers = {{"host", "example.amazonaws.com"}};
  SignSigV4(kSuite, "us-east-1", "service", kSuiteTime, "POST", "/", "", "", &headers);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1], (std::pair<std::string, std::string>{"x-amz-date", "20150830T123600Z"}));
  EXPECT_EQ(headers[2].first, "authorization");
  EXPECT_EQ(headers[2].second,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4SignerTest, SignsEveryHeaderAndTheBodyVerifiably) {
  Headers headers = {{"host", "127.0.0.1:8080"},
                     {"x-amz-target", "Logs_20140328.PutLogEvents"},
                     {"content-type", "application/x-amz-json-1.1"}};
  const std::string body = R"({"logGroupName":"cruddur"})";
  SignSigV4({"wk1", "s3cret"}, "eu-west-1", "logs", kSuiteTime, "POST", "/", "", body, &headers);
  auto authz = ParseSigV4Authorization(headers.back().second);
  ASSERT_TRUE(authz.ok()) << authz.status();
  EXPECT_EQ(authz->signed_headers_text, "content-type;host;x-amz-date;x-amz-target");
  EXPECT_EQ(authz->CredentialScope(), "20150830/eu-west-1/logs/aws4_request");
  SigV4RequestParts parts{"POST", "/", "", &headers};
  std::string expected =
      SignatureHex(SigningKey("s3cret", "20150830", "eu-west-1", "logs"),
                   StringToSign("20150830T123600Z", authz->CredentialScope(),
                                CanonicalRequest(parts, authz->signed_headers, HexSha256(body))));
  EXPECT_EQ(authz->signature, expected);
  SigV4RequestParts tampered{"POST", "/", "", &headers};
  EXPECT_NE(authz->signature,
            SignatureHex(SigningKey("s3cret", "20150830", "eu-west-1", "logs"),
                         StringToSign("20150830T123600Z", authz->CredentialScope(),
                                      CanonicalRequest(tampered, authz->signed_headers,
                                                       HexSha256(body + " ")))));
}

}  // namespace
}  // namespace waggle::auth
