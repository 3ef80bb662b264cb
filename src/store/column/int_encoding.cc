#include "store/column/int_encoding.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "store/column/bit_packing.h"

namespace waggle::store {
namespace {

size_t VarintLength(uint64_t v) {
  size_t len = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++len;
  }
  return len;
}

// Frame-of-reference parameters of a run of values.
struct ForPlan {
  int64_t base = 0;
  uint64_t divisor = 1;
  int width = 0;
  size_t bytes = 0;  // encoded size including the header
};

ForPlan PlanFor(const int64_t* v, size_t n) {
  ForPlan plan;
  if (n > 0) {
    int64_t lo = v[0];
    int64_t hi = v[0];
    for (size_t i = 1; i < n; ++i) {
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    uint64_t g = 0;
    for (size_t i = 0; i < n && g != 1; ++i) {
      g = std::gcd(g, static_cast<uint64_t>(v[i]) - static_cast<uint64_t>(lo));
    }
    plan.base = lo;
    plan.divisor = g == 0 ? 1 : g;
    uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    plan.width = BitWidth(range / plan.divisor);
  }
  plan.bytes = VarintLength(core::ZigZagEncode(plan.base)) + VarintLength(plan.divisor) + 1 +
               PackedSize(n, plan.width);
  return plan;
}

void WriteFor(const int64_t* v, size_t n, const ForPlan& plan, std::string* dst) {
  core::PutVarint64(dst, core::ZigZagEncode(plan.base));
  core::PutVarint64(dst, plan.divisor);
  dst->push_back(static_cast<char>(plan.width));
  std::vector<uint64_t> packed(n);
  for (size_t i = 0; i < n; ++i) {
    packed[i] = (static_cast<uint64_t>(v[i]) - static_cast<uint64_t>(plan.base)) / plan.divisor;
  }
  PackBits(packed.data(), n, plan.width, dst);
}

bool ReadFor(core::Reader* reader, size_t n, int64_t* out) {
  uint64_t base;
  uint64_t divisor;
  std::string_view width_byte;
  if (!reader->GetVarint64(&base) || !reader->GetVarint64(&divisor) || divisor == 0 ||
      !reader->GetBytes(1, &width_byte)) {
    return false;
  }
  int width = static_cast<uint8_t>(width_byte[0]);
  std::string_view packed;
  if (width > 64 || !reader->GetBytes(PackedSize(n, width), &packed)) return false;
  // int64_t and uint64_t may alias each other.
  auto* u = reinterpret_cast<uint64_t*>(out);
  if (!UnpackBits(packed, n, width, u)) return false;
  uint64_t b = static_cast<uint64_t>(core::ZigZagDecode(base));
  for (size_t i = 0; i < n; ++i) u[i] = b + u[i] * divisor;
  return true;
}

std::vector<int64_t> Deltas(const int64_t* v, size_t n) {
  std::vector<int64_t> d(n > 0 ? n - 1 : 0);
  for (size_t i = 1; i < n; ++i) {
    d[i - 1] = static_cast<int64_t>(static_cast<uint64_t>(v[i]) - static_cast<uint64_t>(v[i - 1]));
  }
  return d;
}

void WriteVarints(const int64_t* v, size_t n, bool delta, std::string* dst) {
  uint64_t prev = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t cur = static_cast<uint64_t>(v[i]);
    core::PutVarint64(dst, core::ZigZagEncode(static_cast<int64_t>(delta ? cur - prev : cur)));
    prev = cur;
  }
}

bool ReadVarints(core::Reader* reader, size_t n, bool delta, int64_t* out) {
  uint64_t prev = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t z;
    if (!reader->GetVarint64(&z)) return false;
    uint64_t x = static_cast<uint64_t>(core::ZigZagDecode(z));
    prev = delta ? prev + x : x;
    out[i] = static_cast<int64_t>(prev);
  }
  return true;
}

void WriteDeltaFor(const int64_t* v, size_t n, std::string* dst) {
  if (n == 0) return;
  core::PutVarint64(dst, core::ZigZagEncode(v[0]));
  std::vector<int64_t> d = Deltas(v, n);
  WriteFor(d.data(), d.size(), PlanFor(d.data(), d.size()), dst);
}

bool ReadDeltaFor(core::Reader* reader, size_t n, int64_t* out) {
  if (n == 0) return true;
  uint64_t first;
  if (!reader->GetVarint64(&first)) return false;
  out[0] = core::ZigZagDecode(first);
  if (!ReadFor(reader, n - 1, out + 1)) return false;
  auto* u = reinterpret_cast<uint64_t*>(out);
  for (size_t i = 1; i < n; ++i) u[i] += u[i - 1];
  return true;
}

IntMode ChooseMode(const int64_t* v, size_t n) {
  size_t varint = 0;
  size_t delta_varint = 0;
  uint64_t prev = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t cur = static_cast<uint64_t>(v[i]);
    varint += VarintLength(core::ZigZagEncode(v[i]));
    delta_varint += VarintLength(core::ZigZagEncode(static_cast<int64_t>(cur - prev)));
    prev = cur;
  }
  size_t for_bytes = PlanFor(v, n).bytes;
  std::vector<int64_t> d = Deltas(v, n);
  size_t delta_for =
      n == 0 ? 0 : VarintLength(core::ZigZagEncode(v[0])) + PlanFor(d.data(), d.size()).bytes;
  IntMode best = IntMode::kVarint;
  size_t best_bytes = varint;
  auto consider = [&](IntMode mode, size_t bytes) {
    if (bytes < best_bytes) {
      best = mode;
      best_bytes = bytes;
    }
  };
  consider(IntMode::kDeltaVarint, delta_varint);
  consider(IntMode::kFor, for_bytes);
  consider(IntMode::kDeltaFor, delta_for);
  return best;
}

}  // namespace

void EncodeInts(const int64_t* values, size_t n, std::string* dst) {
  EncodeIntsWithMode(values, n, ChooseMode(values, n), dst);
}

void EncodeIntsWithMode(const int64_t* values, size_t n, IntMode mode, std::string* dst) {
  dst->push_back(static_cast<char>(mode));
  switch (mode) {
    case IntMode::kVarint:
      return WriteVarints(values, n, /*delta=*/false, dst);
    case IntMode::kDeltaVarint:
      return WriteVarints(values, n, /*delta=*/true, dst);
    case IntMode::kFor:
      return WriteFor(values, n, PlanFor(values, n), dst);
    case IntMode::kDeltaFor:
      return WriteDeltaFor(values, n, dst);
  }
}

bool DecodeInts(core::Reader* reader, size_t n, int64_t* out) {
  std::string_view mode;
  if (!reader->GetBytes(1, &mode)) return false;
  switch (static_cast<IntMode>(mode[0])) {
    case IntMode::kVarint:
      return ReadVarints(reader, n, /*delta=*/false, out);
    case IntMode::kDeltaVarint:
      return ReadVarints(reader, n, /*delta=*/true, out);
    case IntMode::kFor:
      return ReadFor(reader, n, out);
    case IntMode::kDeltaFor:
      return ReadDeltaFor(reader, n, out);
  }
  return false;
}

}  // namespace waggle::store
