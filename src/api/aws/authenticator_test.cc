#include <fmt/format.h>
#include <gtest/gtest.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "api/aws/aws.h"
#include "auth/aws_credentials.h"
#include "auth/sigv4.h"
#include "meta/meta_store.h"

namespace waggle::api::aws {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
// 2024-05-06T07:08:09Z.
constexpr int64_t kNow = 1714979289LL * kSecond;
constexpr std::string_view kAmzDate = "20240506T070809Z";
constexpr uint32_t kIngest = static_cast<uint32_t>(auth::Scope::kIngest);

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "aws_auth_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto meta = meta::MetaStore::Open(dir_ + "/meta.sqlite", {.clock = &clock_});
    ASSERT_TRUE(meta.ok()) << meta.status();
    meta_ = std::move(*meta);
    keys_ = std::make_unique<auth::KeyStore>(*meta_);
    principals_ = std::make_unique<PrincipalResolver>(*keys_);
    auto master = auth::LoadOrCreateAwsMasterSecret(dir_);
    ASSERT_TRUE(master.ok()) << master.status();
    master_ = *master;
    authenticator_ = std::make_unique<AwsAuthenticator>(*principals_, *keys_, master_, clock_);
  }
  void TearDown() override {
    authenticator_.reset();
    principals_.reset();
    keys_.reset();
    meta_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Creates a key; returns its id.
  std::string CreateKey(uint32_t scopes, std::string environment = "production") {
    auto created = keys_->Create(scopes, std::move(environment), "test");
    EXPECT_TRUE(created.ok()) << created.status();
    return created->first.id;
  }

  // A CloudWatch-Logs-shaped request as our HTTP server delivers it.
  static net::http::Request LogsRequest(std::string body = R"({"logGroupName":"g"})") {
    net::http::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"host", "127.0.0.1:4318"},
                       {"content-type", "application/x-amz-json-1.1"},
                       {"x-amz-target", "Logs_20140328.CreateLogGroup"},
                       {"x-amz-date", std::string(kAmzDate)}};
    request.body = std::move(body);
    return request;
  }

  // Adds the Authorization header that an SDK would, for `access_key_id`.
  void Sign(net::http::Request* request, std::string_view access_key_id, std::string_view secret,
            std::string_view region = "eu-central-1", std::string_view service = "logs") {
    std::vector<std::string> signed_headers = {"content-type", "host", "x-amz-date",
                                               "x-amz-target"};
    auth::SigV4RequestParts parts{request->method, request->path, request->query,
                                  &request->headers};
    const std::string& raw = request->encoded_body.empty() ? request->body : request->encoded_body;
    std::string canonical = auth::CanonicalRequest(parts, signed_headers, auth::HexSha256(raw));
    std::string scope = fmt::format("20240506/{}/{}/aws4_request", region, service);
    std::string signature =
        auth::SignatureHex(auth::SigningKey(secret, "20240506", region, service),
                           auth::StringToSign(kAmzDate, scope, canonical));
    request->headers.emplace_back(
        "authorization",
        fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, "
                    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={}",
                    access_key_id, scope, signature));
  }

 public:
  // Sets the clock to "yyyymmddThhmmssZ".
  void SetClockToAmzDate(const std::string& amz_date) {
    struct tm tm = {};
    ASSERT_NE(strptime(amz_date.c_str(), "%Y%m%dT%H%M%SZ", &tm), nullptr) << amz_date;
    clock_.Advance(static_cast<int64_t>(timegm(&tm)) * kSecond - clock_.NowNanos());
  }

 protected:
  std::string SecretFor(std::string_view key_id) {
    return auth::DeriveAwsSecretAccessKey(master_, key_id);
  }

  std::variant<AwsCaller, AwsError> Auth(const net::http::Request& request,
                                         auth::Scope scope = auth::Scope::kIngest) {
    return authenticator_->Authenticate(request, "logs", scope);
  }

  static std::string ErrorType(const std::variant<AwsCaller, AwsError>& result) {
    const AwsError* error = std::get_if<AwsError>(&result);
    return error == nullptr ? "OK" : error->type;
  }

  core::ManualClock clock_{kNow};
  std::string dir_;
  std::string master_;
  std::unique_ptr<meta::MetaStore> meta_;
  std::unique_ptr<auth::KeyStore> keys_;
  std::unique_ptr<PrincipalResolver> principals_;
  std::unique_ptr<AwsAuthenticator> authenticator_;
};

