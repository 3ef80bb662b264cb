// Process-wide counters exported at /metrics in the Prometheus text format.
// Counters are relaxed atomics: cheap enough for every request.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace waggle::api {

enum class SignalIndex : size_t { kTraces = 0, kLogs = 1, kMetrics = 2 };

struct IngestMetrics {
  std::array<std::atomic<uint64_t>, 3> requests{};         // per signal
  std::array<std::atomic<uint64_t>, 3> failed_requests{};  // 4xx/5xx answers
  std::array<std::atomic<uint64_t>, 3> accepted_items{};
  std::array<std::atomic<uint64_t>, 3> rejected_items{};
  std::atomic<uint64_t> request_bytes{0};
  std::atomic<uint64_t> truncated_values{0};
  std::atomic<uint64_t> overloaded_requests{0};
  // X-Ray: segment documents stored / rejected as invalid; daemon datagrams
  // dropped for a bad header or because the ingest queue was full.
  std::atomic<uint64_t> xray_segments_accepted{0};
  std::atomic<uint64_t> xray_segments_rejected{0};
  std::atomic<uint64_t> xray_datagrams_invalid{0};
  std::atomic<uint64_t> xray_datagrams_dropped{0};

  void Add(std::atomic<uint64_t>& counter, uint64_t n = 1) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

// Appends the ingest counters as Prometheus text.
void AppendIngestMetrics(const IngestMetrics& m, std::string* out);

}  // namespace waggle::api
