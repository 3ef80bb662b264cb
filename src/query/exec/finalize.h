// Turns aggregation cells into calculation values: counts, sums, averages,
// extremes, exact nearest-rank percentiles, exact distinct counts, heatmap
// histograms, concurrency and rates. Thread-compatible (pure functions).
#pragma once

#include <span>
#include <vector>

#include "query/exec/group_state.h"
#include "query/exec/result.h"

namespace waggle::query::exec {

// Everything one calculation needs from a set of cells.
struct CellData {
  uint64_t count = 0;
  Stats stats;
  double conc = 0;
  std::vector<double> values;
  std::vector<uint64_t> hashes;
  // Whole range only: per-bucket stats and concurrency (rates, CONCURRENCY).
  std::vector<Stats> bucket_stats;
  std::vector<double> bucket_conc;
};

// Heatmap bin edges shared by every group and bucket of one column.
struct HeatmapBins {
  bool log = false;
  double min = 0;
  double max = 0;
  int count = 0;
  double log_span = 0;  // log(max / min) when `log`

  // Chooses ~40 bins over [min, max]: log-spaced when max/min > 100 and
  // min > 0, else linear.
  static HeatmapBins Over(double min, double max);
  int BinOf(double x) const;
  double Edge(int i) const;
};

// Gathers slot `slot` of groups `groups` over the whole range; without the
// values and hashes when `skip_values` (see LendValues).
CellData GatherWhole(const GroupState& st, size_t slot, std::span<const uint32_t> groups,
                     bool skip_values = false);
// Swaps group `g`'s values and hashes of `slot` with `cell`'s: lends them to
// a computation without a copy, and, called again, takes them back.
void LendValues(SlotState& slot, uint32_t g, CellData* cell);

// The value of calculation `op` from `cell`. `whole` selects the results
// form (CONCURRENCY: max per bucket; RATE_*: mean per-bucket change) rather
// than the series form; `prev` is the previous bucket's cell for rates.
// `cell.values` and `cell.hashes` may be reordered (selected and sorted in
// place).
CalcValue Compute(CalcOp op, CellData& cell, bool whole, const CellData* prev,
                  const HeatmapBins* bins);

// Exact nearest-rank percentile p (0..1) of `values` (reordered).
double Percentile(std::vector<double>* values, double p);

}  // namespace waggle::query::exec
