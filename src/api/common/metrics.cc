#include "api/common/metrics.h"

#include <fmt/format.h>

namespace waggle::api {
namespace {

constexpr const char* kSignals[] = {"traces", "logs", "metrics"};

void PerSignal(std::string* out, const char* name, const char* help,
               const std::array<std::atomic<uint64_t>, 3>& values) {
  fmt::format_to(std::back_inserter(*out), "# HELP {} {}\n# TYPE {} counter\n", name, help, name);
  for (size_t i = 0; i < 3; ++i) {
    fmt::format_to(std::back_inserter(*out), "{}{{signal=\"{}\"}} {}\n", name, kSignals[i],
                   values[i].load(std::memory_order_relaxed));
  }
}

void Counter(std::string* out, const char* name, const char* help, uint64_t value) {
  fmt::format_to(std::back_inserter(*out), "# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help,
                 name, name, value);
}

}  // namespace

void AppendIngestMetrics(const IngestMetrics& m, std::string* out) {
  PerSignal(out, "waggle_ingest_requests_total", "OTLP export requests received.", m.requests);
  PerSignal(out, "waggle_ingest_failed_requests_total", "OTLP requests answered with an error.",
            m.failed_requests);
  PerSignal(out, "waggle_ingest_items_total", "Spans, log records or data points stored.",
            m.accepted_items);
  PerSignal(out, "waggle_ingest_rejected_items_total", "Items rejected as invalid or unsupported.",
            m.rejected_items);
  Counter(out, "waggle_ingest_spans_total", "Spans stored.",
          m.accepted_items[0].load(std::memory_order_relaxed));
  Counter(out, "waggle_ingest_logs_total", "Log records stored.",
          m.accepted_items[1].load(std::memory_order_relaxed));
  Counter(out, "waggle_ingest_request_bytes_total", "Decompressed request bytes received.",
          m.request_bytes.load(std::memory_order_relaxed));
  Counter(out, "waggle_ingest_truncated_values_total", "Attribute values cut to the size limit.",
          m.truncated_values.load(std::memory_order_relaxed));
  Counter(out, "waggle_ingest_overloaded_total", "Requests refused because the store was behind.",
          m.overloaded_requests.load(std::memory_order_relaxed));
  Counter(out, "waggle_xray_segments_total", "X-Ray segment documents stored.",
          m.xray_segments_accepted.load(std::memory_order_relaxed));
  Counter(out, "waggle_xray_rejected_segments_total", "X-Ray segment documents rejected as invalid.",
          m.xray_segments_rejected.load(std::memory_order_relaxed));
  Counter(out, "waggle_xray_invalid_datagrams_total",
          "X-Ray daemon datagrams dropped for a missing or bad header.",
          m.xray_datagrams_invalid.load(std::memory_order_relaxed));
  Counter(out, "waggle_xray_dropped_datagrams_total",
          "X-Ray daemon datagrams dropped because the ingest queue was full or the store failed.",
          m.xray_datagrams_dropped.load(std::memory_order_relaxed));
}

}  // namespace waggle::api
