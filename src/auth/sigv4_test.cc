#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace waggle::auth {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kDate = "20150830T123600Z";
const std::string kEmptySha = HexSha256("");

// Signs like the AWS SigV4 test suite (AKIDEXAMPLE, us-east-1, "service").
std::string SuiteSignature(std::string_view method, std::string_view path, std::string_view query,
                           const Headers& headers, const std::vector<std::string>& signed_headers,
                           std::string_view payload_hash) {
  SigV4RequestParts parts{method, path, query, &headers};
  std::string canonical = CanonicalRequest(parts, signed_headers, payload_hash);
  std::string to_sign = StringToSign(kDate, "20150830/us-east-1/service/aws4_request", canonical);
  return SignatureHex(SigningKey(kSecret, "20150830", "us-east-1", "service"), to_sign);
}

const Headers kVanillaHeaders = {{"host", "example.amazonaws.com"},
                                 {"x-amz-date", std::string(kDate)}};

TEST(SigV4Test, GetVanillaMatchesAwsSuite) {
  EXPECT_EQ(SuiteSignature("GET", "/", "", kVanillaHeaders, {"host", "x-amz-date"}, kEmptySha),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, PostVanillaMatchesAwsSuite) {
  EXPECT_EQ(SuiteSignature("POST", "/", "", kVanillaHeaders, {"host", "x-amz-date"}, kEmptySha),
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4Test, QueryOrderKeyCaseMatchesAwsSuite) {
  EXPECT_EQ(SuiteSignature("GET", "/", "Param2=value2&Param1=value1", kVanillaHeaders,
                           {"host", "x-amz-date"}, kEmptySha),
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4Test, Utf8PathMatchesAwsSuite) {
  // The suite's request line is "GET /\xe1\x88\xb4" (unencoded).
  EXPECT_EQ(SuiteSignature("GET", "/\xe1\x88\xb4", "", kVanillaHeaders, {"host", "x-amz-date"},
                           kEmptySha),
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST(SigV4Test, PostFormUrlEncodedMatchesAwsSuite) {
  const std::string body_hash = HexSha256("Param1=value1");
  EXPECT_EQ(body_hash, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  Headers headers = {{"content-type", "application/x-www-form-urlencoded"},
                     {"host", "example.amazonaws.com"},
                     {"content-length", "13"},
                     {"x-amz-content-sha256", body_hash},
                     {"x-amz-date", std::string(kDate)}};
  EXPECT_EQ(SuiteSignature(
                "POST", "/", "", headers,
                {"content-length", "content-type", "host", "x-amz-content-sha256", "x-amz-date"},
                body_hash),
            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
}

TEST(SigV4Test, ParsesAuthorizationHeader) {
  auto parsed = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, "
      "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->scope_date, "20150830");
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->service, "service");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed->CredentialScope(), "20150830/us-east-1/service/aws4_request");
  // Without spaces after the commas (some SDKs) it parses too.
  EXPECT_TRUE(ParseSigV4Authorization("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request,"
                                      "SignedHeaders=host,Signature=" +
                                      std::string(64, 'a'))
                  .ok());
}

TEST(SigV4Test, RejectsMalformedAuthorization) {
  const std::string sig = "Signature=" + std::string(64, 'a');
  for (std::string bad : {
           std::string(""),
           std::string("Bearer wgk_x"),
           std::string("AWS4-HMAC-SHA256"),
           "AWS4-HMAC-SHA256 SignedHeaders=host, " + sig,
           "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, " + sig,
           std::string(
               "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host"),
           "AWS4-HMAC-SHA256 Credential=A/20150830/r/s, SignedHeaders=host, " + sig,
           "AWS4-HMAC-SHA256 Credential=A/2015083/r/s/aws4_request, SignedHeaders=host, " + sig,
           "AWS4-HMAC-SHA256 Credential=A//r/s/aws4_request, SignedHeaders=host, " + sig,
           "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=Host, " + sig,
           "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host;;x, " + sig,
           std::string("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, "
                       "SignedHeaders=host, Signature=abc"),
           "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host, " + sig +
               ", " + sig,
           "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host, Junk, " +
               sig,
           "AWS4-HMAC-SHA256 " + std::string(9000, 'x'),
       }) {
    EXPECT_FALSE(ParseSigV4Authorization(bad).ok()) << bad;
  }
}

TEST(SigV4Test, CanonicalUriNormalizesAndEncodesOnce) {
  EXPECT_EQ(CanonicalUri(""), "/");
  EXPECT_EQ(CanonicalUri("/"), "/");
  EXPECT_EQ(CanonicalUri("/TraceSegments"), "/TraceSegments");
  EXPECT_EQ(CanonicalUri("//a/./b/../c/"), "/a/c/");
  // Already-encoded paths are encoded again (non-S3 services).
  EXPECT_EQ(CanonicalUri("/a%20b"), "/a%2520b");
  EXPECT_EQ(CanonicalUri("/a b~_-."), "/a%20b~_-.");
}

TEST(SigV4Test, CanonicalQuerySortsAndReencodes) {
  EXPECT_EQ(CanonicalQuery(""), "");
  EXPECT_EQ(CanonicalQuery("b=2&a=1&A=0"), "A=0&a=1&b=2");
  EXPECT_EQ(CanonicalQuery("a=2&a=1"), "a=1&a=2");
  EXPECT_EQ(CanonicalQuery("k=a%20b&flag"), "flag=&k=a%20b");
  EXPECT_EQ(CanonicalQuery("k=a%2fb*"), "k=a%2Fb%2A");
}

TEST(SigV4Test, CanonicalHeadersTrimCollapseAndJoin) {
  Headers headers = {{"x-b", "  2  "}, {"x-a", "a   b\t c"}, {"x-b", "3"}, {"other", "z"}};
  EXPECT_EQ(CanonicalHeaders(headers, {"x-b", "x-a"}), "x-a:a b c\nx-b:2,3\n");
  EXPECT_EQ(CanonicalHeaders(headers, {"missing"}), "missing:\n");
}

// botocore, the signer of boto3 and the aws CLI, signs a fixed request; our
// canonicalisation must give the same signature.
TEST(SigV4Test, MatchesBotocore) {
  if (std::system("python3 -c 'import botocore.auth' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 with botocore is not installed";
  }
  // botocore signs with the current time; the check uses whatever date it chose.
  const char* script = R"PY(
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
req = AWSRequest(method='POST', url='http://127.0.0.1:4318/TraceSegments?b=2&a=x%20y',
                 data=b'{"TraceSegmentDocuments":[]}',
                 headers={'Content-Type': 'application/json', 'X-Amz-Target': 'Logs_20140328.PutLogEvents'})
SigV4Auth(Credentials('AKIDEXAMPLE', 'secret/key+x', 'tok'), 'xray', 'eu-west-3').add_auth(req)
print(req.headers['Authorization'])
print(req.headers['X-Amz-Date'])
)PY";
  std::string command = "python3 -c \"$WAGGLE_SCRIPT\" 2>&1";
  setenv("WAGGLE_SCRIPT", script, 1);
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof(buf), pipe) != nullptr) out += buf;
  ASSERT_EQ(pclose(pipe), 0) << out;
  size_t nl = out.find('\n');
  ASSERT_NE(nl, std::string::npos) << out;
  std::string authorization = out.substr(0, nl);
  std::string amz_date = out.substr(nl + 1, 16);
  auto parsed = ParseSigV4Authorization(authorization);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << " in " << authorization;
  Headers headers = {{"host", "127.0.0.1:4318"},
                     {"content-type", "application/json"},
                     {"x-amz-target", "Logs_20140328.PutLogEvents"},
                     {"x-amz-date", amz_date},
                     {"x-amz-security-token", "tok"}};
  SigV4RequestParts parts{"POST", "/TraceSegments", "b=2&a=x%20y", &headers};
  std::string canonical =
      CanonicalRequest(parts, parsed->signed_headers, HexSha256("{\"TraceSegmentDocuments\":[]}"));
  std::string ours =
      SignatureHex(SigningKey("secret/key+x", amz_date.substr(0, 8), "eu-west-3", "xray"),
                   StringToSign(amz_date, parsed->CredentialScope(), canonical));
  EXPECT_EQ(ours, parsed->signature) << authorization << "\n" << canonical;
}

}  // namespace
}  // namespace waggle::auth
