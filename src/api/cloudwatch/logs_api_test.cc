// The CloudWatch Logs API over a real store, control plane and (keyless)
// authenticator in a temporary directory, driven through Handle().
#include "api/cloudwatch/logs_api.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <list>

#include "ingest/replay.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr int64_t kNowMs = 1'780'000'000'000;
constexpr int64_t kDayMs = 86'400'000;

class LogsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cw_api_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto meta = meta::MetaStore::Open(dir_ + "/meta.sqlite", {.clock = &clock_});
    ASSERT_TRUE(meta.ok()) << meta.status().message();
    meta_ = std::move(*meta);
    keys_ = std::make_unique<auth::KeyStore>(*meta_);
    principals_ = std::make_unique<PrincipalResolver>(*keys_);
    auth_ =
        std::make_unique<aws::AwsAuthenticator>(*principals_, *keys_, std::string(32, 'k'), clock_);
    OpenStore();
  }
  void TearDown() override {
    api_.reset();
    if (store_) {
      EXPECT_TRUE(store_->Close().ok());
    }
    store_.reset();
    auth_.reset();
    principals_.reset();
    keys_.reset();
    meta_.reset();
    std::filesystem::remove_all(dir_);
  }

  void OpenStore() {
    store::StoreOptions options;
    options.data_dir = dir_;
    auto store = store::Store::Open(options, ingest::DecodeRecord, clock_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
    auto api = CloudWatchLogsApi::Create(*store_, *meta_, *auth_, clock_);
    ASSERT_TRUE(api.ok());
    api_ = std::move(*api);
  }

  void Restart() {
    api_.reset();
    ASSERT_TRUE(store_->Close().ok());
    store_.reset();
    OpenStore();
  }

  // Sends operation `op` with `body`; returns (status, parsed body).
  std::pair<int, simdjson::dom::element> Send(std::string_view op, std::string body) {
    net::http::Request req;
    req.method = "POST";
    req.path = "/";
    req.headers = {{"x-amz-target", "Logs_20140328." + std::string(op)},
                   {"content-type", "application/x-amz-json-1.1"}};
    req.body = std::move(body);
    net::http::Response res = api_->Handle(req);
    bodies_.push_back(res.body);
    simdjson::dom::element root;
    EXPECT_FALSE(parser_.emplace_back().parse(bodies_.back()).get(root)) << res.body;
    return {res.status, root};
  }

  // Sends and expects 200.
  simdjson::dom::element Ok(std::string_view op, std::string body) {
    auto [status, root] = Send(op, std::move(body));
    EXPECT_EQ(status, 200) << op << ": " << simdjson::to_string(root);
    return root;
  }

  std::string ErrorType(std::string_view op, std::string body) {
    auto [status, root] = Send(op, std::move(body));
    EXPECT_GE(status, 400);
    std::string_view type;
    if (root["__type"].get(type)) return "<none>";
    return std::string(type);
  }

  void MakeStream(std::string group, std::string stream) {
    Send("CreateLogGroup", R"({"logGroupName":")" + group + R"("})");
    Ok("CreateLogStream",
       R"({"logGroupName":")" + group + R"(","logStreamName":")" + stream + R"("})");
  }

  void Put(std::string group, std::string stream,
           std::vector<std::pair<int64_t, std::string>> events) {
    std::string body =
        R"({"logGroupName":")" + group + R"(","logStreamName":")" + stream + R"(","logEvents":[)";
    for (size_t i = 0; i < events.size(); ++i) {
      if (i > 0) body += ",";
      body += R"({"timestamp":)" + std::to_string(events[i].first) + R"(,"message":")" +
              events[i].second + R"("})";
    }
    Ok("PutLogEvents", body + "]}");
  }

  static std::vector<std::string> Messages(simdjson::dom::element reply) {
    std::vector<std::string> out;
    for (simdjson::dom::element e : reply["events"].get_array()) {
      out.emplace_back(std::string_view(e["message"].get_string()));
    }
    return out;
  }

  core::ManualClock clock_{kNowMs * 1'000'000};
  std::string dir_;
  std::unique_ptr<meta::MetaStore> meta_;
  std::unique_ptr<auth::KeyStore> keys_;
  std::unique_ptr<PrincipalResolver> principals_;
  std::unique_ptr<aws::AwsAuthenticator> auth_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<CloudWatchLogsApi> api_;
  std::list<std::string> bodies_;
  std::list<simdjson::dom::parser> parser_;
};

