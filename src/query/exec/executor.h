// Runs a query specification over table snapshots: plan → prune parts by
// time → scan the survivors in parallel (part_scan) → merge → finalize
// (havings, orders, limit, totals, series). Stateless; thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "core/thread_pool.h"
#include "query/exec/result.h"
#include "query/spec/spec.h"
#include "store/catalog/table_part.h"

namespace waggle::query::exec {

struct ExecOptions {
  int64_t now_ns = 0;  // "now" for relative time ranges
  // Parts are scanned on this pool when set (else on the calling thread).
  // The caller must not be one of its workers.
  core::ThreadPool* pool = nullptr;
  // Stop early: set to true to cancel (Cancelled), or a steady-clock
  // deadline in ns since the clock's epoch (DeadlineExceeded); 0 = none.
  const std::atomic<bool>* cancelled = nullptr;
  int64_t deadline_ns = 0;
  // Bound on values kept for exact percentiles/distinct counts
  // (ResourceExhausted beyond it; ~12 bytes each, 8 without the series).
  uint64_t max_values = 80'000'000;
  // False skips the per-bucket series and, unless RATE_* or CONCURRENCY
  // need them, the scan's per-bucket cells (results only: cheaper).
  bool series = true;
};

// Executes a validated `spec` over every part of `tables`. InvalidArgument
// for a bad time window, DataLoss on corrupt data, Cancelled or
// DeadlineExceeded when stopped, ResourceExhausted past max_values.
absl::StatusOr<QueryResult> ExecuteQuery(const QuerySpec& spec,
                                         const std::vector<store::TableSnapshot>& tables,
                                         const ExecOptions& options);

}  // namespace waggle::query::exec
