// A small, fast, seedable pseudo-random generator for synthetic data:
// xoshiro256** (Blackman & Vigna) seeded through splitmix64. The same seed
// gives the same sequence on every platform, which is what makes generated
// workloads reproducible; it is not for anything security-related.
//
// Example:
//   Prng rng(42);
//   uint64_t n = rng.Uniform(10);           // 0..9
//   double ms = rng.LogNormal(std::log(5.0), 0.6);
#pragma once

#include <cmath>
#include <cstdint>

namespace waggle::synth {

// One step of splitmix64: advances *state and returns a well-mixed value.
// Also handy as a stateless hash of a small integer (pass a copy).
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Not thread-safe: give each thread its own Prng.
class Prng {
 public:
  explicit Prng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = SplitMix64(&sm);
  }

  // 64 uniformly random bits.
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform integer in [0, n); n must be > 0. Uses the multiply-shift
  // reduction (bias below 2^-32 for the small n used here).
  uint64_t Uniform(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

  // Uniform double in [0, 1).
  double UniformDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool Bernoulli(double p) { return UniformDouble() < p; }

  // Standard normal deviate (Box-Muller; one of the pair is discarded to
  // keep the generator stateless apart from s_).
  double Normal() {
    double u1 = 1.0 - UniformDouble();  // (0, 1], so log() is finite
    double u2 = UniformDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // exp(N(mu, sigma^2)): the usual shape of request latencies.
  double LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }

  // An integer in [0, n) with P(k) roughly proportional to 1/(k+1)
  // (Zipf with exponent 1), by inverting the continuous log-uniform CDF.
  uint64_t Zipf(uint64_t n) {
    double r = std::exp(UniformDouble() * std::log(static_cast<double>(n) + 1.0)) - 1.0;
    uint64_t k = static_cast<uint64_t>(r);
    return k < n ? k : n - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace waggle::synth
