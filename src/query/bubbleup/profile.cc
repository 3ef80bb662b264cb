#include "query/bubbleup/profile.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "query/exec/finalize.h"

namespace waggle::query::bubbleup {
namespace {

using exec::Value;
using exec::ValueType;

double Share(uint64_t n, uint64_t total) {
  return total == 0 ? 0 : static_cast<double>(n) / static_cast<double>(total);
}

bool IsInteger(double x) { return std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 9e15; }

}  // namespace

void ColumnProfile::Add(Set set, const Value& v, uint64_t n) {
  events_[set] += n;
  switch (v.type) {
    case ValueType::kNull:
      missing_[set] += n;
      return;
    case ValueType::kInt:
    case ValueType::kDouble: {
      double x = v.type == ValueType::kInt ? static_cast<double>(v.i) : v.d;
      all_ints_ = all_ints_ && v.type == ValueType::kInt;
      numbers_[set].insert(numbers_[set].end(), n, x);
      return;
    }
    default:
      categorical_[v][set] += n;
  }
}

void ColumnProfile::Merge(ColumnProfile&& other) {
  for (int s = 0; s < 2; ++s) {
    events_[s] += other.events_[s];
    missing_[s] += other.missing_[s];
    if (numbers_[s].empty()) {
      numbers_[s] = std::move(other.numbers_[s]);
    } else {
      numbers_[s].insert(numbers_[s].end(), other.numbers_[s].begin(), other.numbers_[s].end());
    }
  }
  all_ints_ = all_ints_ && other.all_ints_;
  for (const auto& [value, counts] : other.categorical_) {
    auto it = categorical_.find(value);
    if (it == categorical_.end()) {
      Value key = value;
      if (key.type == ValueType::kString) key.s = owned_.emplace_back(value.s);
      it = categorical_.emplace(key, Counts{}).first;
    }
    it->second[0] += counts[0];
    it->second[1] += counts[1];
  }
}

void ColumnProfile::PadMissing(uint64_t selection, uint64_t baseline) {
  const uint64_t totals[2] = {selection, baseline};
  for (int s = 0; s < 2; ++s) {
    if (totals[s] <= events_[s]) continue;
    missing_[s] += totals[s] - events_[s];
    events_[s] = totals[s];
  }
}

std::optional<ColumnDiff> ColumnProfile::Finalize(std::string column,
                                                  const FinalizeOptions& options) const {
  uint64_t present = events_[0] + events_[1] - missing_[0] - missing_[1];
  if (present == 0) return std::nullopt;
  bool numeric_only = categorical_.empty();
  if (numeric_only) {
    absl::flat_hash_set<double> distinct;
    for (const auto& values : numbers_) {
      for (double x : values) {
        if (!all_ints_ || distinct.size() > options.max_dimension_ints) break;
        distinct.insert(x);
      }
    }
    if (!all_ints_ || distinct.size() > options.max_dimension_ints) {
      return AsMeasure(std::move(column));
    }
  }
  return AsDimension(std::move(column), options);
}

std::optional<ColumnDiff> ColumnProfile::AsDimension(std::string column,
                                                     const FinalizeOptions& o) const {
  // Numbers join the categorical values here (a column mixing strings and
  // numbers, or integers with few values).
  absl::flat_hash_map<Value, Counts, KeyHash, KeyEq> counts = categorical_;
  for (int s = 0; s < 2; ++s) {
    for (double x : numbers_[s]) {
      Value v = IsInteger(x) && all_ints_ ? Value{ValueType::kInt, static_cast<int64_t>(x), 0, {}}
                                          : Value{ValueType::kDouble, 0, x, {}};
      ++counts[v][s];
    }
  }
  uint64_t present = events_[0] + events_[1] - missing_[0] - missing_[1];
  if (counts.size() >= o.id_like_ratio * static_cast<double>(present) &&
      present >= o.id_like_min_present) {
    return std::nullopt;
  }
  if (missing_[0] + missing_[1] > 0) counts[Value{}] = {missing_[0], missing_[1]};
  ColumnDiff d;
  d.column = std::move(column);
  std::vector<ValueShare> all;
  all.reserve(counts.size());
  size_t best = 0;
  for (const auto& [value, c] : counts) {
    ValueShare vs{exec::OwnedValue::From(value), Share(c[0], events_[0]), Share(c[1], events_[1])};
    double diff = std::fabs(vs.selection - vs.baseline);
    if (diff > d.score) {
      d.score = diff;
      best = all.size();
    }
    all.push_back(std::move(vs));
  }
  // The most different value is always listed, whatever its rank.
  ValueShare most_different = all[best];
  std::sort(all.begin(), all.end(), [](const ValueShare& a, const ValueShare& b) {
    if (a.selection != b.selection) return a.selection > b.selection;
    if (a.baseline != b.baseline) return a.baseline > b.baseline;
    return exec::CompareValues(a.value.view(), b.value.view()) < 0;
  });
  if (all.size() > o.max_values) {
    bool listed = false;
    for (size_t i = 0; i < o.max_values; ++i)
      listed = listed || all[i].value == most_different.value;
    all.resize(o.max_values);
    if (!listed) all.back() = std::move(most_different);
  }
  d.values = std::move(all);
  return d;
}

std::optional<ColumnDiff> ColumnProfile::AsMeasure(std::string column) const {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& values : numbers_) {
    for (double x : values) {
      if (!std::isfinite(x)) continue;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  }
  if (lo > hi) return std::nullopt;
  exec::HeatmapBins edges = exec::HeatmapBins::Over(lo, hi);
  ColumnDiff d;
  d.column = std::move(column);
  d.measure = true;
  std::vector<std::array<uint64_t, 2>> hist(static_cast<size_t>(edges.count), {0, 0});
  for (int s = 0; s < 2; ++s) {
    for (double x : numbers_[s]) {
      if (std::isfinite(x)) ++hist[static_cast<size_t>(edges.BinOf(x))][s];
    }
  }
  d.missing_selection = Share(missing_[0], events_[0]);
  d.missing_baseline = Share(missing_[1], events_[1]);
  double tv = std::fabs(d.missing_selection - d.missing_baseline);
  for (int i = 0; i < edges.count; ++i) {
    BinShare b{edges.Edge(i), edges.Edge(i + 1), Share(hist[i][0], events_[0]),
               Share(hist[i][1], events_[1])};
    tv += std::fabs(b.selection - b.baseline);
    d.bins.push_back(b);
  }
  d.score = tv / 2;
  return d;
}

}  // namespace waggle::query::bubbleup