using Strings = std::vector<std::string>;

TEST_F(LogsApiTest, StreamsReadInTimestampOrderWithTiesByArrival) {
  MakeStream("/g", "s");
  Put("/g", "s", {{kNowMs - 10, "b"}, {kNowMs, "d"}});
  Put("/g", "s", {{kNowMs - 20, "a"}, {kNowMs - 10, "c"}});
  auto got =
      Ok("GetLogEvents", R"({"logGroupName":"/g","logStreamName":"s","startFromHead":true})");
  EXPECT_EQ(Messages(got), (Strings{"a", "b", "c", "d"}));
}

TEST_F(LogsApiTest, RejectedEventsAreReportedAndNotStored) {
  MakeStream("/g", "s");
  auto put =
      Ok("PutLogEvents", R"({"logGroupName":"/g","logStreamName":"s","logEvents":[)"
                         R"({"timestamp":)" +
                             std::to_string(kNowMs - 15 * kDayMs) +
                             R"(,"message":"old"},)"
                             R"({"timestamp":)" +
                             std::to_string(kNowMs) +
                             R"(,"message":"ok"},)"
                             R"({"timestamp":)" +
                             std::to_string(kNowMs + 3 * 3'600'000) + R"(,"message":"new"}]})");
  EXPECT_EQ(int64_t(put["rejectedLogEventsInfo"]["tooOldLogEventEndIndex"]), 1);
  EXPECT_EQ(int64_t(put["rejectedLogEventsInfo"]["tooNewLogEventStartIndex"]), 2);
  auto got = Ok("FilterLogEvents", R"({"logGroupName":"/g"})");
  EXPECT_EQ(Messages(got), (Strings{"ok"}));
  // Everything rejected: 200 without a sequence token.
  auto none = Ok("PutLogEvents", R"({"logGroupName":"/g","logStreamName":"s","logEvents":[)"
                                 R"({"timestamp":1,"message":"x"}]})");
  EXPECT_TRUE(none["nextSequenceToken"].error());
}

TEST_F(LogsApiTest, RetentionHidesExpiredEvents) {
  MakeStream("/g", "s");
  Put("/g", "s", {{kNowMs - 2 * kDayMs, "two days"}, {kNowMs - 2 * kDayMs + 1, "also old"}});
  Put("/g", "s", {{kNowMs, "today"}});
  Ok("PutRetentionPolicy", R"({"logGroupName":"/g","retentionInDays":1})");
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"/g"})")), (Strings{"today"}));
  Ok("DeleteRetentionPolicy", R"({"logGroupName":"/g"})");
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"/g"})")).size(), 3u);
}

TEST_F(LogsApiTest, EventsSurviveRestartAndKeepDistinctIds) {
  MakeStream("/a/b", "s");
  Put("/a/b", "s", {{kNowMs, "before"}});
  Restart();
  Put("/a/b", "s", {{kNowMs, "after"}});
  auto got = Ok("FilterLogEvents", R"({"logGroupName":"/a/b"})");
  EXPECT_EQ(Messages(got), (Strings{"before", "after"}));
  std::string_view id0 = got["events"].at(0)["eventId"].get_string();
  std::string_view id1 = got["events"].at(1)["eventId"].get_string();
  EXPECT_LT(id0, id1);
  auto stream = Ok("DescribeLogStreams", R"({"logGroupName":"/a/b"})")["logStreams"].at(0);
  EXPECT_EQ(int64_t(stream["lastEventTimestamp"]), kNowMs);
  EXPECT_EQ(std::string_view(stream["uploadSequenceToken"]).size(), 56u);
}