TEST_F(AuthenticatorTest, KeysOffAcceptsAnythingAndReadsRegion) {
  net::http::Request request = LogsRequest();
  auto unsigned_result = Auth(request);
  ASSERT_EQ(ErrorType(unsigned_result), "OK");
  const AwsCaller& anonymous = std::get<AwsCaller>(unsigned_result);
  EXPECT_EQ(anonymous.principal.environment, "default");
  EXPECT_EQ(anonymous.principal.scopes, auth::kAllScopes);
  EXPECT_EQ(anonymous.region, "us-east-1");
  EXPECT_EQ(anonymous.account_id, "000000000000");
  EXPECT_EQ(anonymous.access_key_id, "");

  Sign(&request, "test", "wrong secret, not checked", "ap-south-2");
  auto signed_result = Auth(request);
  ASSERT_EQ(ErrorType(signed_result), "OK");
  EXPECT_EQ(std::get<AwsCaller>(signed_result).region, "ap-south-2");
  EXPECT_EQ(std::get<AwsCaller>(signed_result).access_key_id, "test");
}

TEST_F(AuthenticatorTest, ValidSignatureResolvesTheKey) {
  std::string id = CreateKey(kIngest, "staging");
  net::http::Request request = LogsRequest();
  Sign(&request, id, SecretFor(id));
  auto result = Auth(request);
  ASSERT_EQ(ErrorType(result), "OK") << std::get<AwsError>(result).message;
  const AwsCaller& caller = std::get<AwsCaller>(result);
  EXPECT_EQ(caller.principal.environment, "staging");
  EXPECT_EQ(caller.principal.key_id, id);
  EXPECT_EQ(caller.principal.scopes, kIngest);
  EXPECT_EQ(caller.region, "eu-central-1");
  EXPECT_EQ(caller.access_key_id, id);
}

TEST_F(AuthenticatorTest, TamperingBreaksTheSignature) {
  std::string id = CreateKey(kIngest);
  net::http::Request good = LogsRequest();
  Sign(&good, id, SecretFor(id));

  net::http::Request body = good;
  body.body = R"({"logGroupName":"h"})";
  EXPECT_EQ(ErrorType(Auth(body)), "InvalidSignatureException");

  net::http::Request header = good;
  header.headers[2].second = "Logs_20140328.DeleteLogGroup";
  EXPECT_EQ(ErrorType(Auth(header)), "InvalidSignatureException");

  net::http::Request date = good;
  date.headers[3].second = "20240506T070810Z";
  EXPECT_EQ(ErrorType(Auth(date)), "InvalidSignatureException");

  net::http::Request path = good;
  path.path = "/other";
  EXPECT_EQ(ErrorType(Auth(path)), "InvalidSignatureException");

  net::http::Request wrong_secret = LogsRequest();
  Sign(&wrong_secret, id, SecretFor("someoneelse"));
  auto result = Auth(wrong_secret);
  ASSERT_EQ(ErrorType(result), "InvalidSignatureException");
  EXPECT_NE(std::get<AwsError>(result).message.find("does not match"), std::string::npos);
  EXPECT_EQ(std::get<AwsError>(result).http_status, 400);
}

TEST_F(AuthenticatorTest, ClockSkewIsSignatureExpired) {
  std::string id = CreateKey(kIngest);
  net::http::Request request = LogsRequest();
  Sign(&request, id, SecretFor(id));
  clock_.Advance(4 * 60 * kSecond);
  EXPECT_EQ(ErrorType(Auth(request)), "OK");
  clock_.Advance(2 * 60 * kSecond);
  auto late = Auth(request);
  ASSERT_EQ(ErrorType(late), "InvalidSignatureException");
  EXPECT_EQ(std::get<AwsError>(late).message,
            "Signature expired: 20240506T070809Z is now earlier than 20240506T070909Z "
            "(20240506T071409Z - 5 min.)");
  clock_.Advance(-12 * 60 * kSecond);  // now 07:02:09, the request is 6 min ahead
  auto early = Auth(request);
  ASSERT_EQ(ErrorType(early), "InvalidSignatureException");
  EXPECT_NE(std::get<AwsError>(early).message.find("Signature not yet current"), std::string::npos);
}

