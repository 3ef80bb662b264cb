// File: api/xray/daemon.h
//
// The X-Ray daemon's UDP side (specs/xray.md §1): datagrams
// `{"format":"json","version":1}\n<document>` arrive on the listener thread,
// are checked and queued; workers drain the queue every few milliseconds
// and store each batch as one WAL record through SegmentIngester (group
// commit: UDP has no acknowledgement to wait for). Two workers, so one
// decodes the next batch while the other waits for its WAL sync.
// Datagrams with a bad header are counted and dropped; when the queue is
// full (the store is behind), new datagrams are counted and dropped.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "api/common/metrics.h"
#include "api/xray/segment_ingester.h"
#include "net/udp/udp_listener.h"

namespace waggle::api::xray {

struct DaemonOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 2000;
  // Documents stored under this environment (UDP carries no key).
  std::string environment = "default";
  // Bounds of the queue between the listener and the store.
  size_t max_queued_bytes = 64 << 20;
  size_t max_queued_documents = 100'000;
  // How long the worker waits for more datagrams before storing a batch.
  std::chrono::milliseconds linger{3};
  // Most documents stored in one WAL record.
  size_t max_batch_documents = 4096;
  // Threads storing batches.
  int workers = 2;
};

class XrayDaemon {
 public:
  // `ingester` and `metrics` must outlive this object.
  XrayDaemon(DaemonOptions options, SegmentIngester& ingester, IngestMetrics& metrics);
  XrayDaemon(const XrayDaemon&) = delete;
  XrayDaemon& operator=(const XrayDaemon&) = delete;
  ~XrayDaemon();

  // Binds the UDP port and starts the workers. Errors as UdpListener::Start.
  absl::Status Start();
  // The bound UDP port (0 before Start).
  uint16_t port() const { return listener_.port(); }
  // Handles one datagram as if received (the listener calls this).
  void OnDatagram(std::string_view datagram);
  // Stops receiving, stores what is queued, joins. Idempotent.
  void Stop();

 private:
  void WorkerLoop();
  void StoreBatch(std::deque<std::string>& batch);

  const DaemonOptions options_;
  SegmentIngester& ingester_;
  IngestMetrics& metrics_;
  net::udp::UdpListener listener_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace waggle::api::xray
