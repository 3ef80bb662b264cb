#include "api/xray/sampling_stats.h"

#include <algorithm>

namespace waggle::api::xray {

void SamplingStatsWindow::Record(std::string_view environment, std::string_view rule,
                                 int64_t requests, int64_t sampled, int64_t borrowed,
                                 int64_t now_ns) {
  // Drop what left the window, for every rule, so deleted rules go too.
  for (auto it = rules_.begin(); it != rules_.end();) {
    std::deque<Bucket>& buckets = it->second;
    while (!buckets.empty() && Expired(buckets.front(), now_ns)) buckets.pop_front();
    it = buckets.empty() ? rules_.erase(it) : std::next(it);
  }
  std::deque<Bucket>& buckets = rules_[{std::string(environment), std::string(rule)}];
  int64_t start = now_ns - now_ns % kSamplingSummaryBucketNs;
  if (buckets.empty() || buckets.back().start_ns < start) buckets.push_back({.start_ns = start});
  // A clock stepping back adds to the newest bucket rather than reordering.
  Bucket& b = buckets.back();
  b.requests += std::max<int64_t>(requests, 0);
  b.sampled += std::max<int64_t>(sampled, 0);
  b.borrowed += std::max<int64_t>(borrowed, 0);
}

std::vector<SamplingSummary> SamplingStatsWindow::Summaries(std::string_view environment,
                                                            int64_t now_ns) const {
  std::vector<SamplingSummary> out;
  for (auto it = rules_.lower_bound({std::string(environment), ""});
       it != rules_.end() && it->first.first == environment; ++it) {
    SamplingSummary s;
    s.rule_name = it->first.second;
    bool any = false;
    for (const Bucket& b : it->second) {
      if (Expired(b, now_ns)) continue;
      if (!any) s.window_start_ns = b.start_ns;
      any = true;
      s.request_count += b.requests;
      s.sampled_count += b.sampled;
      s.borrow_count += b.borrowed;
    }
    if (any) out.push_back(std::move(s));
  }
  return out;
}

size_t SamplingStatsWindow::buckets() const {
  size_t n = 0;
  for (const auto& [key, buckets] : rules_) n += buckets.size();
  return n;
}

}  // namespace waggle::api::xray