TEST_F(AuthenticatorTest, MissingAndMalformedHeaders) {
  std::string id = CreateKey(kIngest);
  net::http::Request request = LogsRequest();
  auto missing = Auth(request);
  EXPECT_EQ(ErrorType(missing), "MissingAuthenticationTokenException");
  EXPECT_EQ(std::get<AwsError>(missing).message, "Missing Authentication Token");

  net::http::Request garbage = LogsRequest();
  garbage.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=oops");
  EXPECT_EQ(ErrorType(Auth(garbage)), "IncompleteSignatureException");

  net::http::Request no_date = LogsRequest();
  Sign(&no_date, id, SecretFor(id));
  no_date.headers.erase(no_date.headers.begin() + 3);
  EXPECT_EQ(ErrorType(Auth(no_date)), "IncompleteSignatureException");

  net::http::Request bad_date = LogsRequest();
  Sign(&bad_date, id, SecretFor(id));
  bad_date.headers[3].second = "2024-05-06T07:08:09Z";
  EXPECT_EQ(ErrorType(Auth(bad_date)), "IncompleteSignatureException");

  net::http::Request wrong_service = LogsRequest();
  Sign(&wrong_service, id, SecretFor(id), "us-east-1", "xray");
  EXPECT_EQ(ErrorType(Auth(wrong_service)), "InvalidSignatureException");
}

TEST_F(AuthenticatorTest, BearerKeyResolvesToTheKeysPrincipal) {
  auto created = keys_->Create(static_cast<uint32_t>(auth::Scope::kRead), "staging", "ui");
  ASSERT_TRUE(created.ok()) << created.status();
  const auto& [info, secret] = *created;

  net::http::Request bearer = LogsRequest();
  bearer.headers.erase(bearer.headers.begin() + 3);  // a browser sends no X-Amz-Date
  bearer.headers.emplace_back("authorization", "Bearer " + secret);
  auto result = Auth(bearer, auth::Scope::kRead);
  ASSERT_EQ(ErrorType(result), "OK") << std::get<AwsError>(result).message;
  const AwsCaller& caller = std::get<AwsCaller>(result);
  EXPECT_EQ(caller.principal.environment, "staging");
  EXPECT_EQ(caller.principal.key_id, info.id);
  EXPECT_EQ(caller.principal.scopes, static_cast<uint32_t>(auth::Scope::kRead));
  EXPECT_EQ(caller.region, "us-east-1");
  EXPECT_EQ(caller.account_id, "000000000000");

  net::http::Request team = LogsRequest();
  team.headers.emplace_back("x-honeycomb-team", secret);
  auto by_team = Auth(team, auth::Scope::kRead);
  ASSERT_EQ(ErrorType(by_team), "OK");
  EXPECT_EQ(std::get<AwsCaller>(by_team).principal.environment, "staging");

  auto denied = Auth(bearer, auth::Scope::kIngest);
  ASSERT_EQ(ErrorType(denied), "AccessDeniedException");
  EXPECT_EQ(std::get<AwsError>(denied).http_status, 403);
  EXPECT_NE(std::get<AwsError>(denied).message.find("'ingest'"), std::string::npos);

  net::http::Request unknown = LogsRequest();
  unknown.headers.emplace_back("authorization", "Bearer abc");
  auto rejected = Auth(unknown, auth::Scope::kRead);
  ASSERT_EQ(ErrorType(rejected), "UnrecognizedClientException");
  EXPECT_EQ(std::get<AwsError>(rejected).http_status, 400);
  EXPECT_EQ(std::get<AwsError>(rejected).message,
            "The security token included in the request is invalid.");
  EXPECT_NE(JsonProtocolError(std::get<AwsError>(rejected))
                .body.find(R"("__type":"UnrecognizedClientException")"),
            std::string::npos);

  ASSERT_TRUE(keys_->Revoke(info.id).ok());
  CreateKey(kIngest);  // keeps keys on
  EXPECT_EQ(ErrorType(Auth(bearer, auth::Scope::kRead)), "UnrecognizedClientException");
}

