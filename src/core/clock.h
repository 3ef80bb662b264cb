// Time behind an interface so tests can drive it. Production code takes a
// Clock& and never calls std::chrono::system_clock directly.
#pragma once

#include <atomic>
#include <cstdint>

namespace waggle::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time in nanoseconds since the Unix epoch. Thread-safe.
  virtual int64_t NowNanos() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  int64_t NowNanos() const override;
  // A process-wide instance; never destroyed.
  static const SystemClock& Get();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_nanos) : now_(now_nanos) {}
  int64_t NowNanos() const override { return now_.load(std::memory_order_relaxed); }
  void Advance(int64_t nanos) { now_.fetch_add(nanos, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace waggle::core
