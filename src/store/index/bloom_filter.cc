#include "store/index/bloom_filter.h"

#include <algorithm>
#include <cmath>

#include "core/hash.h"

namespace waggle::store::index {
namespace {

constexpr uint64_t kBloomSeed = 0x7b1c'0f3e'9d2a'5581ULL;
constexpr size_t kMinBytes = 8;
constexpr int kMaxProbes = 30;

uint64_t Step(uint64_t hash) { return ((hash << 32) | (hash >> 32)) | 1; }

}  // namespace

uint64_t BloomHash(std::string_view key) { return core::Hash64(key, kBloomSeed); }

BloomFilterBuilder::BloomFilterBuilder(int bits_per_key)
    : bits_per_key_(std::max(1, bits_per_key)) {}

std::string BloomFilterBuilder::Finish() {
  std::sort(hashes_.begin(), hashes_.end());
  hashes_.erase(std::unique(hashes_.begin(), hashes_.end()), hashes_.end());
  size_t bytes = std::max(kMinBytes, (hashes_.size() * bits_per_key_ + 7) / 8);
  // ln(2) * bits/key probes minimises the false-positive rate.
  int probes = std::clamp(static_cast<int>(std::lround(bits_per_key_ * 0.69)), 1, kMaxProbes);
  std::string out(bytes, '\0');
  uint64_t nbits = bytes * 8;
  for (uint64_t h : hashes_) {
    uint64_t step = Step(h);
    for (int i = 0; i < probes; ++i) {
      uint64_t bit = h % nbits;
      out[bit >> 3] = static_cast<char>(out[bit >> 3] | (1 << (bit & 7)));
      h += step;
    }
  }
  out.push_back(static_cast<char>(probes));
  hashes_.clear();
  return out;
}

absl::StatusOr<BloomFilter> BloomFilter::Parse(std::string_view data) {
  if (data.size() < kMinBytes + 1) return absl::DataLossError("bloom filter too short");
  int probes = static_cast<uint8_t>(data.back());
  if (probes < 1 || probes > kMaxProbes) return absl::DataLossError("bloom filter: bad probes");
  return BloomFilter(data.substr(0, data.size() - 1), probes);
}

bool BloomFilter::MayContainHash(uint64_t hash) const {
  uint64_t nbits = bits_.size() * 8;
  uint64_t step = Step(hash);
  for (int i = 0; i < num_probes_; ++i) {
    uint64_t bit = hash % nbits;
    if ((static_cast<uint8_t>(bits_[bit >> 3]) & (1 << (bit & 7))) == 0) return false;
    hash += step;
  }
  return true;
}

}  // namespace waggle::store::index