TEST_F(AuthenticatorTest, DateHeaderWorksWithoutXAmzDate) {
  std::string id = CreateKey(kIngest);
  net::http::Request request = LogsRequest();
  request.headers[3] = {"date", "Mon, 06 May 2024 07:08:09 GMT"};
  // The signature covers the Date header; the string to sign uses the ISO form.
  std::vector<std::string> signed_headers = {"content-type", "date", "host", "x-amz-target"};
  auth::SigV4RequestParts parts{request.method, request.path, request.query, &request.headers};
  std::string canonical =
      auth::CanonicalRequest(parts, signed_headers, auth::HexSha256(request.body));
  std::string secret = SecretFor(id);
  std::string signature = auth::SignatureHex(
      auth::SigningKey(secret, "20240506", "us-east-1", "logs"),
      auth::StringToSign(kAmzDate, "20240506/us-east-1/logs/aws4_request", canonical));
  request.headers.emplace_back(
      "authorization",
      fmt::format("AWS4-HMAC-SHA256 Credential={}/20240506/us-east-1/logs/aws4_request, "
                  "SignedHeaders=content-type;date;host;x-amz-target, Signature={}",
                  id, signature));
  EXPECT_EQ(ErrorType(Auth(request)), "OK");
  // Dates that are not RFC 1123, or too early to have an ISO basic form.
  for (const char* bad : {"yesterday", "Mon, 06 May 2024 07:08:09 GMT junk",
                          "Fri, 01 Jan 0099 00:00:00 GMT", "Sat, 01 Jan 0000 00:00:00 GMT"}) {
    request.headers[3] = {"date", bad};
    EXPECT_EQ(ErrorType(Auth(request)), "IncompleteSignatureException") << bad;
  }
}

TEST_F(AuthenticatorTest, UnknownAndRevokedKeysAreUnrecognized) {
  std::string id = CreateKey(kIngest);
  net::http::Request unknown = LogsRequest();
  Sign(&unknown, "AKIDEXAMPLE", "whatever");
  auto result = Auth(unknown);
  ASSERT_EQ(ErrorType(result), "UnrecognizedClientException");
  EXPECT_EQ(std::get<AwsError>(result).message,
            "The security token included in the request is invalid.");

  net::http::Request request = LogsRequest();
  Sign(&request, id, SecretFor(id));
  ASSERT_EQ(ErrorType(Auth(request)), "OK");
  std::string other = CreateKey(kIngest);  // keeps keys enabled after the revoke
  ASSERT_TRUE(keys_->Revoke(id).ok());
  EXPECT_EQ(ErrorType(Auth(request)), "UnrecognizedClientException");
  (void)other;
}

TEST_F(AuthenticatorTest, KeysOfAnotherProcessAreSeenAtOnce) {
  CreateKey(kIngest);  // keys on
  // `waggle keys create` / `revoke` run as other processes on the same data
  // dir; the clock does not move, so no cache recheck interval passes.
  auto other_meta = meta::MetaStore::Open(dir_ + "/meta.sqlite", {.clock = &clock_});
  ASSERT_TRUE(other_meta.ok()) << other_meta.status();
  auth::KeyStore other(**other_meta);
  auto created = other.Create(kIngest, "production", "from-cli");
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string id = created->first.id;
  net::http::Request request = LogsRequest();
  Sign(&request, id, SecretFor(id));
  auto caller = Auth(request);
  ASSERT_EQ(ErrorType(caller), "OK");
  EXPECT_EQ(std::get<AwsCaller>(caller).principal.environment, "production");
  ASSERT_TRUE(other.Revoke(id).ok());
  EXPECT_EQ(ErrorType(Auth(request)), "UnrecognizedClientException");
}

