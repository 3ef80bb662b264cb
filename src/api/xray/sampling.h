// File: api/xray/sampling.h
//
// Centralized sampling (specs/xray.md §2): the rules SDKs poll
// (GetSamplingRules) and the reservoir quotas they ask for
// (GetSamplingTargets). A rule's ReservoirSize is shared among the clients
// that reported statistics for it in the last 2 × Interval: each gets an
// equal share (floored; leftovers to the busiest), so the sum holds across
// processes. At most 1,024 clients are tracked per rule. Rules are per
// environment: the ones created through the API (meta/xray_tables) and
// Default (1 req/s + 5 %, unless updated through the API, which stores it
// like the others). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "api/xray/sampling_stats.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/status.h"
#include "meta/meta_store.h"

namespace waggle::api::xray {

struct SamplingRule {
  std::string name;
  int64_t priority = 10000;
  double fixed_rate = 0.05;
  int64_t reservoir_size = 1;
  std::string service_name = "*", service_type = "*", host = "*", http_method = "*", url_path = "*",
              resource_arn = "*";
  int64_t version = 1;
  std::map<std::string, std::string> attributes;
  double created_at = 0;   // epoch seconds
  double modified_at = 0;  // epoch seconds
};

// The built-in Default rule: 1 request a second, then 5 %.
SamplingRule DefaultSamplingRule();

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
  // `meta` (may be null: Default only) holds the rules created through the
  // API; it must outlive this object.
  SamplingService(const core::Clock& clock, meta::MetaStore* meta) : clock_(clock), meta_(meta) {}

  // Every rule of `environment`, Default included, by (priority, name).
  // Errors only when the control plane cannot be read.
  absl::StatusOr<std::vector<SamplingRule>> Rules(std::string_view environment) const;
  // Writes {"SamplingRuleRecords":[...]} with ARNs in `region`/`account`.
  absl::Status WriteRules(std::string_view environment, std::string_view region,
                          std::string_view account, core::JsonWriter& w) const;
  // Records `stats` and writes the GetSamplingTargets reply object.
  absl::Status WriteTargets(std::string_view environment,
                            const std::vector<SamplingStatistics>& stats, core::JsonWriter& w);
  // The statistics reported for each rule of `environment` in the last 10
  // minutes (GetSamplingStatisticSummaries), by rule name.
  std::vector<SamplingSummary> Summaries(std::string_view environment) const;
  // How many clients are tracked for `rule` of `environment` (for tests).
  size_t TrackedClients(std::string_view environment, std::string_view rule) const;

 private:
  struct ClientState {
    int64_t request_count = 0;
    int64_t last_seen_ns = 0;
  };
  // This client's share of `rule`'s reservoir among the active clients.
  int64_t QuotaFor(std::map<std::string, ClientState>& clients, const SamplingRule& rule,
                   const std::string& client, int64_t now_ns) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True when `client` last reported more than two intervals before `now_ns`.
  static bool Expired(const ClientState& client, int64_t now_ns);

  const core::Clock& clock_;
  meta::MetaStore* const meta_;
  mutable std::mutex mu_;
  // By (environment, rule name), then client id.
  std::map<std::pair<std::string, std::string>, std::map<std::string, ClientState>> clients_
      ABSL_GUARDED_BY(mu_);
  SamplingStatsWindow reported_ ABSL_GUARDED_BY(mu_);
};

}  // namespace waggle::api::xray
