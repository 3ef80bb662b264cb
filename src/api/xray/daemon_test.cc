// The daemon's bounds (queue by documents and by bytes, the largest UDP
// datagram) and the batched trace reads, over a real store in a temporary
// directory.
#include "api/xray/daemon.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "api/xray/summaries.h"
#include "ingest/replay.h"
#include "ingest/xray/trace_id.h"
#include "store/head/schema.h"

namespace waggle::api::xray {
namespace {

constexpr std::string_view kHeader = "{\"format\":\"json\",\"version\":1}\n";

class XrayDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "xray_daemon_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store::StoreOptions options;
    options.data_dir = dir_;
    auto store = store::Store::Open(options, ingest::DecodeRecord, core::SystemClock::Get());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
    ingester_ = std::make_unique<SegmentIngester>(*store_, metrics_);
  }
  void TearDown() override {
    ingester_.reset();
    if (store_) {
      EXPECT_TRUE(store_->Close().ok());
    }
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A complete segment of trace `n` (1-based), `pad` bytes of metadata.
  static std::string Segment(int n, size_t pad = 0) {
    double now = static_cast<double>(std::time(nullptr));
    return fmt::format(
        R"({{"id":"{:016x}","name":"svc","trace_id":"{}","start_time":{},"end_time":{},)"
        R"("metadata":{{"default":{{"pad":"{}"}}}}}})",
        n, TraceText(n), now, now + 0.5, std::string(pad, 'p'));
  }
  static std::string TraceText(int n) { return fmt::format("1-5759e988-{:024x}", n); }
  static model::TraceId Trace(int n) { return *ingest::xray::ParseXrayTraceId(TraceText(n)); }

  std::string dir_;
  IngestMetrics metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SegmentIngester> ingester_;
};

TEST_F(XrayDaemonTest, FullQueueDropsNewDatagramsAndStopStoresTheQueued) {
  XrayDaemon daemon({.port = 0, .max_queued_documents = 3}, *ingester_, metrics_);
  // Not started: nothing drains the queue, so the fourth and fifth are dropped.
  for (int i = 1; i <= 5; ++i) daemon.OnDatagram(std::string(kHeader) + Segment(i));
  EXPECT_EQ(metrics_.xray_datagrams_dropped.load(), 2u);
  ASSERT_TRUE(daemon.Start().ok());
  daemon.Stop();
  EXPECT_EQ(metrics_.xray_segments_accepted.load(), 3u);
  auto traces = ReadTraces(store_->Snapshot(), "default", {Trace(1), Trace(3), Trace(4)});
  ASSERT_TRUE(traces.ok());
  EXPECT_EQ((*traces)[0].size(), 1u);
  EXPECT_EQ((*traces)[1].size(), 1u);
  EXPECT_TRUE((*traces)[2].empty());
}

TEST_F(XrayDaemonTest, QueueIsBoundedInBytes) {
  std::string doc = Segment(1, 1000);
  XrayDaemon daemon({.port = 0, .max_queued_bytes = 2 * doc.size() + 10}, *ingester_, metrics_);
  for (int i = 1; i <= 3; ++i) daemon.OnDatagram(std::string(kHeader) + Segment(i, 1000));
  EXPECT_EQ(metrics_.xray_datagrams_dropped.load(), 1u);
  // A bad header is counted apart and never queued.
  daemon.OnDatagram("{\"format\":\"json\",\"version\":2}\n" + Segment(4));
  EXPECT_EQ(metrics_.xray_datagrams_invalid.load(), 1u);
  EXPECT_EQ(metrics_.xray_datagrams_dropped.load(), 1u);
}

TEST_F(XrayDaemonTest, LargestUdpDatagramArrivesWholeAndIsStored) {
  XrayDaemon daemon({.port = 0}, *ingester_, metrics_);
  ASSERT_TRUE(daemon.Start().ok());
  // 65,507 bytes is the largest IPv4 UDP payload.
  std::string datagram = std::string(kHeader) + Segment(7);
  datagram = std::string(kHeader) + Segment(7, 65'507 - datagram.size());
  ASSERT_EQ(datagram.size(), 65'507u);
  boost::asio::io_context io;
  boost::asio::ip::udp::socket sender(io, boost::asio::ip::udp::v4());
  sender.send_to(boost::asio::buffer(datagram),
                 {boost::asio::ip::make_address("127.0.0.1"), daemon.port()});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (metrics_.xray_segments_accepted.load() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  daemon.Stop();
  ASSERT_EQ(metrics_.xray_segments_accepted.load(), 1u);
  auto traces = ReadTraces(store_->Snapshot(), "default", {Trace(7)});
  ASSERT_TRUE(traces.ok());
  ASSERT_EQ((*traces)[0].size(), 1u);
  EXPECT_EQ((*traces)[0][0].Str("a:xray.document").size(), datagram.size() - kHeader.size());
}

TEST_F(XrayDaemonTest, ReadTracesReadsManyTracesInOnePassInStartOrder) {
  double now = static_cast<double>(std::time(nullptr));
  // Trace 1: a segment and a later, separately sent subsegment; trace 2: one segment.
  std::string sub = fmt::format(
      R"({{"id":"00000000000000aa","name":"late","trace_id":"{}","parent_id":"{:016x}",)"
      R"("type":"subsegment","start_time":{},"end_time":{}}})",
      TraceText(1), 1, now + 0.1, now + 0.2);
  std::string one = Segment(1), two = Segment(2);
  auto out = ingester_->Ingest("default", {sub, one, two});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->accepted, 3u);
  auto traces = ReadTraces(store_->Snapshot(), "default", {Trace(1), Trace(9), Trace(2), Trace(1)});
  ASSERT_TRUE(traces.ok());
  ASSERT_EQ(traces->size(), 4u);
  ASSERT_EQ((*traces)[0].size(), 2u);
  EXPECT_EQ((*traces)[0][0].Str(store::schema::kName), "svc");  // earlier start first
  EXPECT_EQ((*traces)[0][1].Str(store::schema::kName), "late");
  EXPECT_TRUE((*traces)[1].empty());
  EXPECT_EQ((*traces)[2].size(), 1u);
  EXPECT_EQ((*traces)[3].size(), 2u);  // a repeated id gets the same rows
  // Another environment sees none of them.
  auto other = ReadTraces(store_->Snapshot(), "prod", {Trace(1)});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE((*other)[0].empty());
}

}  // namespace
}  // namespace waggle::api::xray
