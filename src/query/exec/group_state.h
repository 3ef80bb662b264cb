// Aggregation state of a set of groups: per group its breakdown values and,
// per plan slot, dense per-cell counters (a cell = group x time bucket, or
// group x whole range when there are too many groups for a series) plus
// the per-group value lists exact percentiles and COUNT_DISTINCT need.
// One part's scan fills one GroupState; Merge folds them together.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "query/exec/plan.h"
#include "query/exec/value.h"

namespace waggle::query::exec {

// Above this many cells (groups x buckets) per slot a state keeps only the
// whole range; the series of the kept groups then takes a second scan.
inline constexpr uint64_t kMaxSeriesCells = 1 << 20;

struct Stats {
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  uint64_t n = 0;

  void Add(double x) {
    sum += x;
    min = x < min ? x : min;
    max = x > max ? x : max;
    ++n;
  }
  void Merge(const Stats& o) {
    sum += o.sum;
    min = o.min < min ? o.min : min;
    max = o.max > max ? o.max : max;
    n += o.n;
  }
};

struct SlotState {
  std::vector<uint64_t> counts;  // per cell: rows passing the slot filters
  std::vector<Stats> stats;      // per cell, when Slot::stats
  std::vector<double> conc;      // per cell, when Slot::concurrency
  // Per group, when Slot::values: each numeric value and (only while the
  // state has several cells per group) its bucket.
  std::vector<std::vector<double>> values;
  std::vector<std::vector<uint32_t>> value_buckets;
  // Per group, when Slot::hashes: each value's hash and (likewise) its bucket.
  std::vector<std::vector<uint64_t>> hashes;
  std::vector<std::vector<uint32_t>> hash_buckets;
};

class GroupState {
 public:
  // A state for `plan` with `nb` cells per group (plan.buckets or 1).
  GroupState(const Plan& plan, uint32_t nb);

  uint32_t nb() const { return nb_; }
  size_t groups() const { return keys_.size(); }
  const std::vector<std::vector<OwnedValue>>& keys() const { return keys_; }
  const std::vector<std::string>& key_bytes() const { return key_bytes_; }
  const SlotState& slot(size_t i) const { return slots_[i]; }
  SlotState& slot(size_t i) { return slots_[i]; }

  // Appends a group with these breakdown values; returns its index.
  uint32_t AddGroup(std::vector<OwnedValue> keys, std::string key_bytes);
  // The index of the group with this key, adding it if new (merged states).
  uint32_t FindOrAdd(const std::vector<OwnedValue>& keys, const std::string& key_bytes);

  // Folds `part` in, matching groups by key. A whole-range state absorbs a
  // series state; a series state collapses to whole-range when the other
  // is whole-range or the cells would exceed kMaxSeriesCells.
  void Merge(GroupState&& part);
  // Drops the per-bucket detail: every group keeps one whole-range cell.
  void Collapse();

 private:
  void Grow();

  const Plan& plan_;
  uint32_t nb_;
  std::vector<std::vector<OwnedValue>> keys_;
  std::vector<std::string> key_bytes_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<SlotState> slots_;
};

// The key bytes of a tuple of breakdown values (AppendKeyBytes of each).
std::string TupleKeyBytes(const std::vector<OwnedValue>& keys);

}  // namespace waggle::query::exec
