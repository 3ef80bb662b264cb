// The Rollbar surface over a real Store and MetaStore in a temp dir:
// ingest, read back, and replay after a restart rebuilds the same rows.
#include "api/rollbar/rollbar_api.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>

#include "api/rollbar/envelope.h"
#include "auth/key_store.h"
#include "ingest/rollbar/record.h"

namespace waggle::api::rollbar {
namespace {

class RollbarApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rollbar_api_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto meta = meta::MetaStore::Open(dir_ + "/meta.sqlite");
    ASSERT_TRUE(meta.ok()) << meta.status();
    meta_ = std::move(*meta);
    keys_ = std::make_unique<auth::KeyStore>(*meta_);
    principals_ = std::make_unique<PrincipalResolver>(*keys_);
    OpenStore();
  }
  void TearDown() override {
    router_.reset();
    api_.reset();
    if (store_) {
      ASSERT_TRUE(store_->Close().ok());
    }
    std::filesystem::remove_all(dir_);
  }
  void OpenStore() {
    store::StoreOptions o;
    o.data_dir = dir_ + "/store";
    // Replays only Rollbar records, with the same decoder ingest uses.
    auto decode = [](uint8_t, std::string_view payload, model::EventBatch* batch) {
      return ingest::rollbar::DecodeOccurrenceRecord(payload, batch);
    };
    auto store = store::Store::Open(o, decode, clock_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    api_ = std::make_unique<RollbarApi>(*store_, *meta_, *principals_, clock_);
    router_ = std::make_unique<net::http::Router>();
    api_->AddRoutes(*router_);
  }
  net::http::Response Call(std::string method, std::string path, std::string body = "",
                           std::string query = "") {
    net::http::Request req;
    req.method = method;
    req.path = path;
    req.query = query;
    req.body = body;
    auto match = router_->Find(method, path, &req.params);
    EXPECT_NE(match.handler, nullptr) << method << " " << path;
    return match.handler ? (*match.handler)(req) : net::http::Response{404};
  }

  core::ManualClock clock_{1'700'000'000'000'000'000};
  std::string dir_;
  std::unique_ptr<meta::MetaStore> meta_;
  std::unique_ptr<auth::KeyStore> keys_;
  std::unique_ptr<PrincipalResolver> principals_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<RollbarApi> api_;
  std::unique_ptr<net::http::Router> router_;
};

constexpr std::string_view kItem =
    R"({"access_token":"t","data":{"environment":"prod","uuid":"u-1","level":"warning",)"
    R"("custom":{"password":"hunter2","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},)"
    R"("body":{"message":{"body":"disk 91% full on db-7"}}}})";

TEST_F(RollbarApiTest, IngestReadAndReplay) {
  net::http::Response r = Call("POST", "/api/1/item/", std::string(kItem));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"err":0,"result":{"id":null,"uuid":"u-1"}})");
  clock_.Advance(1'000'000'000);
  ASSERT_EQ(Call("POST", "/api/1/", std::string(kItem)).status, 200);  // duplicate uuid
  std::string second(kItem);
  second.replace(second.find("u-1"), 3, "u-2");
  second.replace(second.find("91%"), 3, "97%");
  ASSERT_EQ(Call("POST", "/api/1/item/", second).status, 200);

  r = Call("GET", "/api/1/items/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("total_count":1)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("total_occurrences":2)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("level":"warning")"), std::string::npos) << r.body;

  auto check_instances = [&] {
    net::http::Response inst = Call("GET", "/api/1/item/1/instances/");
    ASSERT_EQ(inst.status, 200);
    EXPECT_EQ(inst.body.find("hunter2"), std::string::npos);
    EXPECT_NE(inst.body.find("97% full"), std::string::npos) << inst.body;
    EXPECT_NE(inst.body.find(R"("trace_id":"4bf92f3577b34da6a3ce929d0e0e4736")"),
              std::string::npos);
    EXPECT_LT(inst.body.find(R"("uuid":"u-2")"), inst.body.find(R"("uuid":"u-1")"));
  };
  check_instances();
  // Restart: the rows come back from the WAL, not from SQLite.
  api_.reset();
  ASSERT_TRUE(store_->Close().ok());
  store_.reset();
  OpenStore();
  check_instances();
}

TEST(RollbarHttpStatusTest, RollbarCodesWhereTheyDifferOtherwiseTheCommonMapping) {
  EXPECT_EQ(RollbarHttpStatus(absl::FailedPreconditionError("bad item")), 422);
  EXPECT_EQ(RollbarHttpStatus(absl::ResourceExhaustedError("too large")), 413);
  EXPECT_EQ(RollbarHttpStatus(absl::InvalidArgumentError("x")), 400);
  EXPECT_EQ(RollbarHttpStatus(absl::UnauthenticatedError("x")), 401);
  EXPECT_EQ(RollbarHttpStatus(absl::PermissionDeniedError("x")), 403);
  EXPECT_EQ(RollbarHttpStatus(absl::NotFoundError("x")), 404);
  EXPECT_EQ(RollbarHttpStatus(absl::UnavailableError("x")), 503);
  EXPECT_EQ(RollbarHttpStatus(absl::InternalError("x")), 500);
  net::http::Response busy = Error(absl::UnavailableError("the store is behind"));
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.body, R"({"err":1,"message":"the store is behind"})");
  ASSERT_EQ(busy.headers.size(), 1u);
  EXPECT_EQ(busy.headers[0].first, "Retry-After");
}

TEST_F(RollbarApiTest, ErrorsUseTheEnvelope) {
  net::http::Response r = Call("POST", "/api/1/item/", "{oops");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind(R"({"err":1,"message":)", 0), 0u);
  EXPECT_EQ(Call("POST", "/api/1/item/", R"({"data":{"body":{}}})").status, 422);
  EXPECT_EQ(Call("GET", "/api/1/item/7").status, 404);
  EXPECT_EQ(Call("GET", "/api/1/items/", "", "status=weird").status, 422);
  EXPECT_EQ(Call("PATCH", "/api/1/item/7", R"({"status":"resolved"})").status, 404);
  EXPECT_EQ(Call("GET", "/api/1/status/ping").body, "pong");
}

}  // namespace
}  // namespace waggle::api::rollbar
