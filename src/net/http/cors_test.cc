#include "net/http/cors.h"

#include <gtest/gtest.h>

namespace waggle::net::http {
namespace {

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(GlobMatchTest, Stars) {
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("*", "http://a"));
  EXPECT_TRUE(GlobMatch("http://localhost:*", "http://localhost:5173"));
  EXPECT_FALSE(GlobMatch("http://localhost:*", "http://localhostX5173"));
  EXPECT_TRUE(GlobMatch("https://*.example.com", "https://ui.example.com"));
  EXPECT_FALSE(GlobMatch("https://*.example.com", "https://example.com"));
  EXPECT_FALSE(GlobMatch("https://*.example.com", "https://evil.com/.example.comx"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYbZc"));
  EXPECT_FALSE(GlobMatch("abc", "abcd"));
}

TEST(CorsPolicyTest, PreflightFromAllowedOrigin) {
  CorsPolicy cors({"http://localhost:*"}, {});
  Request request;
  request.method = "OPTIONS";
  request.headers = {{"origin", "http://localhost:5173"},
                     {"access-control-request-method", "POST"},
                     {"access-control-request-headers", "Content-Type, X-Honeycomb-Team, x-evil"}};
  std::optional<Response> response = cors.Preflight(request);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(HeaderOf(*response, "Access-Control-Allow-Origin"), "http://localhost:5173");
  EXPECT_EQ(HeaderOf(*response, "Access-Control-Allow-Headers"), "content-type, x-honeycomb-team");
  EXPECT_NE(HeaderOf(*response, "Access-Control-Allow-Methods").find("POST"), std::string::npos);
  EXPECT_EQ(HeaderOf(*response, "Vary"), "Origin");

  request.headers[0].second = "http://attacker.example";
  EXPECT_FALSE(cors.Preflight(request).has_value());
  request.headers[0].second = "http://localhost:5173";
  request.method = "POST";
  EXPECT_FALSE(cors.Preflight(request).has_value());
}

TEST(CorsPolicyTest, DecorateOnlyAllowedOrigins) {
  CorsPolicy cors({"https://*.example.com"}, {"x-amz-*"});
  Request request;
  request.headers = {{"origin", "https://ui.example.com"}};
  Response response;
  cors.Decorate(request, &response);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "https://ui.example.com");
  Response other;
  request.headers[0].second = "https://example.org";
  cors.Decorate(request, &other);
  EXPECT_TRUE(other.headers.empty());

  CorsPolicy none({}, {});
  Response plain;
  none.Decorate(request, &plain);
  EXPECT_TRUE(plain.headers.empty());
}

}  // namespace
}  // namespace waggle::net::http