TEST_F(LogsApiTest, PagesStopAtOneMegabyte) {
  MakeStream("/g", "s");
  std::string big(400'000, 'x');
  for (int i = 0; i < 3; ++i) Put("/g", "s", {{kNowMs + i, big}});
  auto first = Ok("FilterLogEvents", R"({"logGroupName":"/g"})");
  EXPECT_EQ(Messages(first).size(), 2u);
  std::string token(std::string_view(first["nextToken"].get_string()));
  auto second = Ok("FilterLogEvents", R"({"logGroupName":"/g","nextToken":")" + token + "\"}");
  EXPECT_EQ(Messages(second).size(), 1u);
  EXPECT_TRUE(second["nextToken"].error());
  auto head =
      Ok("GetLogEvents", R"({"logGroupName":"/g","logStreamName":"s","startFromHead":true})");
  EXPECT_EQ(Messages(head).size(), 2u);
}

TEST_F(LogsApiTest, ValidationErrorsUseAwsNames) {
  MakeStream("/g", "s");
  EXPECT_EQ(ErrorType("CreateLogGroup", R"({"logGroupName":"bad name"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorType("CreateLogGroup", R"({"logGroupName":"/g"})"),
            "ResourceAlreadyExistsException");
  EXPECT_EQ(ErrorType("CreateLogStream", R"({"logGroupName":"/g","logStreamName":"a:b"})"),
            "InvalidParameterException");
  EXPECT_EQ(
      ErrorType("DescribeLogStreams",
                R"({"logGroupName":"/g","orderBy":"LastEventTime","logStreamNamePrefix":"s"})"),
      "InvalidParameterException");
  EXPECT_EQ(ErrorType("GetLogEvents", R"({"logGroupName":"/g","logStreamName":"s","limit":0})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorType("FilterLogEvents", R"({"logGroupName":"/nope"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorType("FilterLogEvents", R"({"logGroupName":"/g","nextToken":"n/1"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorType("PutLogEvents", R"({"logGroupName":"/g","logStreamName":"s","logEvents":[)"
                                      R"({"timestamp":)" +
                                          std::to_string(kNowMs - kDayMs - 1) +
                                          R"(,"message":"a"},{"timestamp":)" +
                                          std::to_string(kNowMs) + R"(,"message":"b"}]})"),
            "InvalidParameterException");
  std::string tags = R"({"logGroupName":"/many","tags":{)";
  for (int i = 0; i < 51; ++i) tags += (i ? "," : "") + ("\"k" + std::to_string(i) + "\":\"v\"");
  EXPECT_EQ(ErrorType("CreateLogGroup", tags + "}}"), "TooManyTagsException");
  EXPECT_EQ(ErrorType("Nope", "{}"), "UnknownOperationException");
  EXPECT_EQ(ErrorType("DescribeLogGroups", "[1]"), "SerializationException");
}

TEST_F(LogsApiTest, DescribeLogStreamsOrdersByLastEventTime) {
  MakeStream("/g", "a");
  Ok("CreateLogStream", R"({"logGroupName":"/g","logStreamName":"b"})");
  Ok("CreateLogStream", R"({"logGroupName":"/g","logStreamName":"c"})");
  Put("/g", "a", {{kNowMs - 5, "x"}});
  Put("/g", "c", {{kNowMs - 9, "x"}});
  std::vector<std::string> names;
  std::string token;
  for (int i = 0; i < 5; ++i) {
    std::string body =
        R"({"logGroupName":"/g","orderBy":"LastEventTime","descending":true,"limit":1)";
    if (!token.empty()) body += R"(,"nextToken":")" + token + "\"";
    auto page = Ok("DescribeLogStreams", body + "}");
    for (simdjson::dom::element s : page["logStreams"].get_array()) {
      names.emplace_back(std::string_view(s["logStreamName"].get_string()));
    }
    std::string_view next;
    if (page["nextToken"].get(next)) break;
    token = std::string(next);
  }
  EXPECT_EQ(names, (Strings{"a", "c", "b"}));
}

TEST_F(LogsApiTest, DescribeLogGroupsByIdentifierListsEachExistingGroupOnce) {
  Ok("CreateLogGroup", R"({"logGroupName":"/b"})");
  Ok("CreateLogGroup", R"({"logGroupName":"/a"})");
  auto got = Ok("DescribeLogGroups", R"({"logGroupIdentifiers":["/b",)"
                                     R"("arn:aws:logs:us-east-1:000000000000:log-group:/a:*",)"
                                     R"("/b","/missing"]})");
  Strings names;
  for (simdjson::dom::element g : got["logGroups"].get_array()) {
    names.emplace_back(std::string_view(g["logGroupName"].get_string()));
  }
  EXPECT_EQ(names, (Strings{"/a", "/b"}));
  EXPECT_TRUE(got["nextToken"].error());
}

TEST_F(LogsApiTest, CreateLogGroupStoresItsTags) {
  Ok("CreateLogGroup", R"({"logGroupName":"/t","tags":{"team":"web","env":"prod"}})");
  auto tags = Ok("ListTagsLogGroup", R"({"logGroupName":"/t"})")["tags"];
  EXPECT_EQ(std::string_view(tags["team"].get_string()), "web");
  EXPECT_EQ(std::string_view(tags["env"].get_string()), "prod");
}

// Reads over a flushed segment of two column blocks (messages are decoded
// only in the blocks holding the candidates) and the head, paged by time.
TEST_F(LogsApiTest, ReadsSpanSegmentsAndTheHead) {
  MakeStream("/g", "s");
  constexpr int kPerPut = 9000;  // two puts exceed one 16 Ki-row block
  constexpr int kTotal = 3 * kPerPut;
  for (int p = 0; p < 3; ++p) {
    std::vector<std::pair<int64_t, std::string>> events;
    for (int i = p * kPerPut; i < (p + 1) * kPerPut; ++i) {
      events.push_back({kNowMs - kTotal + i, "m" + std::to_string(i)});
    }
    Put("/g", "s", events);
    if (p == 1) {
      ASSERT_TRUE(store_->Flush().ok());
    }
  }
  EXPECT_EQ(Messages(Ok("GetLogEvents", R"({"logGroupName":"/g","logStreamName":"s",)"
                                        R"("startFromHead":true,"limit":3})")),
            (Strings{"m0", "m1", "m2"}));
  EXPECT_EQ(Messages(Ok("GetLogEvents", R"({"logGroupName":"/g","logStreamName":"s","limit":2})")),
            (Strings{"m26998", "m26999"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"/g","filterPattern":"m17000"})")),
            (Strings{"m17000"}));
  std::vector<std::string> all;
  std::string token;
  for (int round = 0; round < 10; ++round) {
    std::string body = R"({"logGroupName":"/g","limit":10000)";
    if (!token.empty()) body += R"(,"nextToken":")" + token + "\"";
    auto page = Ok("FilterLogEvents", body + "}");
    for (std::string& m : Messages(page)) all.push_back(std::move(m));
    std::string_view next;
    if (page["nextToken"].get(next)) break;
    token = std::string(next);
  }
  ASSERT_EQ(all.size(), size_t{kTotal});
  for (int i = 0; i < kTotal; i += 997) EXPECT_EQ(all[i], "m" + std::to_string(i));
  EXPECT_EQ(all.back(), "m26999");
}

}  // namespace
}  // namespace waggle::api::cloudwatch
