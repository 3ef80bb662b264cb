// AppendGate lets many appenders run together (shared) while a flush needs
// a moment with none in flight (exclusive) to rotate the WAL and freeze the
// head as one step. Unlike std::shared_mutex on glibc, a waiting flush
// stops new appenders from entering, so it cannot starve under load.
#pragma once

#include <condition_variable>
#include <mutex>

namespace waggle::store {

class AppendGate {
 public:
  void EnterShared() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !exclusive_wanted_; });
    ++shared_;
  }
  void ExitShared() {
    std::lock_guard lock(mu_);
    if (--shared_ == 0) cv_.notify_all();
  }
  void EnterExclusive() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !exclusive_wanted_; });
    exclusive_wanted_ = true;
    cv_.wait(lock, [&] { return shared_ == 0; });
  }
  void ExitExclusive() {
    std::lock_guard lock(mu_);
    exclusive_wanted_ = false;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int shared_ = 0;                 // guarded by mu_
  bool exclusive_wanted_ = false;  // guarded by mu_
};

}  // namespace waggle::store
