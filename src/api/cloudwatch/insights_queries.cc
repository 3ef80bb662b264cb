#include "api/cloudwatch/insights_queries.h"

namespace waggle::api::cloudwatch {

void InsightsQueries::Put(InsightsQuery q, int64_t now_ms) {
  std::lock_guard lock(mu_);
  order_.push_back(q.id);
  by_id_[q.id] = std::move(q);
  while (!order_.empty()) {
    auto oldest = by_id_.find(order_.front());
    bool expired = oldest != by_id_.end() && now_ms - oldest->second.create_ms > kKeepMs;
    if (order_.size() <= kMaxKeptQueries && !expired) break;
    if (oldest != by_id_.end()) by_id_.erase(oldest);
    order_.pop_front();
  }
}

std::optional<InsightsQuery> InsightsQueries::Get(std::string_view environment,
                                                  std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end() || it->second.environment != environment) return std::nullopt;
  return it->second;
}

std::vector<InsightsQuery> InsightsQueries::List(std::string_view environment, size_t max) const {
  std::lock_guard lock(mu_);
  std::vector<InsightsQuery> out;
  for (auto it = order_.rbegin(); it != order_.rend() && out.size() < max; ++it) {
    auto q = by_id_.find(*it);
    if (q == by_id_.end() || q->second.environment != environment) continue;
    InsightsQuery summary = q->second;
    summary.result.rows.clear();
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace waggle::api::cloudwatch
