// File: query/exec/select.h
//
// Selection kernels for the finalize step, where exact percentiles and
// distinct counts over millions of values are most of a query's time:
// radix partitioning on the top 16 bits first, so the comparison-based
// work runs on one small, cache-resident bucket (a percentile) or on many
// (a distinct count). Results equal std::nth_element's and
// sort-then-unique's exactly. Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace waggle::query::exec {

// The value std::nth_element would put at index `idx` of `values` (which
// must be below values->size()); may reorder `values`. NaNs order after
// every number.
double NthSmallest(std::vector<double>* values, size_t idx);

// How many distinct values `hashes` holds; reorders `hashes`.
size_t CountDistinct(std::vector<uint64_t>* hashes);

}  // namespace waggle::query::exec
