// A Bloom filter over 64-bit key hashes: the per-segment trace-id index that
// lets "trace by id" skip segments that cannot hold the trace. Sized on the
// number of distinct keys at ~10 bits each, for a false-positive rate of
// about 1% (0.8% in theory with 7 probes).
//
//   filter := bits[m bytes, m >= 8] num_probes:u8   (1 <= num_probes <= 30)
//
// Probe i of hash h tests bit (h + i * d) mod (8*m), with d = rotl(h, 32) | 1
// (double hashing, Kirsch & Mitzenmacher).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::store::index {

// The hash under which a key is added and looked up (XXH3-64, fixed seed).
uint64_t BloomHash(std::string_view key);

// Collects keys and serializes a filter. Not thread-safe.
class BloomFilterBuilder {
 public:
  // `bits_per_key` (>= 1) trades size for false positives: 10 gives ~1%.
  explicit BloomFilterBuilder(int bits_per_key = 10);

  // Adds a key; adding the same key twice costs nothing in the filter.
  void AddKey(std::string_view key) { AddHash(BloomHash(key)); }
  // Adds a key by its BloomHash.
  void AddHash(uint64_t hash) { hashes_.push_back(hash); }

  // Returns the serialized filter, sized on the distinct hashes added, and
  // empties the builder.
  std::string Finish();

 private:
  int bits_per_key_;
  std::vector<uint64_t> hashes_;
};

// A read-only view of a serialized filter. Cheap to copy; the bytes must
// outlive it. Thread-safe.
class BloomFilter {
 public:
  // Validates the layout of `data`; DataLoss if it is not a filter.
  static absl::StatusOr<BloomFilter> Parse(std::string_view data);

  // False only if the key was certainly never added.
  bool MayContain(std::string_view key) const { return MayContainHash(BloomHash(key)); }
  bool MayContainHash(uint64_t hash) const;

 private:
  BloomFilter(std::string_view bits, int num_probes) : bits_(bits), num_probes_(num_probes) {}
  std::string_view bits_;
  int num_probes_ = 0;
};

}  // namespace waggle::store::index
