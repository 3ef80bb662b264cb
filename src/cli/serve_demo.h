// `waggle serve --demo`: runs the demo workload in a thread of the server,
// sending to the server's own listeners over the wire, so a new user sees
// a day of Cruddur's history and live traffic without instrumenting an app.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "demo/demo.h"

namespace waggle::cli {

class ServeDemo {
 public:
  // Starts sending to `target`; writes `backfill_ns` of history first.
  ServeDemo(const demo::DemoTarget& target, int64_t backfill_ns);
  // Stops the demo and waits for its thread.
  ~ServeDemo();
  ServeDemo(const ServeDemo&) = delete;
  ServeDemo& operator=(const ServeDemo&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::unique_ptr<demo::Demo> demo_;
  std::thread thread_;
};

}  // namespace waggle::cli
