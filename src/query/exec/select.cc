#include "query/exec/select.h"

#include <algorithm>
#include <cstring>

namespace waggle::query::exec {
namespace {

// Below this many values the comparison-based algorithms win outright.
constexpr size_t kRadixThreshold = 1 << 16;
constexpr int kBucketBits = 16;
constexpr size_t kBuckets = size_t{1} << kBucketBits;

// A key whose unsigned order is the order of the doubles (negative
// numbers reversed, the sign bit flipped for the others).
inline uint64_t OrderedBits(double d) {
  uint64_t u = 0;
  std::memcpy(&u, &d, sizeof u);
  return (u >> 63) != 0 ? ~u : (u | (uint64_t{1} << 63));
}

inline uint32_t BucketOf(uint64_t key, int shift) {
  return static_cast<uint32_t>((key >> shift) & (kBuckets - 1));
}

}  // namespace

double NthSmallest(std::vector<double>* values, size_t idx) {
  // NaNs (no supported input yields them today) sort last, as in a total order.
  auto less = [](double a, double b) { return OrderedBits(a) < OrderedBits(b); };
  std::vector<double>* candidates = values;
  std::vector<double> narrowed;
  std::vector<uint32_t> counts(kBuckets);
  // While the candidates are many, keep only the bucket holding rank idx,
  // 16 bits of key at a time: two linear passes a round.
  for (int shift = 64 - kBucketBits; candidates->size() > kRadixThreshold && shift >= 0;
       shift -= kBucketBits) {
    std::fill(counts.begin(), counts.end(), 0);
    for (double d : *candidates) ++counts[BucketOf(OrderedBits(d), shift)];
    size_t below = 0;
    uint32_t b = 0;
    while (below + counts[b] <= idx) below += counts[b++];
    if (counts[b] == candidates->size()) continue;  // all in one bucket: finer bits
    std::vector<double> next;
    next.reserve(counts[b]);
    for (double d : *candidates) {
      if (BucketOf(OrderedBits(d), shift) == b) next.push_back(d);
    }
    narrowed.swap(next);
    candidates = &narrowed;
    idx -= below;
  }
  auto nth = candidates->begin() + static_cast<ptrdiff_t>(idx);
  std::nth_element(candidates->begin(), nth, candidates->end(), less);
  return *nth;
}

size_t CountDistinct(std::vector<uint64_t>* hashes) {
  std::vector<uint64_t>& h = *hashes;
  if (h.size() <= kRadixThreshold) {
    std::sort(h.begin(), h.end());
    return static_cast<size_t>(std::unique(h.begin(), h.end()) - h.begin());
  }
  // Scatter by the top 16 bits, then sort and count each bucket in cache.
  std::vector<uint32_t> start(kBuckets + 1, 0);
  for (uint64_t x : h) ++start[BucketOf(x, 64 - kBucketBits) + 1];
  for (size_t b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
  std::vector<uint64_t> scattered(h.size());
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (uint64_t x : h) scattered[fill[BucketOf(x, 64 - kBucketBits)]++] = x;
  size_t distinct = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    auto first = scattered.begin() + start[b], last = scattered.begin() + start[b + 1];
    std::sort(first, last);
    distinct += static_cast<size_t>(std::unique(first, last) - first);
  }
  h.swap(scattered);
  return distinct;
}

}  // namespace waggle::query::exec
