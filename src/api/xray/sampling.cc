#include "api/xray/sampling.h"

#include <algorithm>

namespace waggle::api::xray {
namespace {

constexpr int64_t kIntervalSeconds = 10;
constexpr int64_t kQuotaTtlSeconds = 60;
constexpr int64_t kNanos = 1'000'000'000;
// Clients tracked per rule: the daemon port is unauthenticated, so made-up
// ClientIDs must not grow memory (or the per-report sort) without bound.
// Past it, a new client is not tracked and gets the untracked share.
constexpr size_t kMaxClientsPerRule = 1024;

SamplingRule DefaultRule() {
  SamplingRule r;
  r.name = "Default";
  return r;
}

}  // namespace

std::vector<SamplingRule> SamplingService::Rules() const { return {DefaultRule()}; }

void SamplingService::WriteRules(std::string_view region, std::string_view account,
                                 core::JsonWriter& w) const {
  w.BeginObject().Key("SamplingRuleRecords").BeginArray();
  for (const SamplingRule& r : Rules()) {
    w.BeginObject().Key("SamplingRule").BeginObject();
    w.Key("RuleName").String(r.name);
    w.Key("RuleARN").String(
        fmt::format("arn:aws:xray:{}:{}:sampling-rule/{}", region, account, r.name));
    w.Key("ResourceARN").String(r.resource_arn);
    w.Key("Priority").Int(r.priority);
    w.Key("FixedRate").Double(r.fixed_rate);
    w.Key("ReservoirSize").Int(r.reservoir_size);
    w.Key("ServiceName").String(r.service_name);
    w.Key("ServiceType").String(r.service_type);
    w.Key("Host").String(r.host);
    w.Key("HTTPMethod").String(r.http_method);
    w.Key("URLPath").String(r.url_path);
    w.Key("Version").Int(r.version);
    // Node's SDK rejects rules without an Attributes key.
    w.Key("Attributes").BeginObject().EndObject();
    w.EndObject();
    w.Key("CreatedAt").Double(r.created_at).Key("ModifiedAt").Double(r.modified_at);
    w.EndObject();
  }
  w.EndArray().EndObject();
}

size_t SamplingService::TrackedClients(const std::string& rule) const {
  std::lock_guard lock(mu_);
  auto it = clients_.find(rule);
  return it == clients_.end() ? 0 : it->second.size();
}

bool SamplingService::Expired(const ClientState& client, int64_t now_ns) {
  return now_ns - client.last_seen_ns > 2 * kIntervalSeconds * kNanos;
}

int64_t SamplingService::QuotaFor(const SamplingRule& rule, const std::string& client,
                                  int64_t now_ns) {
  auto& clients = clients_[rule.name];
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

void SamplingService::WriteTargets(const std::vector<SamplingStatistics>& stats,
                                   core::JsonWriter& w) {
  int64_t now = clock_.NowNanos();
  std::vector<SamplingRule> rules = Rules();
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
    auto& clients = clients_[rule->name];
    // Expired clients leave first, so they do not hold places under the cap.
    std::erase_if(clients, [&](const auto& c) { return Expired(c.second, now); });
    if (clients.size() < kMaxClientsPerRule || clients.count(s.client_id) > 0) {
      clients[s.client_id] = {s.request_count, now};
    }
    known.emplace_back(&*rule, &s);
  }
  w.BeginObject().Key("SamplingTargetDocuments").BeginArray();
  for (const auto& [rule, s] : known) {
    w.BeginObject().Key("RuleName").String(rule->name);
    w.Key("FixedRate").Double(rule->fixed_rate);
    w.Key("ReservoirQuota").Int(QuotaFor(*rule, s->client_id, now));
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
}

}  // namespace waggle::api::xray
