#include "ingest/rollbar/record.h"

#include <gtest/gtest.h>

#include "ingest/rollbar/grouping.h"
#include "ingest/rollbar/request.h"
#include "ingest/rollbar/test_payloads.h"
#include "model/ids.h"

namespace waggle::ingest::rollbar {
namespace {

const ScrubFields& Fields() {
  static const ScrubFields* const f = new ScrubFields(DefaultScrubFields());
  return *f;
}

std::string Envelope(const std::string& data) {
  return R"({"access_token":"wgk_token","data":)" + data + "}";
}

const model::Attribute* Find(const model::EventBatch& b, std::string_view key) {
  const model::LogRecord& log = b.logs.at(0);
  for (uint32_t i = log.attributes.begin; i < log.attributes.end; ++i) {
    if (b.attributes[i].key == key) return &b.attributes[i];
  }
  return nullptr;
}

TEST(EnvelopeTest, JsonAndFormBodiesScrubbedAndTokenRead) {
  auto env = ParseItemEnvelope(Envelope(testing::NodeErrorData("boom", 3)), Fields());
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->access_token, "wgk_token");
  for (std::string_view secret : {"hunter2", "Bearer abc", "sid=1", "s3cret", "wgk_token"}) {
    EXPECT_EQ(env->data_json.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(env->data_json.find(R"("Authorization":"********")"), std::string::npos);
  EXPECT_NE(env->data_json.find("password=********"), std::string::npos);
  EXPECT_NE(env->data_json.find(R"("order":17)"), std::string::npos);

  auto form = ParseItemEnvelope(
      "access_token=abc&payload=%7B%22data%22%3A%7B%22environment%22%3A%22x%22%7D%7D", Fields());
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_EQ(form->access_token, "abc");
  EXPECT_EQ(form->data_json, R"({"environment":"x"})");
}

TEST(EnvelopeTest, BadBodies) {
  EXPECT_EQ(ParseItemEnvelope("{not json", Fields()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseItemEnvelope("", Fields()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseItemEnvelope(R"({"access_token":"x"})", Fields()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseItemEnvelope(R"({"data":[1]})", Fields()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseItemEnvelope(std::string(kMaxItemBytes + 1, ' '), Fields()).status().code(),
            absl::StatusCode::kResourceExhausted);
  // Valid JSON but not a valid item: 422-class errors.
  for (std::string data :
       {R"({"body":{"message":{"body":"x"}}})", R"({"environment":"p","body":{}})",
        R"({"environment":"p","level":"loud","body":{"message":{"body":"x"}}})",
        R"({"environment":"p","body":{"trace":{"frames":[]}}})",
        R"({"environment":"p","body":{"message":{"body":"x"},"trace_chain":[]}})"}) {
    EXPECT_EQ(ParseOccurrenceJson(data).status().code(), absl::StatusCode::kFailedPrecondition)
        << data;
  }
}

TEST(RecordTest, RoundTripsAndMapsToOneLogRow) {
  auto env = ParseItemEnvelope(Envelope(testing::NodeErrorData("x is undefined", 3)), Fields());
  ASSERT_TRUE(env.ok());
  RecordHeader h{.occurrence_id = 9,
                 .item_id = 4,
                 .item_counter = 2,
                 .ingest_ns = 1234567,
                 .fingerprint = "fp",
                 .uuid = "u-1"};
  std::string payload = EncodeRecord(h, env->data_json);
  RecordHeader back;
  std::string_view data;
  ASSERT_TRUE(DecodeRecordHeader(payload, &back, &data).ok());
  EXPECT_EQ(back.occurrence_id, 9);
  EXPECT_EQ(back.item_counter, 2);
  EXPECT_EQ(back.ingest_ns, 1234567);
  EXPECT_EQ(back.uuid, "u-1");
  EXPECT_EQ(data, env->data_json);

  model::EventBatch batch;
  ASSERT_TRUE(DecodeOccurrenceRecord(payload, &batch).ok());
  ASSERT_EQ(batch.logs.size(), 1u);
  const model::LogRecord& log = batch.logs[0];
  EXPECT_EQ(batch.resources[log.resource].log_dataset, kErrorsDataset);
  EXPECT_EQ(log.time_ns, 1234567);
  EXPECT_EQ(log.severity_text, "error");
  EXPECT_EQ(log.severity_number, 17);
  EXPECT_EQ(log.body.str, "TypeError: x is undefined");
  EXPECT_EQ(model::IdToHex(log.trace_id), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(model::IdToHex(log.span_id), "b7ad6b7169203331");
  EXPECT_EQ(Find(batch, "rollbar.item_id")->value.i, 4);
  EXPECT_EQ(Find(batch, "rollbar.occurrence_id")->value.i, 9);
  EXPECT_EQ(Find(batch, "exception.type")->value.str, "TypeError");
  EXPECT_EQ(Find(batch, "person.id")->value.str, "42");
  EXPECT_EQ(Find(batch, "server.host")->value.str, "web-1");
  EXPECT_EQ(Find(batch, "request.method")->value.str, "POST");
  EXPECT_NE(
      Find(batch, "exception.stacktrace")->value.str.find("File \"/srv/app/cart.js\", line 3"),
      std::string::npos);
  EXPECT_EQ(Find(batch, "rollbar.payload")->value.str, env->data_json);
  EXPECT_EQ(Find(batch, "rollbar.payload")->value.kind, model::ValueKind::kKvlist);

  model::EventBatch again;
  ASSERT_TRUE(DecodeOccurrenceRecord(payload, &again).ok());
  EXPECT_EQ(again.attributes.size(), batch.attributes.size());
}

TEST(RecordTest, IngestRowEqualsReplayRow) {
  auto env = ParseItemEnvelope(Envelope(testing::NodeErrorData("x is undefined", 3)), Fields());
  ASSERT_TRUE(env.ok());
  auto occ = ParseOccurrenceJson(env->data_json);
  ASSERT_TRUE(occ.ok());
  RecordHeader h{.occurrence_id = 3, .item_id = 2, .item_counter = 1, .ingest_ns = 99};
  model::EventBatch ingested, replayed;
  AppendOccurrenceRow(h, *occ, env->data_json, &ingested);
  ASSERT_TRUE(DecodeOccurrenceRecord(EncodeRecord(h, env->data_json), &replayed).ok());
  ASSERT_EQ(ingested.logs.size(), 1u);
  ASSERT_EQ(ingested.attributes.size(), replayed.attributes.size());
  EXPECT_EQ(ingested.logs[0].body.str, replayed.logs[0].body.str);
  for (size_t i = 0; i < ingested.attributes.size(); ++i) {
    EXPECT_EQ(ingested.attributes[i].key, replayed.attributes[i].key);
    EXPECT_EQ(ingested.attributes[i].value.str, replayed.attributes[i].value.str);
    EXPECT_EQ(ingested.attributes[i].value.i, replayed.attributes[i].value.i);
  }
}

TEST(RecordTest, FramesAndChainsAreBounded) {
  std::string frames;
  for (size_t i = 0; i < kMaxFramesPerTrace + 500; ++i) {
    frames += std::string(i ? "," : "") + R"({"filename":"a.py","lineno":1,"method":"f"})";
  }
  std::string trace = R"({"exception":{"class":"E"},"frames":[)" + frames + "]}";
  auto one = ParseOccurrenceJson(R"({"environment":"p","body":{"trace":)" + trace + "}}");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->traces[0].frames.size(), kMaxFramesPerTrace);

  std::string chain;
  for (size_t i = 0; i < kMaxChainedTraces + 10; ++i) {
    chain += std::string(i ? "," : "") + R"({"exception":{"class":"E"},"frames":[{}]})";
  }
  auto chained =
      ParseOccurrenceJson(R"({"environment":"p","body":{"trace_chain":[)" + chain + "]}}");
  ASSERT_TRUE(chained.ok()) << chained.status();
  EXPECT_EQ(chained->traces.size(), kMaxChainedTraces);
}

TEST(RecordTest, MalformedRecordsAreDataLoss) {
  model::EventBatch batch;
  EXPECT_EQ(DecodeOccurrenceRecord("", &batch).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeOccurrenceRecord("\x02", &batch).code(), absl::StatusCode::kDataLoss);
  std::string p = EncodeRecord({}, "{}");
  EXPECT_EQ(DecodeOccurrenceRecord(p.substr(0, 5), &batch).code(), absl::StatusCode::kDataLoss);
}

TEST(RecordTest, TraceLinkFromXrayHeaderAndCustomData) {
  auto occ = ParseOccurrenceJson(
      R"({"environment":"p","body":{"message":{"body":"m"}},"request":{"headers":)"
      R"({"X-Amzn-Trace-Id":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8"}}})");
  ASSERT_TRUE(occ.ok());
  EXPECT_EQ(model::IdToHex(occ->trace_id), "5759e988bd862e3fe1be46a994272793");
  EXPECT_EQ(model::IdToHex(occ->span_id), "53995c3f42cd8ad8");
  auto custom = ParseOccurrenceJson(
      R"({"environment":"p","body":{"message":{"body":"m"}},"custom":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}})");
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(model::IdToHex(custom->trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(EffectiveLevel(*custom), "info");
}

TEST(ScrubTest, BracketedAndQueryForms) {
  ScrubFields f({"password", "token"});
  EXPECT_TRUE(f.Matches("PASSWORD"));
  EXPECT_TRUE(f.Matches("user[password]"));
  EXPECT_TRUE(f.Matches("user%5Bpassword%5D"));
  EXPECT_FALSE(f.Matches("password_hint"));
  EXPECT_EQ(ScrubQueryParams("/a?x=1&token=abc;y=2#frag", f), "/a?x=1&token=********;y=2#frag");
  EXPECT_EQ(ScrubQueryParams("password=p", f), "password=********");
  EXPECT_EQ(ScrubQueryParams("no params", f), "no params");
}

}  // namespace
}  // namespace waggle::ingest::rollbar
