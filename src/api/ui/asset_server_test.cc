#include "api/ui/asset_server.h"

#include <gtest/gtest.h>

#include <string>

namespace waggle::api::ui {
namespace {

using net::http::Request;
using net::http::Response;
using net::http::Router;

const unsigned char kIndex[] = {'<', 'h', '1', '>'};
const unsigned char kJs[] = {'l', 'e', 't', ' ', 'x', ';'};
const unsigned char kJsGzip[] = {0x1f, 0x8b, 0x08};
const unsigned char kIcon[] = {'<', 's', 'v', 'g', '>'};

const EmbeddedAsset kAssets[] = {
    {"/assets/app-1a2b.js", "text/javascript; charset=utf-8", "\"js1\"", kJs, sizeof kJs, kJsGzip,
     sizeof kJsGzip},
    {"/favicon.svg", "image/svg+xml", "\"ico1\"", kIcon, sizeof kIcon, nullptr, 0},
    {"/index.html", "text/html; charset=utf-8", "\"idx1\"", kIndex, sizeof kIndex, nullptr, 0},
};

Request Get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.headers = std::move(headers);
  return r;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(AssetServerTest, RootServesIndexWithoutCaching) {
  AssetServer server(kAssets);
  Response r = server.Serve(Get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<h1>");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(r, "ETag"), "\"idx1\"");
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
}

TEST(AssetServerTest, ClientRoutesFallBackToIndex) {
  AssetServer server(kAssets);
  for (const char* path : {"/ui", "/ui/", "/ui/traces/abc", "/index.html"}) {
    Response r = server.Serve(Get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<h1>") << path;
  }
}

TEST(AssetServerTest, HashedAssetsAreImmutable) {
  AssetServer server(kAssets);
  Response r = server.Serve(Get("/assets/app-1a2b.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "let x;");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
}

TEST(AssetServerTest, GzipOnlyWhenAccepted) {
  AssetServer server(kAssets);
  Response r = server.Serve(Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(r.body.size(), sizeof kJsGzip);
  EXPECT_EQ(HeaderOf(r, "ETag"), "\"js1-gzip\"");
  Response refused = server.Serve(Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip;q=0"}}));
  EXPECT_EQ(HeaderOf(refused, "Content-Encoding"), "");
  EXPECT_EQ(refused.body, "let x;");
}

TEST(AssetServerTest, MatchingEtagAnswers304WithoutBody) {
  AssetServer server(kAssets);
  Response r = server.Serve(Get("/favicon.svg", {{"if-none-match", "\"other\", W/\"ico1\""}}));
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(HeaderOf(r, "ETag"), "\"ico1\"");
  Response changed = server.Serve(Get("/favicon.svg", {{"if-none-match", "\"ico0\""}}));
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, "<svg>");
}

TEST(AssetServerTest, UnknownFileIs404) {
  AssetServer server(kAssets);
  EXPECT_EQ(server.Serve(Get("/assets/missing.js")).status, 404);
  EXPECT_EQ(server.Serve(Get("/nothing.txt")).status, 404);
}

TEST(AssetServerTest, WithoutABuiltUiRootExplainsHowToBuild) {
  AssetServer server({});
  Response r = server.Serve(Get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("UI not built"), std::string::npos);
  EXPECT_NE(r.body.find("make build"), std::string::npos);
  EXPECT_EQ(server.Serve(Get("/assets/app.js")).status, 404);
}

TEST(AssetServerTest, RoutesLeaveApiPathsAlone) {
  AssetServer server(kAssets);
  Router router;
  router.Add("GET", "/api/v1/datasets", [](const Request&) {
    return Response{200, "", "api", {}};
  });
  server.AddRoutes(router);
  std::vector<std::pair<std::string, std::string>> params;
  Router::Match api = router.Find("GET", "/api/v1/datasets", &params);
  ASSERT_NE(api.handler, nullptr);
  EXPECT_EQ((*api.handler)(Get("/api/v1/datasets")).body, "api");
  EXPECT_EQ(router.Find("GET", "/api/v1/nothing", &params).status, 404);
  EXPECT_EQ(router.Find("POST", "/v1/whatever", &params).status, 404);
  Router::Match icon = router.Find("GET", "/favicon.svg", &params);
  ASSERT_NE(icon.handler, nullptr);
  EXPECT_EQ((*icon.handler)(Get("/favicon.svg")).body, "<svg>");
  EXPECT_NE(router.Find("GET", "/ui/traces/x", &params).handler, nullptr);
}

TEST(AssetServerTest, HeaderParsing) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, *"));
  EXPECT_TRUE(AcceptsGzip("gzip; q=0.5"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=abc"));
  EXPECT_TRUE(EtagMatches("*", "\"a\""));
  EXPECT_TRUE(EtagMatches("\"b\" , \"a\"", "\"a\""));
  EXPECT_FALSE(EtagMatches("\"ab\"", "\"a\""));
  EXPECT_FALSE(EtagMatches("", "\"a\""));
}

}  // namespace
}  // namespace waggle::api::ui
