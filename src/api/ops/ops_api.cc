#include "api/ops/ops_api.h"

#include <fmt/format.h>

namespace waggle::api {
namespace {

void Gauge(std::string* out, const char* name, const char* help, double value) {
  fmt::format_to(std::back_inserter(*out), "# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help,
                 name, name, value);
}

void Counter(std::string* out, const char* name, const char* help, uint64_t value) {
  fmt::format_to(std::back_inserter(*out), "# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help,
                 name, name, value);
}

void AppendColumnCacheMetrics(const store::ColumnCacheStats& c, std::string* out) {
  Counter(out, "waggle_column_cache_hits_total", "Segment column reads served from memory.",
          c.hits);
  Counter(out, "waggle_column_cache_misses_total", "Segment column reads that decoded the file.",
          c.misses);
  Counter(out, "waggle_column_cache_evictions_total",
          "Decoded columns dropped to stay within the cache's bound.", c.evictions);
  Gauge(out, "waggle_column_cache_bytes", "Bytes of decoded columns cached.",
        static_cast<double>(c.bytes));
}

std::string RenderMetrics(const store::Store& store, const IngestMetrics& metrics) {
  std::string out;
  AppendIngestMetrics(metrics, &out);
  store::StoreStats s = store.stats();
  Gauge(&out, "waggle_store_head_rows", "Rows in memory not yet in segment files.",
        static_cast<double>(s.head_rows));
  Gauge(&out, "waggle_store_head_bytes", "Bytes of rows in memory not yet flushed.",
        static_cast<double>(s.head_bytes));
  Gauge(&out, "waggle_store_segments", "Segment files live.", static_cast<double>(s.segments));
  Gauge(&out, "waggle_store_segment_bytes", "Bytes of segment files on disk.",
        static_cast<double>(s.segment_bytes));
  Gauge(&out, "waggle_store_flushes", "Head flushes since start.", static_cast<double>(s.flushes));
  Gauge(&out, "waggle_store_replayed_records", "WAL records replayed at start.",
        static_cast<double>(s.replayed_records));
  Gauge(&out, "waggle_store_replay_seconds", "Time spent replaying the WAL at start.",
        s.replay_seconds);
  AppendColumnCacheMetrics(s.column_cache, &out);
  return out;
}

}  // namespace

void AddOpsRoutes(net::http::Router& router, const store::Store& store,
                  const IngestMetrics& metrics) {
  router.Add("GET", "/healthz", [](const net::http::Request&) {
    return net::http::Response{200, "text/plain; charset=utf-8", "ok\n", {}};
  });
  router.Add("GET", "/metrics", [&store, &metrics](const net::http::Request&) {
    return net::http::Response{
        200, "text/plain; version=0.0.4; charset=utf-8", RenderMetrics(store, metrics), {}};
  });
}

}  // namespace waggle::api
