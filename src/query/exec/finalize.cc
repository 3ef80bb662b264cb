#include "query/exec/finalize.h"

#include <algorithm>
#include <cmath>

#include "query/exec/select.h"

namespace waggle::query::exec {
namespace {

constexpr int kHeatmapBins = 40;

std::optional<double> StreamValue(CalcOp op, const Stats& s) {
  if (s.n == 0) return std::nullopt;
  switch (op) {
    case CalcOp::kRateSum:
      return s.sum;
    case CalcOp::kRateAvg:
      return s.sum / static_cast<double>(s.n);
    default:
      return s.max;
  }
}

CalcValue RateWhole(CalcOp op, const CellData& cell) {
  // The mean change between consecutive buckets that both have data.
  double total = 0;
  int n = 0;
  for (size_t b = 1; b < cell.bucket_stats.size(); ++b) {
    std::optional<double> a = StreamValue(op, cell.bucket_stats[b - 1]);
    std::optional<double> c = StreamValue(op, cell.bucket_stats[b]);
    if (a && c) {
      total += *c - *a;
      ++n;
    }
  }
  return n == 0 ? CalcValue{} : CalcValue::Double(total / n);
}

// Reorders `hashes` (the cell is scratch, like values for percentiles).
size_t DistinctCount(std::vector<uint64_t>* hashes) { return CountDistinct(hashes); }

CalcValue Heatmap(const CellData& cell, const HeatmapBins* bins) {
  CalcValue v;
  v.kind = CalcValue::Kind::kHeatmap;
  if (bins == nullptr || bins->count == 0) return v;
  std::vector<double> counts(bins->count, 0);
  for (double x : cell.values) counts[bins->BinOf(x)] += 1;
  for (int i = 0; i < bins->count; ++i) {
    v.heatmap.push_back({bins->Edge(i), bins->Edge(i + 1), counts[i]});
  }
  return v;
}

}  // namespace

HeatmapBins HeatmapBins::Over(double min, double max) {
  HeatmapBins b;
  if (!(min <= max)) return b;
  b.min = min;
  b.max = max;
  b.count = min == max ? 1 : kHeatmapBins;
  b.log = min > 0 && max / min > 100;
  if (b.log) b.log_span = std::log(max / min);
  return b;
}

int HeatmapBins::BinOf(double x) const {
  double f = 0;
  if (max > min) {
    f = log ? std::log(x / min) / log_span : (x - min) / (max - min);
  }
  if (!(f > 0)) return 0;
  return std::min(count - 1, static_cast<int>(f * count));
}

double HeatmapBins::Edge(int i) const {
  if (count <= 1) return i == 0 ? min : max;
  if (i >= count) return max;
  double f = static_cast<double>(i) / count;
  return log ? min * std::pow(max / min, f) : min + (max - min) * f;
}

double Percentile(std::vector<double>* values, double p) {
  size_t n = values->size();
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(n)));
  size_t idx = rank == 0 ? 0 : std::min(n - 1, rank - 1);
  return NthSmallest(values, idx);
}

CellData GatherWhole(const GroupState& st, size_t slot, std::span<const uint32_t> groups,
                     bool skip_values) {
  CellData d;
  const SlotState& ss = st.slot(slot);
  uint32_t nb = st.nb();
  if (!ss.stats.empty()) d.bucket_stats.resize(nb);
  if (!ss.conc.empty()) d.bucket_conc.assign(nb, 0);
  for (uint32_t g : groups) {
    for (uint32_t b = 0; b < nb; ++b) {
      size_t cell = size_t{g} * nb + b;
      d.count += ss.counts[cell];
      if (!ss.stats.empty()) {
        d.stats.Merge(ss.stats[cell]);
        d.bucket_stats[b].Merge(ss.stats[cell]);
      }
      if (!ss.conc.empty()) d.bucket_conc[b] += ss.conc[cell];
    }
    if (skip_values) continue;
    if (!ss.values.empty())
      d.values.insert(d.values.end(), ss.values[g].begin(), ss.values[g].end());
    if (!ss.hashes.empty())
      d.hashes.insert(d.hashes.end(), ss.hashes[g].begin(), ss.hashes[g].end());
  }
  for (double c : d.bucket_conc) d.conc = std::max(d.conc, c);
  return d;
}

void LendValues(SlotState& slot, uint32_t g, CellData* cell) {
  if (!slot.values.empty()) slot.values[g].swap(cell->values);
  if (!slot.hashes.empty()) slot.hashes[g].swap(cell->hashes);
}

CalcValue Compute(CalcOp op, CellData& cell, bool whole, const CellData* prev,
                  const HeatmapBins* bins) {
  if (std::optional<double> p = PercentileOf(op)) {
    if (cell.values.empty()) return {};
    return CalcValue::Double(Percentile(&cell.values, *p));
  }
  switch (op) {
    case CalcOp::kCount:
      return CalcValue::Int(static_cast<int64_t>(cell.count));
    case CalcOp::kConcurrency:
      return CalcValue::Double(cell.conc);
    case CalcOp::kSum:
      return cell.stats.n == 0 ? CalcValue{} : CalcValue::Double(cell.stats.sum);
    case CalcOp::kAvg:
      return cell.stats.n == 0
                 ? CalcValue{}
                 : CalcValue::Double(cell.stats.sum / static_cast<double>(cell.stats.n));
    case CalcOp::kMin:
      return cell.stats.n == 0 ? CalcValue{} : CalcValue::Double(cell.stats.min);
    case CalcOp::kMax:
      return cell.stats.n == 0 ? CalcValue{} : CalcValue::Double(cell.stats.max);
    case CalcOp::kCountDistinct:
      return CalcValue::Int(static_cast<int64_t>(DistinctCount(&cell.hashes)));
    case CalcOp::kHeatmap:
      return Heatmap(cell, bins);
    default:
      break;
  }
  // Rates.
  if (whole) return RateWhole(op, cell);
  if (prev == nullptr) return {};
  std::optional<double> a = StreamValue(op, prev->stats), b = StreamValue(op, cell.stats);
  if (!a || !b) return {};
  return CalcValue::Double(*b - *a);
}

}  // namespace waggle::query::exec
