// Point reads over the store for the trace and log APIs: one trace by id,
// recent trace summaries, and pages of log records. These read whole
// columns of the parts they touch; the query engine handles aggregations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/ids.h"
#include "query/traces/rows.h"
#include "store/catalog/table_part.h"

namespace waggle::query {

// Every span of trace `id` in `environment` (all environments if empty),
// ordered for a waterfall: parents before children, siblings by start time.
// Parts whose bloom filter rules the trace out are not read.
absl::StatusOr<std::vector<Row>> FindTrace(const std::vector<store::TableSnapshot>& tables,
                                           std::string_view environment, const model::TraceId& id);

struct TraceFilter {
  std::string environment;  // empty = all
  std::string dataset;      // empty = all
  std::string service;      // any span's service.name; empty = all
  double min_duration_ms = 0;
  bool only_errors = false;
  int64_t start_ns = 0;  // traces starting at or after (0 = no bound)
  int64_t end_ns = 0;    // traces starting before (0 = no bound)
  size_t limit = 50;
};

struct TraceSummary {
  model::TraceId trace_id{};
  std::string dataset;
  std::string root_name;  // empty if the root span has not arrived
  std::string root_service;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  uint32_t span_count = 0;
  bool error = false;
  bool has_service = false;  // some span is of TraceFilter::service
};

// Traces matching `filter`, newest first.
absl::StatusOr<std::vector<TraceSummary>> RecentTraces(
    const std::vector<store::TableSnapshot>& tables, const TraceFilter& filter);

// A trace's id and the start of its earliest span.
struct TraceStart {
  model::TraceId trace_id{};
  int64_t start_ns = 0;
};

// The traces of `environment` (all if empty) starting in [start_ns,
// end_ns), newest first, at most `limit`: RecentTraces without a summary,
// reading only the time and trace-id columns.
absl::StatusOr<std::vector<TraceStart>> RecentTraceStarts(
    const std::vector<store::TableSnapshot>& tables, std::string_view environment, int64_t start_ns,
    int64_t end_ns, size_t limit);

struct LogFilter {
  std::string environment;
  std::string dataset;
  std::optional<model::TraceId> trace_id;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  size_t limit = 100;
};

// Log records matching `filter`, newest first.
absl::StatusOr<std::vector<Row>> FindLogs(const std::vector<store::TableSnapshot>& tables,
                                          const LogFilter& filter);

}  // namespace waggle::query
