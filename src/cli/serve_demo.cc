#include "cli/serve_demo.h"

#include "core/clock.h"
#include "core/log.h"

namespace waggle::cli {

ServeDemo::ServeDemo(const demo::DemoTarget& target, int64_t backfill_ns) {
  demo::DemoOptions options;
  options.target = target;
  options.backfill_ns = backfill_ns;
  demo_ = std::make_unique<demo::Demo>(options, core::SystemClock::Get());
  thread_ = std::thread([this, backfill_ns] {
    if (backfill_ns > 0)
      core::LogInfo("demo: writing {} h of history first", backfill_ns / 3600'000'000'000);
    bool announced = false;
    absl::Status done = demo_->Run(stop_, [&](const demo::DemoStats& s) {
      if (!s.backfilling && !announced) {
        announced = true;
        core::LogInfo("demo: history written ({} traces, {} spans); live traffic follows", s.traces,
                      s.spans);
      }
    });
    if (!done.ok()) core::LogError("demo stopped: {}", done.message());
  });
}

ServeDemo::~ServeDemo() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

}  // namespace waggle::cli
