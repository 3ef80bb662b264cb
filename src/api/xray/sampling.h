// File: api/xray/sampling.h
//
// Centralized sampling (specs/xray.md §2): the rules SDKs poll
// (GetSamplingRules) and the reservoir quotas they ask for
// (GetSamplingTargets). A rule's ReservoirSize is shared among the clients
// that reported statistics for it in the last 2 × Interval: each gets an
// equal share (floored; leftovers to the busiest), so the sum holds across
// processes. At most 1,024 clients are tracked per rule. This slice serves
// the built-in Default rule (1 req/s + 5 %). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/status.h"

namespace waggle::api::xray {

struct SamplingRule {
  std::string name;
  int64_t priority = 10000;
  double fixed_rate = 0.05;
  int64_t reservoir_size = 1;
  std::string service_name = "*", service_type = "*", host = "*", http_method = "*", url_path = "*",
              resource_arn = "*";
  int64_t version = 1;
  double created_at = 0;
  double modified_at = 0;
};

// One SamplingStatisticsDocument as sent by an SDK.
struct SamplingStatistics {
  std::string rule_name;
  std::string client_id;
  int64_t request_count = 0;
  int64_t sampled_count = 0;
  int64_t borrow_count = 0;
};

class SamplingService {
 public:
  explicit SamplingService(const core::Clock& clock) : clock_(clock) {}

  // Every rule, by (priority, name).
  std::vector<SamplingRule> Rules() const;
  // Writes {"SamplingRuleRecords":[...]} with ARNs in `region`/`account`.
  void WriteRules(std::string_view region, std::string_view account, core::JsonWriter& w) const;
  // Records `stats` and writes the GetSamplingTargets reply object.
  void WriteTargets(const std::vector<SamplingStatistics>& stats, core::JsonWriter& w);
  // How many clients are tracked for rule `rule` (for tests and metrics).
  size_t TrackedClients(const std::string& rule) const;

 private:
  struct ClientState {
    int64_t request_count = 0;
    int64_t last_seen_ns = 0;
  };
  // This client's share of `rule`'s reservoir among the active clients.
  int64_t QuotaFor(const SamplingRule& rule, const std::string& client, int64_t now_ns)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True when `client` last reported more than two intervals before `now_ns`.
  static bool Expired(const ClientState& client, int64_t now_ns);

  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, ClientState>> clients_ ABSL_GUARDED_BY(mu_);
};

}  // namespace waggle::api::xray
