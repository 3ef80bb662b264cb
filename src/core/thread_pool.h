// A fixed set of worker threads draining one FIFO queue of tasks. Used where
// work may block (a request handler waiting for a WAL fsync) and must stay off
// the io threads.
//
//   core::ThreadPool pool(64);
//   pool.Submit([] { HandleOneRequest(); });
//   pool.Shutdown();  // runs what is queued, then joins
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"

namespace waggle::core {

class ThreadPool {
 public:
  // Starts `threads` workers (at least 1). The queue is unbounded: callers
  // bound the work they admit (e.g. by bytes in flight).
  explicit ThreadPool(int threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  // Calls Shutdown().
  ~ThreadPool();

  // Queues `task` to run on some worker. Returns false, without running or
  // keeping `task`, once Shutdown() has begun. Thread-safe. Tasks must not
  // throw.
  bool Submit(std::function<void()> task);

  // Stops accepting tasks, runs every task already queued, and joins the
  // workers. Idempotent; thread-safe, but must not be called from a worker.
  void Shutdown();

  // Tasks queued and not yet started. Thread-safe; a snapshot.
  size_t queued() const;
  // Number of worker threads.
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  void WorkerLoop();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::mutex join_mu_;  // Serializes concurrent Shutdown() calls.
  std::vector<std::thread> threads_;
};

}  // namespace waggle::core
