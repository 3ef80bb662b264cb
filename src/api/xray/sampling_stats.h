// File: api/xray/sampling_stats.h
//
// What GetSamplingStatisticSummaries reports: the SamplingStatisticsDocuments
// SDKs sent with GetSamplingTargets, summed per (environment, rule) over the
// last 10 minutes. Kept as ten-second buckets per rule, so memory
// is bounded by the number of rules (callers record known rules only): at
// most 61 buckets each, the oldest partly inside the window. Not
// thread-safe: SamplingService guards it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace waggle::api::xray {

// How far back the summaries reach, and the bucket width.
inline constexpr int64_t kSamplingSummaryWindowNs = 600'000'000'000;
inline constexpr int64_t kSamplingSummaryBucketNs = 10'000'000'000;

// One rule's counts over the window.
struct SamplingSummary {
  std::string rule_name;
  int64_t window_start_ns = 0;  // start of the oldest bucket with data
  int64_t request_count = 0;
  int64_t borrow_count = 0;
  int64_t sampled_count = 0;
};

class SamplingStatsWindow {
 public:
  // Adds one statistics document of `rule` received at `now_ns` (negative
  // counts count as 0), and drops buckets that left the window.
  void Record(std::string_view environment, std::string_view rule, int64_t requests,
              int64_t sampled, int64_t borrowed, int64_t now_ns);
  // The rules of `environment` with statistics in the 10 minutes before
  // `now_ns`, by name.
  std::vector<SamplingSummary> Summaries(std::string_view environment, int64_t now_ns) const;
  // How many buckets are held in all (for tests).
  size_t buckets() const;

 private:
  struct Bucket {
    int64_t start_ns = 0;
    int64_t requests = 0, sampled = 0, borrowed = 0;
  };
  static bool Expired(const Bucket& b, int64_t now_ns) {
    return b.start_ns + kSamplingSummaryBucketNs <= now_ns - kSamplingSummaryWindowNs;
  }

  // By (environment, rule): buckets oldest first.
  std::map<std::pair<std::string, std::string>, std::deque<Bucket>> rules_;
};

}  // namespace waggle::api::xray
