// The demo's traffic shape over a day: quiet nights, a busy afternoon and
// a short burst at the top of every hour, so charts have a recognisable
// daily and hourly rhythm.
#pragma once

#include <cstdint>

namespace waggle::demo {

// Relative load at `unix_ns` (UTC): about 0.2 at night, 1.0 at the daily
// peak, with a +30% burst in the first five minutes of each hour. Always
// in (0, 1.3].
double LoadFactor(int64_t unix_ns);

}  // namespace waggle::demo
