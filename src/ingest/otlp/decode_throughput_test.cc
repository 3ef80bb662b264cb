// Decode throughput on a synthetic SDK-sized request: 512 spans with 15
// attributes each, decoded 2000 times into a reused batch. Prints spans/s
// (timing is not asserted: it depends on the build type and the machine;
// use a Release build for the real figure).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "ingest/otlp/decode.h"
#include "ingest/otlp/test_builders.h"

namespace waggle::ingest::otlp {
namespace {

using namespace testing;  // NOLINT: test builders

std::string SyntheticSpan(int i) {
  std::string trace(16, '\x01');
  trace[15] = static_cast<char>(i);
  std::string span(8, '\x02');
  span[7] = static_cast<char>(i + 1);
  std::string attrs;
  const char* string_keys[] = {"http.request.method",
                               "http.route",
                               "url.path",
                               "url.scheme",
                               "server.address",
                               "client.address",
                               "user.agent.original",
                               "db.system.name",
                               "db.namespace",
                               "user.id"};
  for (const char* k : string_keys)
    attrs += Len(9, KeyValue(k, StringValue("value-of-typical-length")));
  attrs += Len(9, KeyValue("http.response.status_code", IntValue(200 + i % 5)));
  attrs += Len(9, KeyValue("server.port", IntValue(8080)));
  attrs += Len(9, KeyValue("retry.count", IntValue(i % 3)));
  std::string dbl;
  PutDoubleField(&dbl, 4, 0.5 * i);
  attrs += Len(9, KeyValue("sample.rate", dbl));
  attrs += Len(9, KeyValue("cache.hit", Varint(2, i % 2)));
  std::string extra = Varint(6, 2) + Fixed64(7, 1700000000000000000 + i) +
                      Fixed64(8, 1700000000001000000 + i) + attrs + Len(15, Varint(3, 1)) +
                      Fixed32(16, 0x101) + Len(4, std::string(8, '\x03'));
  return SpanMsg(trace, span, "GET /api/orders/{id}", extra);
}

TEST(DecodeThroughputTest, SpansPerSecond) {
  std::string spans;
  for (int i = 0; i < 512; ++i) spans += SpansField(SyntheticSpan(i));
  std::string body = TracesRequest(spans, "checkout");
  model::EventBatch batch;
  constexpr int kIterations = 2000;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  for (int it = 0; it < kIterations; ++it) {
    // Not batch.Clear(): g++ 12 -O3 flags a false -Warray-bounds inside
    // core::Arena::Reset(); the proto decoder does not use the arena here.
    batch.resources.clear();
    batch.scopes.clear();
    batch.spans.clear();
    batch.attributes.clear();
    auto r = DecodeTracesProto(body, &batch);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->accepted, 512u);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(batch.attributes.size(), 512u * 15 + 1);
  double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  // CPU time is the per-core figure; wall time also counts other processes.
  std::printf(
      "OTLP protobuf decode: %.0f spans/s per core of CPU time (%.0f MB/s), %.0f spans/s wall; "
      "%zu-byte request\n",
      512.0 * kIterations / cpu_seconds, body.size() * kIterations / cpu_seconds / 1e6,
      512.0 * kIterations / seconds, body.size());
}

}  // namespace
}  // namespace waggle::ingest::otlp