TEST_F(AuthenticatorTest, KeyWithoutScopeIsAccessDenied) {
  std::string id = CreateKey(static_cast<uint32_t>(auth::Scope::kRead));
  net::http::Request request = LogsRequest();
  Sign(&request, id, SecretFor(id));
  auto denied = Auth(request, auth::Scope::kIngest);
  ASSERT_EQ(ErrorType(denied), "AccessDeniedException");
  EXPECT_NE(std::get<AwsError>(denied).message.find("'ingest'"), std::string::npos);
  EXPECT_EQ(ErrorType(Auth(request, auth::Scope::kRead)), "OK");
}

TEST_F(AuthenticatorTest, ContentSha256HeaderAndCompressedBodies) {
  std::string id = CreateKey(kIngest);
  // The signature covers the bytes as sent: for a compressed request, those
  // are in encoded_body while body holds the decoded form.
  net::http::Request gzipped = LogsRequest();
  gzipped.encoded_body = "pretend-gzip-bytes";
  Sign(&gzipped, id, SecretFor(id));
  gzipped.body = "decoded";
  EXPECT_EQ(ErrorType(Auth(gzipped)), "OK");

  net::http::Request mismatch = LogsRequest();
  mismatch.headers.emplace_back("x-amz-content-sha256", auth::HexSha256("other"));
  Sign(&mismatch, id, SecretFor(id));
  EXPECT_EQ(ErrorType(Auth(mismatch)), "InvalidSignatureException");

  net::http::Request matching = LogsRequest();
  matching.headers.emplace_back("x-amz-content-sha256", auth::HexSha256(matching.body));
  Sign(&matching, id, SecretFor(id));
  EXPECT_EQ(ErrorType(Auth(matching)), "OK");
}

TEST_F(AuthenticatorTest, UnsignedPayloadIsAccepted) {
  std::string id = CreateKey(kIngest);
  net::http::Request request = LogsRequest();
  request.headers.emplace_back("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  std::vector<std::string> signed_headers = {"content-type", "host", "x-amz-content-sha256",
                                             "x-amz-date", "x-amz-target"};
  auth::SigV4RequestParts parts{request.method, request.path, request.query, &request.headers};
  std::string canonical = auth::CanonicalRequest(parts, signed_headers, "UNSIGNED-PAYLOAD");
  std::string signature = auth::SignatureHex(
      auth::SigningKey(SecretFor(id), "20240506", "us-east-1", "logs"),
      auth::StringToSign(kAmzDate, "20240506/us-east-1/logs/aws4_request", canonical));
  request.headers.emplace_back(
      "authorization",
      fmt::format("AWS4-HMAC-SHA256 Credential={}/20240506/us-east-1/logs/aws4_request, "
                  "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, "
                  "Signature={}",
                  id, signature));
  EXPECT_EQ(ErrorType(Auth(request)), "OK");
}

// Runs `script` with `interpreter` (python3 or node) and returns its stdout;
// sets *ok to false on failure.
std::string RunScript(const std::string& interpreter, const std::string& script, bool* ok) {
  setenv("WAGGLE_SCRIPT", script.c_str(), 1);
  std::string command = interpreter + " -e \"$WAGGLE_SCRIPT\" 2>&1";
  if (interpreter == "python3") command = "python3 -c \"$WAGGLE_SCRIPT\" 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  if (pipe == nullptr) {
    *ok = false;
    return out;
  }
  char buf[512];
  while (fgets(buf, sizeof(buf), pipe) != nullptr) out += buf;
  *ok = pclose(pipe) == 0;
  return out;
}

