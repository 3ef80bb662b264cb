#include "api/xray/sampling.h"

#include <algorithm>
#include <tuple>

#include "api/xray/sampling_rules.h"
#include "meta/xray_tables.h"

namespace waggle::api::xray {
namespace {

constexpr int64_t kIntervalSeconds = 10;
constexpr int64_t kQuotaTtlSeconds = 60;
constexpr int64_t kNanos = 1'000'000'000;
// Clients tracked per rule: the daemon port is unauthenticated, so made-up
// ClientIDs must not grow memory (or the per-report sort) without bound.
// Past it, a new client is not tracked and gets the untracked share.
constexpr size_t kMaxClientsPerRule = 1024;

}  // namespace

SamplingRule DefaultSamplingRule() {
  SamplingRule r;
  r.name = "Default";
  return r;
}

absl::StatusOr<std::vector<SamplingRule>> SamplingService::Rules(
    std::string_view environment) const {
  std::vector<meta::XraySamplingRuleRow> rows;
  if (meta_ != nullptr) {
    RETURN_IF_ERROR(meta_->Run([&](meta::Connection& c) -> absl::Status {
      ASSIGN_OR_RETURN(rows, meta::ListXraySamplingRules(c, environment));
      return absl::OkStatus();
    }));
  }
  std::vector<SamplingRule> rules;
  bool has_default = false;
  for (const meta::XraySamplingRuleRow& row : rows) {
    ASSIGN_OR_RETURN(SamplingRule rule, ParseStoredSamplingRule(row.rule_json));
    has_default = has_default || rule.name == "Default";
    rules.push_back(std::move(rule));
  }
  if (!has_default) rules.push_back(DefaultSamplingRule());
  std::sort(rules.begin(), rules.end(), [](const SamplingRule& a, const SamplingRule& b) {
    return std::tie(a.priority, a.name) < std::tie(b.priority, b.name);
  });
  return rules;
}

absl::Status SamplingService::WriteRules(std::string_view environment, std::string_view region,
                                         std::string_view account, core::JsonWriter& w) const {
  ASSIGN_OR_RETURN(std::vector<SamplingRule> rules, Rules(environment));
  w.BeginObject().Key("SamplingRuleRecords").BeginArray();
  for (const SamplingRule& r : rules) WriteSamplingRuleRecord(r, region, account, w);
  w.EndArray().EndObject();
  return absl::OkStatus();
}

size_t SamplingService::TrackedClients(std::string_view environment, std::string_view rule) const {
  std::lock_guard lock(mu_);
  auto it = clients_.find({std::string(environment), std::string(rule)});
  return it == clients_.end() ? 0 : it->second.size();
}

std::vector<SamplingSummary> SamplingService::Summaries(std::string_view environment) const {
  int64_t now = clock_.NowNanos();
  std::lock_guard lock(mu_);
  return reported_.Summaries(environment, now);
}

bool SamplingService::Expired(const ClientState& client, int64_t now_ns) {
  return now_ns - client.last_seen_ns > 2 * kIntervalSeconds * kNanos;
}

int64_t SamplingService::QuotaFor(std::map<std::string, ClientState>& clients,
                                  const SamplingRule& rule, const std::string& client,
                                  int64_t now_ns) {
  std::vector<std::pair<std::string, int64_t>> active;
  for (auto it = clients.begin(); it != clients.end();) {
    if (Expired(it->second, now_ns)) {
      it = clients.erase(it);
      continue;
    }
    active.emplace_back(it->first, it->second.request_count);
    ++it;
  }
  if (active.empty()) return rule.reservoir_size;
  // Busiest first (ties by id), so leftovers go to the clients that need them.
  std::sort(active.begin(), active.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  int64_t n = static_cast<int64_t>(active.size());
  int64_t base = rule.reservoir_size / n;
  int64_t leftover = rule.reservoir_size % n;
  for (int64_t i = 0; i < n; ++i) {
    if (active[i].first == client) return base + (i < leftover ? 1 : 0);
  }
  return base;
}

absl::Status SamplingService::WriteTargets(std::string_view environment,
                                           const std::vector<SamplingStatistics>& stats,
                                           core::JsonWriter& w) {
  int64_t now = clock_.NowNanos();
  ASSIGN_OR_RETURN(std::vector<SamplingRule> rules, Rules(environment));
  std::lock_guard lock(mu_);
  std::vector<const SamplingStatistics*> unknown;
  std::vector<std::pair<const SamplingRule*, const SamplingStatistics*>> known;
  for (const SamplingStatistics& s : stats) {
    auto rule = std::find_if(rules.begin(), rules.end(),
                             [&](const SamplingRule& r) { return r.name == s.rule_name; });
    if (rule == rules.end()) {
      unknown.push_back(&s);
      continue;
    }
    auto& clients = clients_[{std::string(environment), rule->name}];
    // Expired clients leave first, so they do not hold places under the cap.
    std::erase_if(clients, [&](const auto& c) { return Expired(c.second, now); });
    if (clients.size() < kMaxClientsPerRule || clients.count(s.client_id) > 0) {
      clients[s.client_id] = {s.request_count, now};
    }
    reported_.Record(environment, rule->name, s.request_count, s.sampled_count, s.borrow_count,
                     now);
    known.emplace_back(&*rule, &s);
  }
  w.BeginObject().Key("SamplingTargetDocuments").BeginArray();
  for (const auto& [rule, s] : known) {
    w.BeginObject().Key("RuleName").String(rule->name);
    w.Key("FixedRate").Double(rule->fixed_rate);
    w.Key("ReservoirQuota")
        .Int(QuotaFor(clients_[{std::string(environment), rule->name}], *rule, s->client_id, now));
    w.Key("ReservoirQuotaTTL").Double(static_cast<double>(now / kNanos + kQuotaTtlSeconds));
    w.Key("Interval").Int(kIntervalSeconds);
    w.EndObject();
  }
  w.EndArray();
  double last_modified = 0;
  for (const SamplingRule& r : rules) last_modified = std::max(last_modified, r.modified_at);
  w.Key("LastRuleModification").Double(last_modified);
  w.Key("UnprocessedStatistics").BeginArray();
  for (const SamplingStatistics* s : unknown) {
    w.BeginObject().Key("RuleName").String(s->rule_name).Key("ErrorCode").String("400");
    w.Key("Message").String("unknown sampling rule").EndObject();
  }
  w.EndArray().EndObject();
  return absl::OkStatus();
}

}  // namespace waggle::api::xray
