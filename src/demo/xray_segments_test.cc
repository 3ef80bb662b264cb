// The demo's X-Ray documents decode with the daemon's own decoder into the
// spans they claim, with X-Ray's trace id form and a fault for a 500.
#include "demo/xray_segments.h"

#include <gtest/gtest.h>

#include "demo/request_logs.h"
#include "ingest/xray/segment_decoder.h"
#include "synth/prng.h"

namespace waggle::demo {
namespace {

// The first backend request of the seeded traffic with `status`.
synth::TracePlan PlanWithStatus(int status) {
  synth::Prng rng(11);
  synth::TracePlan plan;
  for (int i = 0; i < 100000; ++i) {
    synth::PlanTrace(&rng, 1'795'000'000'000'000'000 + i * int64_t{1'000'000}, &plan);
    if (IsBackendRequest(plan) && plan.http_status == status) return plan;
  }
  return plan;
}

TEST(XraySegmentsTest, DecodesIntoTheSpansItCounts) {
  for (int status : {200, 500}) {
    synth::TracePlan plan = PlanWithStatus(status);
    ASSERT_EQ(plan.http_status, status);
    std::string datagram;
    size_t spans = EncodeXrayDatagram(plan, &datagram);
    ASSERT_GE(spans, 1u);
    absl::StatusOr<std::string_view> doc = ingest::xray::SplitDaemonDatagram(datagram);
    ASSERT_TRUE(doc.ok()) << doc.status();
    ingest::xray::SegmentDecoder decoder;
    model::EventBatch batch;
    std::vector<ingest::xray::DocumentInfo> info;
    ASSERT_TRUE(decoder.Decode(*doc, "", &batch, &info).ok()) << *doc;
    EXPECT_EQ(batch.spans.size(), spans);
    ASSERT_EQ(info.size(), 1u);
    EXPECT_EQ(info[0].service, "backend-flask");
    EXPECT_NE(doc->find("\"trace_id\":\"1-"), std::string_view::npos);
    EXPECT_EQ(doc->find("\"fault\":true") != std::string_view::npos, status == 500) << *doc;
    EXPECT_NE(doc->find("\"user_id\""), std::string_view::npos);
    EXPECT_EQ(doc->find("\"stack\":[{\"path\":\"/") != std::string_view::npos, status == 500)
        << *doc;
  }
}

TEST(XraySegmentsTest, SamplesAboutATenthOfBackendRequests) {
  synth::Prng rng(5);
  synth::TracePlan plan;
  int backend = 0, sampled = 0;
  for (int i = 0; i < 20000; ++i) {
    synth::PlanTrace(&rng, 1'795'000'000'000'000'000 + i * int64_t{1'000'000}, &plan);
    backend += IsBackendRequest(plan) ? 1 : 0;
    sampled += XraySampled(plan) ? 1 : 0;
  }
  ASSERT_GT(backend, 1000);
  EXPECT_NEAR(static_cast<double>(sampled) / backend, 0.1, 0.02);
}

}  // namespace
}  // namespace waggle::demo
