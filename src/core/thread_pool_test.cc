#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace waggle::core {
namespace {

TEST(ThreadPoolTest, RunsEveryTaskBeforeShutdownReturns) {
  std::atomic<int> done{0};
  ThreadPool pool(4);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(pool.Submit([&done] { done.fetch_add(1); }));
  }
  pool.Shutdown();
  EXPECT_EQ(done.load(), 1000);
}

TEST(ThreadPoolTest, RejectsTasksAfterShutdown) {
  ThreadPool pool(2);
  pool.Shutdown();
  bool ran = false;
  EXPECT_FALSE(pool.Submit([&ran] { ran = true; }));
  pool.Shutdown();  // Idempotent.
  EXPECT_FALSE(ran);
}

// Every worker blocks until all of them have started: this only finishes if
// the tasks really run concurrently on distinct threads.
TEST(ThreadPoolTest, TasksRunInParallel) {
  constexpr int kThreads = 16;
  ThreadPool pool(kThreads);
  EXPECT_EQ(pool.size(), kThreads);
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  std::atomic<int> met{0};
  for (int i = 0; i < kThreads; ++i) {
    pool.Submit([&] {
      std::unique_lock<std::mutex> lock(mu);
      ++arrived;
      cv.notify_all();
      if (cv.wait_for(lock, std::chrono::seconds(10), [&] { return arrived == kThreads; })) {
        met.fetch_add(1);
      }
    });
  }
  pool.Shutdown();
  EXPECT_EQ(met.load(), kThreads);
}

TEST(ThreadPoolTest, ZeroThreadsStillRunsTasks) {
  ThreadPool pool(0);
  EXPECT_EQ(pool.size(), 1);
  std::atomic<bool> ran{false};
  pool.Submit([&ran] { ran = true; });
  pool.Shutdown();
  EXPECT_TRUE(ran.load());
}

}  // namespace
}  // namespace waggle::core
