// The three AWS reply shapes of aws.h, each tagged with a fresh request id.
#include <fmt/format.h>
#include <openssl/rand.h>

#include "api/aws/aws.h"
#include "core/json_writer.h"

namespace waggle::api::aws {
namespace {

constexpr std::string_view kAmzJson = "application/x-amz-json-1.1";

// A random (version 4) UUID, as AWS request ids look.
std::string NewRequestId() {
  unsigned char b[16] = {};
  if (RAND_bytes(b, sizeof(b)) != 1) {
    // Request ids only correlate logs; a fixed one is harmless.
    return "00000000-0000-4000-8000-000000000000";
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  return fmt::format(
      "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-"
      "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
      b[15]);
}

net::http::Response ErrorReply(const AwsError& error, std::string_view content_type,
                               bool message_first) {
  core::JsonWriter json;
  json.BeginObject();
  if (message_first) json.Key("message").String(error.message);
  json.Key("__type").String(error.type);
  if (!message_first) json.Key("message").String(error.message);
  json.EndObject();
  net::http::Response response;
  response.status = error.http_status;
  response.content_type = std::string(content_type);
  response.body = json.Release();
  response.headers.emplace_back("x-amzn-RequestId", NewRequestId());
  response.headers.emplace_back("x-amzn-ErrorType", error.type);
  return response;
}

}  // namespace

net::http::Response JsonProtocolError(const AwsError& error) {
  return ErrorReply(error, kAmzJson, /*message_first=*/false);
}

net::http::Response RestJsonError(const AwsError& error) {
  return ErrorReply(error, "application/json", /*message_first=*/true);
}

net::http::Response JsonReply(std::string body, std::string_view content_type) {
  net::http::Response response;
  response.status = 200;
  response.content_type = std::string(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("x-amzn-RequestId", NewRequestId());
  return response;
}

}  // namespace waggle::api::aws
