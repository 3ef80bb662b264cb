// File: query/bubbleup/bubbleup.h
//
// BubbleUp (shared/specs/query.md §3): given a query's events (its dataset,
// filters and time range) and a selection among them — a time span and,
// optionally, a value band of one column, as drawn on a heatmap — tells
// which columns set the selected events apart from the rest (the baseline),
// most different first.
//
// Execution: prune parts by time; scan each part on the pool (window, the
// query's filters, then the selection predicate) counting both sets; then a
// second pass profiles every column over a uniform sample of each set
// (at most max_rows_per_set events; shares are unbiased, only finer detail
// is lost) and merges the part profiles. Stateless; thread-safe.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "core/thread_pool.h"
#include "query/bubbleup/profile.h"
#include "query/spec/spec.h"
#include "store/catalog/table_part.h"

namespace waggle::query::bubbleup {

struct Selection {
  int64_t start_ns = 0;  // [start_ns, end_ns) of the events' timestamps
  int64_t end_ns = 0;
  std::string column;         // empty: the time span alone selects
  std::optional<double> min;  // inclusive band of `column`'s numbers
  std::optional<double> max;
};

struct BubbleUpOptions {
  int64_t now_ns = 0;                // "now" for relative time ranges
  core::ThreadPool* pool = nullptr;  // parts scanned here when set (not from a worker)
  int64_t deadline_ns = 0;           // steady clock; 0 = none (DeadlineExceeded)
  const std::atomic<bool>* cancelled = nullptr;
  uint64_t max_rows_per_set = 100'000;  // sample bound per set
  size_t max_columns = 1000;            // columns profiled, by name order
  FinalizeOptions finalize;
};

struct BubbleUpResult {
  TimeWindow window;
  uint64_t selection_count = 0;  // events, before sampling
  uint64_t baseline_count = 0;
  double selection_sample = 1;  // fraction of each set profiled
  double baseline_sample = 1;
  std::vector<ColumnDiff> columns;  // highest score first, ties by name
  uint64_t parts_scanned = 0;
  double elapsed_ms = 0;
};

// Compares the selection with the baseline within `query`'s events (its
// filters and time range; calculations and breakdowns are ignored).
// InvalidArgument for a bad window or selection, DataLoss on corrupt data,
// Cancelled / DeadlineExceeded when stopped.
absl::StatusOr<BubbleUpResult> RunBubbleUp(const QuerySpec& query, const Selection& selection,
                                           const std::vector<store::TableSnapshot>& tables,
                                           const BubbleUpOptions& options);

}  // namespace waggle::query::bubbleup
