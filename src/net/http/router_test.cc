#include "net/http/router.h"

#include <gtest/gtest.h>

#include "core/strings.h"

namespace waggle::net::http {
namespace {

Handler Named(std::string name) {
  return [name](const Request&) {
    Response response;
    response.body = name;
    return response;
  };
}

std::string Route(const Router& router, std::string_view method, std::string_view path,
                  std::vector<std::pair<std::string, std::string>>* params = nullptr) {
  std::vector<std::pair<std::string, std::string>> local;
  if (params == nullptr) params = &local;
  Router::Match match = router.Find(method, path, params);
  if (match.handler == nullptr) return std::to_string(match.status);
  return (*match.handler)(Request()).body;
}

TEST(RouterTest, ExactPatternAndPrefixPrecedence) {
  Router router;
  router.Add("GET", "/api/*", Named("prefix"));
  router.Add("GET", "/api/v1/traces/{id}", Named("pattern"));
  router.Add("GET", "/api/v1/traces/search", Named("exact"));
  router.Add("GET", "/api/v1/*", Named("longer-prefix"));
  EXPECT_EQ(Route(router, "GET", "/api/v1/traces/search"), "exact");
  std::vector<std::pair<std::string, std::string>> params;
  EXPECT_EQ(Route(router, "GET", "/api/v1/traces/ab%20c", &params), "pattern");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].first, "id");
  EXPECT_EQ(params[0].second, "ab c");
  EXPECT_EQ(Route(router, "GET", "/api/v1/traces/x/y", &params), "longer-prefix");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].first, "*");
  EXPECT_EQ(params[0].second, "traces/x/y");
  EXPECT_EQ(Route(router, "GET", "/api/other"), "prefix");
  EXPECT_EQ(Route(router, "GET", "/api"), "prefix");
  EXPECT_EQ(Route(router, "GET", "/apix"), "404");
}

TEST(RouterTest, EmptyPatternSegmentDoesNotMatch) {
  Router router;
  router.Add("GET", "/t/{id}", Named("t"));
  EXPECT_EQ(Route(router, "GET", "/t/"), "404");
  EXPECT_EQ(Route(router, "GET", "/t"), "404");
  EXPECT_EQ(Route(router, "GET", "/t/1"), "t");
}

TEST(RouterTest, WrongMethodIs405WithAllowAndRouteRenderer) {
  Router router;
  ErrorRenderer custom = [](const Request&, int status, std::string_view) {
    Response response;
    response.status = status;
    response.body = "custom";
    return response;
  };
  router.Add("POST", "/v1/traces", Named("post"), custom);
  router.Add("PUT", "/v1/traces", Named("put"));
  router.Add("*", "/any", Named("any"));
  std::vector<std::pair<std::string, std::string>> params;
  Router::Match match = router.Find("GET", "/v1/traces", &params);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.status, 405);
  EXPECT_EQ(match.allow, "POST, PUT");
  EXPECT_EQ((*match.errors)(Request(), 405, "").body, "custom");
  EXPECT_EQ(Route(router, "DELETE", "/any"), "any");
  router.Add("GET", "/health", Named("health"));
  EXPECT_EQ(Route(router, "HEAD", "/health"), "health");
  EXPECT_EQ(Route(router, "HEAD", "/v1/traces"), "405");
  match = router.Find("GET", "/nothing", &params);
  EXPECT_EQ(match.status, 404);
  EXPECT_EQ((*match.errors)(Request(), 404, "no").body, "{\"error\":\"no\"}");
}

TEST(RouterTest, DefaultRendererCanBeReplaced) {
  Router router;
  router.SetDefaultErrorRenderer([](const Request&, int status, std::string_view message) {
    Response response;
    response.status = status;
    response.body = "E:" + std::string(message);
    return response;
  });
  std::vector<std::pair<std::string, std::string>> params;
  Router::Match match = router.Find("GET", "/", &params);
  EXPECT_EQ((*match.errors)(Request(), 404, "x").body, "E:x");
}

TEST(RequestTest, HeaderQueryAndParamLookups) {
  Request request;
  request.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  request.query = "a=1&b=hello+world%21&c&a=3&%64=d";
  request.params = {{"id", "42"}};
  EXPECT_EQ(request.Header("x-a"), "1");
  EXPECT_EQ(request.Header("missing"), "");
  EXPECT_EQ(request.QueryParam("a"), "1");
  EXPECT_EQ(request.QueryParam("b"), "hello world!");
  EXPECT_EQ(request.QueryParam("c"), "");
  EXPECT_EQ(request.QueryParam("d"), "d");
  EXPECT_EQ(request.QueryParam("zz"), "");
  EXPECT_EQ(request.Param("id"), "42");
  EXPECT_EQ(core::PercentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(core::PercentDecode("a+b%2B", false), "a+b+");
}

}  // namespace
}  // namespace waggle::net::http
