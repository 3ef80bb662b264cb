// A query specification prepared for execution: the window, every column
// it reads, compiled filters, and the aggregation slots its calculations
// share (P50 and P99 of one column collect the values once).
#pragma once

#include <string>
#include <vector>

#include "query/exec/filter_eval.h"
#include "query/spec/spec.h"
#include "store/catalog/table_part.h"

namespace waggle::query::exec {

// One aggregation state: the rows counted for a column under a calculation's
// own filters, and which statistics are kept.
struct Slot {
  int column = -1;  // index into Plan::columns; -1 = no column (COUNT)
  std::vector<CompiledFilter> filters;
  std::vector<int> filter_columns;
  bool filters_or = false;
  bool stats = false;        // sum/min/max/n per cell
  bool values = false;       // every value with its bucket (percentiles, heatmap)
  bool hashes = false;       // value hashes (COUNT_DISTINCT)
  bool concurrency = false;  // overlap per bucket
};

struct Plan {
  QuerySpec spec;
  TimeWindow window;
  std::vector<std::string> columns;  // distinct user-facing names read
  std::vector<CompiledFilter> filters;
  std::vector<int> filter_columns;
  std::vector<int> breakdown_columns;
  std::vector<Slot> slots;
  std::vector<int> calc_slot;  // per calculation
  int64_t first_bucket = 0;
  uint32_t buckets = 1;
  bool needs_duration = false;
  // Cells keep per-bucket detail: for the series, and for RATE_* and
  // CONCURRENCY, whose results are computed from the buckets. False lets
  // a scan keep one whole-range cell per group (no bucket per value).
  bool bucketed = true;

  int64_t BucketStartNs(uint32_t b) const {
    return (first_bucket + static_cast<int64_t>(b)) * window.granularity_ns;
  }
};

// Builds the plan of a validated spec; `series` says whether the caller
// wants the per-bucket series.
Plan MakePlan(const QuerySpec& spec, const TimeWindow& window, bool series);

}  // namespace waggle::query::exec
