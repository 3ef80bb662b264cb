#include "demo/load_shape.h"

#include <cmath>
#include <numbers>

namespace waggle::demo {

double LoadFactor(int64_t unix_ns) {
  constexpr int64_t kSecondsPerDay = 86400;
  int64_t seconds = unix_ns / 1'000'000'000;
  int64_t of_day = ((seconds % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
  // Peak at 15:00 UTC, trough at 03:00.
  double phase = 2 * std::numbers::pi * static_cast<double>(of_day - 15 * 3600) / kSecondsPerDay;
  double daily = 0.6 + 0.4 * std::cos(phase);
  bool burst = (of_day % 3600) < 300;
  return daily * (burst ? 1.3 : 1.0);
}

}  // namespace waggle::demo