// Feeds the Authorization and X-Amz-Date a real SDK signer produced (first
// two lines of `out`, then any other headers it added) to the authenticator.
void ExpectAccepted(
    AuthenticatorTest* test, const std::string& out,
    const std::function<std::variant<AwsCaller, AwsError>(const net::http::Request&)>& auth) {
  size_t nl = out.find('\n');
  ASSERT_NE(nl, std::string::npos) << out;
  // Real signers use the current time: move the manual clock there.
  test->SetClockToAmzDate(out.substr(nl + 1, 16));
  net::http::Request request;
  request.method = "POST";
  request.path = "/TraceSegments";
  request.headers = {{"host", "localhost:4318"},
                     {"content-type", "application/json"},
                     {"x-amz-date", out.substr(nl + 1, 16)},
                     {"authorization", out.substr(0, nl)}};
  request.body = R"({"TraceSegmentDocuments":[]})";
  // Further lines are other headers the signer added, as "name:value".
  size_t start = out.find('\n', nl + 1);
  while (start != std::string::npos && start + 1 < out.size()) {
    size_t end = out.find('\n', start + 1);
    std::string line = out.substr(start + 1, end == std::string::npos ? end : end - start - 1);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
    start = end;
  }
  auto result = auth(request);
  const AwsError* error = std::get_if<AwsError>(&result);
  EXPECT_EQ(error, nullptr) << (error ? error->type + ": " + error->message : "");
}

TEST_F(AuthenticatorTest, AcceptsBotocoreSignedRequest) {
  if (std::system("python3 -c 'import botocore.auth' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 with botocore is not installed";
  }
  std::string id = CreateKey(kIngest);
  std::string script = fmt::format(R"PY(
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
req = AWSRequest(method='POST', url='http://localhost:4318/TraceSegments',
                 data=b'{{"TraceSegmentDocuments":[]}}', headers={{'Content-Type': 'application/json'}})
SigV4Auth(Credentials('{}', '{}'), 'xray', 'us-west-2').add_auth(req)
print(req.headers['Authorization'])
print(req.headers['X-Amz-Date'])
)PY",
                                   id, SecretFor(id));
  bool ok = false;
  std::string out = RunScript("python3", script, &ok);
  ASSERT_TRUE(ok) << out;
  ExpectAccepted(this, out, [&](const net::http::Request& r) {
    return authenticator_->Authenticate(r, "xray", auth::Scope::kIngest);
  });
}

TEST_F(AuthenticatorTest, AcceptsSmithySignedRequest) {
  const std::string modules = std::string(WAGGLE_SOURCE_DIR) + "/tests/integration/node_modules";
  if (!std::filesystem::exists(modules + "/@smithy/signature-v4") ||
      std::system("node --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "node or @smithy/signature-v4 is not installed";
  }
  std::string id = CreateKey(kIngest);
  std::string script = fmt::format(R"JS(
const {{ SignatureV4 }} = require('{0}/@smithy/signature-v4');
const crypto = require('crypto');
class Sha256 {{
  constructor(secret) {{ this.h = secret ? crypto.createHmac('sha256', secret) : crypto.createHash('sha256'); }}
  update(data) {{ this.h.update(data); }}
  async digest() {{ return new Uint8Array(this.h.digest()); }}
}}
const signer = new SignatureV4({{ service: 'xray', region: 'sa-east-1', sha256: Sha256,
  credentials: {{ accessKeyId: '{1}', secretAccessKey: '{2}' }} }});
signer.sign({{ method: 'POST', protocol: 'http:', hostname: 'localhost', port: 4318,
  path: '/TraceSegments', headers: {{ host: 'localhost:4318', 'content-type': 'application/json' }},
  body: '{{"TraceSegmentDocuments":[]}}' }})
  .then((r) => {{
    console.log(r.headers.authorization);
    console.log(r.headers['x-amz-date']);
    for (const [k, v] of Object.entries(r.headers)) {{
      if (!['authorization', 'x-amz-date', 'host', 'content-type'].includes(k.toLowerCase()))
        console.log(k.toLowerCase() + ':' + v);
    }}
  }})
  .catch((e) => {{ console.error(e); process.exit(1); }});
)JS",
                                   modules, id, SecretFor(id));
  bool ok = false;
  std::string out = RunScript("node", script, &ok);
  ASSERT_TRUE(ok) << out;
  ExpectAccepted(this, out, [&](const net::http::Request& r) {
    return authenticator_->Authenticate(r, "xray", auth::Scope::kIngest);
  });
}

}  // namespace
}  // namespace waggle::api::aws
