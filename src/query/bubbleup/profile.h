// File: query/bubbleup/profile.h
//
// How one column's values are spread over BubbleUp's two sets of events —
// the selection and the baseline (shared/specs/query.md §3) — and the score
// that ranks columns by how differently they are spread. Values are counted
// per part (views into the part's storage), merged across parts (the
// merged profile owns its strings), then finalized into a ColumnDiff: a *dimension* (strings,
// bools, integers with few distinct values) compares each value's share of the two sets; a
// *measure* (other numbers) compares histograms over common bins. Not thread-safe; one profile per
// column and part, merged on one thread.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "query/exec/value.h"

namespace waggle::query::bubbleup {

// The two sets compared.
enum Set : uint8_t { kSelection = 0, kBaseline = 1 };

// One value of a dimension: its share of each set (0..1).
struct ValueShare {
  exec::OwnedValue value;  // kNull for "missing"
  double selection = 0;
  double baseline = 0;
};

// One histogram bin of a measure: [lower, upper) and its share of each set.
struct BinShare {
  double lower = 0;
  double upper = 0;
  double selection = 0;
  double baseline = 0;
};

struct ColumnDiff {
  std::string column;
  bool measure = false;
  // Dimensions: the largest difference of one value's shares. Measures:
  // the total-variation distance of the histograms (missing values as one
  // more bin). Both in [0, 1].
  double score = 0;
  std::vector<ValueShare> values;  // dimensions: most common in the selection first
  std::vector<BinShare> bins;      // measures, ascending
  double missing_selection = 0;    // measures: share of events without a value
  double missing_baseline = 0;
};

struct FinalizeOptions {
  size_t max_values = 10;          // values listed per dimension
  size_t max_dimension_ints = 50;  // more distinct integers make a measure
  double id_like_ratio = 0.95;     // distinct/present at or above: skipped
  uint64_t id_like_min_present = 100;
};

class ColumnProfile {
 public:
  ColumnProfile() = default;
  ColumnProfile(ColumnProfile&&) = default;
  ColumnProfile& operator=(ColumnProfile&&) = default;

  // Counts `n` events of set `set` whose value is `v` (possibly null). A
  // string is viewed, not copied: it must outlive this profile or its
  // merge into another.
  void Add(Set set, const exec::Value& v, uint64_t n = 1);
  // Adds `other`'s counts, copying the strings this profile lacks.
  void Merge(ColumnProfile&& other);
  // Events counted per set, missing values included.
  uint64_t events(Set set) const { return events_[set]; }
  // Counts the events of each set this profile never saw (parts without
  // the column) as missing, up to `selection` and `baseline` events.
  void PadMissing(uint64_t selection, uint64_t baseline);
  // The column's comparison, or nullopt when it has no value in either set
  // or looks like an id (nearly one distinct value per event).
  std::optional<ColumnDiff> Finalize(std::string column, const FinalizeOptions& options) const;

 private:
  using Counts = std::array<uint64_t, 2>;
  struct KeyHash {
    size_t operator()(const exec::Value& v) const { return exec::HashValue(v); }
  };
  struct KeyEq {
    bool operator()(const exec::Value& a, const exec::Value& b) const {
      return a.type == b.type && exec::CompareValues(a, b) == 0;
    }
  };

  std::optional<ColumnDiff> AsDimension(std::string column, const FinalizeOptions& o) const;
  std::optional<ColumnDiff> AsMeasure(std::string column) const;

  absl::flat_hash_map<exec::Value, Counts, KeyHash, KeyEq> categorical_;
  std::array<std::vector<double>, 2> numbers_;
  bool all_ints_ = true;  // every number was an integer value
  std::array<uint64_t, 2> events_{};
  std::array<uint64_t, 2> missing_{};
  std::deque<std::string> owned_;  // backs the merged strings of categorical_
};

}  // namespace waggle::query::bubbleup
