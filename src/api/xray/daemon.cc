#include "api/xray/daemon.h"

#include <algorithm>

#include "core/log.h"
#include "ingest/xray/segment_decoder.h"

namespace waggle::api::xray {

XrayDaemon::XrayDaemon(DaemonOptions options, SegmentIngester& ingester, IngestMetrics& metrics)
    : options_(std::move(options)),
      ingester_(ingester),
      metrics_(metrics),
      listener_({.address = options_.address, .port = options_.port},
                [this](std::string_view d) { OnDatagram(d); }) {}

XrayDaemon::~XrayDaemon() { Stop(); }

absl::Status XrayDaemon::Start() {
  RETURN_IF_ERROR(listener_.Start());
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
  return absl::OkStatus();
}

void XrayDaemon::OnDatagram(std::string_view datagram) {
  absl::StatusOr<std::string_view> doc = ingest::xray::SplitDaemonDatagram(datagram);
  if (!doc.ok()) {
    metrics_.Add(metrics_.xray_datagrams_invalid);
    return;
  }
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= options_.max_queued_documents ||
        queued_bytes_ + doc->size() > options_.max_queued_bytes) {
      metrics_.Add(metrics_.xray_datagrams_dropped);
      return;
    }
    queue_.emplace_back(*doc);
    queued_bytes_ += doc->size();
    // Workers wait for a first document, then linger for a full batch:
    // only those two moments need a wake-up.
    wake = queue_.size() == 1 || queue_.size() % options_.max_batch_documents == 0;
  }
  if (wake) cv_.notify_one();
}

void XrayDaemon::WorkerLoop() {
  std::deque<std::string> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      // Linger briefly so a burst becomes one WAL record.
      if (!stopping_ && queue_.size() < options_.max_batch_documents) {
        cv_.wait_for(lock, options_.linger,
                     [&] { return stopping_ || queue_.size() >= options_.max_batch_documents; });
      }
      size_t n = std::min(queue_.size(), options_.max_batch_documents);
      for (size_t i = 0; i < n; ++i) {
        queued_bytes_ -= queue_.front().size();
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    StoreBatch(batch);
    batch.clear();
  }
}

void XrayDaemon::StoreBatch(std::deque<std::string>& batch) {
  std::vector<std::string_view> docs(batch.begin(), batch.end());
  absl::StatusOr<IngestOutcome> out = ingester_.Ingest(options_.environment, docs);
  if (!out.ok()) {
    metrics_.Add(metrics_.xray_datagrams_dropped, docs.size());
    core::LogWarn("x-ray daemon: dropped {} segment documents: {}", docs.size(),
                  out.status().message());
  }
}

void XrayDaemon::Stop() {
  listener_.Stop();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& w : workers_) {
    if (w.joinable()) w.join();
  }
  workers_.clear();
}

}  // namespace waggle::api::xray
