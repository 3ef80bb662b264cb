#include "query/exec/group_state.h"

namespace waggle::query::exec {
namespace {

template <typename T>
void AppendAll(std::vector<T>* dst, std::vector<T>&& src) {
  if (dst->empty()) {
    *dst = std::move(src);
  } else {
    dst->insert(dst->end(), src.begin(), src.end());
  }
}

template <typename T, typename Fn>
void CollapseCells(std::vector<T>* cells, size_t groups, uint32_t nb, Fn merge) {
  if (cells->empty()) return;
  std::vector<T> out(groups);
  for (size_t g = 0; g < groups; ++g) {
    for (uint32_t b = 0; b < nb; ++b) merge(out[g], (*cells)[g * nb + b]);
  }
  *cells = std::move(out);
}

}  // namespace

std::string TupleKeyBytes(const std::vector<OwnedValue>& keys) {
  std::string out;
  for (const OwnedValue& k : keys) AppendKeyBytes(k.view(), &out);
  return out;
}

GroupState::GroupState(const Plan& plan, uint32_t nb) : plan_(plan), nb_(nb) {
  slots_.resize(plan.slots.size());
}

void GroupState::Grow() {
  size_t cells = keys_.size() * nb_;
  for (size_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = plan_.slots[i];
    SlotState& st = slots_[i];
    st.counts.resize(cells, 0);
    if (s.stats) st.stats.resize(cells);
    if (s.concurrency) st.conc.resize(cells, 0);
    if (s.values) {
      st.values.resize(keys_.size());
      st.value_buckets.resize(keys_.size());
    }
    if (s.hashes) {
      st.hashes.resize(keys_.size());
      st.hash_buckets.resize(keys_.size());
    }
  }
}

uint32_t GroupState::AddGroup(std::vector<OwnedValue> keys, std::string key_bytes) {
  keys_.push_back(std::move(keys));
  key_bytes_.push_back(std::move(key_bytes));
  Grow();
  return static_cast<uint32_t>(keys_.size() - 1);
}

uint32_t GroupState::FindOrAdd(const std::vector<OwnedValue>& keys, const std::string& key_bytes) {
  auto it = index_.find(key_bytes);
  if (it != index_.end()) return it->second;
  uint32_t g = AddGroup(keys, key_bytes);
  index_.emplace(key_bytes, g);
  return g;
}

void GroupState::Collapse() {
  if (nb_ == 1) return;
  size_t groups = keys_.size();
  for (SlotState& st : slots_) {
    CollapseCells(&st.counts, groups, nb_, [](uint64_t& a, uint64_t b) { a += b; });
    CollapseCells(&st.stats, groups, nb_, [](Stats& a, const Stats& b) { a.Merge(b); });
    CollapseCells(&st.conc, groups, nb_, [](double& a, double b) { a += b; });
    for (auto& b : st.value_buckets) std::vector<uint32_t>().swap(b);
    for (auto& b : st.hash_buckets) std::vector<uint32_t>().swap(b);
  }
  nb_ = 1;
}

void GroupState::Merge(GroupState&& part) {
  if (part.nb_ != nb_) {
    part.Collapse();
    Collapse();
  }
  std::vector<uint32_t> map(part.groups());
  for (size_t g = 0; g < part.groups(); ++g) map[g] = FindOrAdd(part.keys_[g], part.key_bytes_[g]);
  if (nb_ > 1 && static_cast<uint64_t>(groups()) * nb_ > kMaxSeriesCells) {
    part.Collapse();
    Collapse();
  }
  for (size_t i = 0; i < slots_.size(); ++i) {
    SlotState& dst = slots_[i];
    SlotState& src = part.slots_[i];
    for (size_t g = 0; g < part.groups(); ++g) {
      size_t from = g * nb_, to = size_t{map[g]} * nb_;
      for (uint32_t b = 0; b < nb_; ++b) {
        dst.counts[to + b] += src.counts[from + b];
        if (!src.stats.empty()) dst.stats[to + b].Merge(src.stats[from + b]);
        if (!src.conc.empty()) dst.conc[to + b] += src.conc[from + b];
      }
      if (!src.values.empty()) {
        AppendAll(&dst.values[map[g]], std::move(src.values[g]));
        if (nb_ > 1) AppendAll(&dst.value_buckets[map[g]], std::move(src.value_buckets[g]));
      }
      if (!src.hashes.empty()) {
        AppendAll(&dst.hashes[map[g]], std::move(src.hashes[g]));
        if (nb_ > 1) AppendAll(&dst.hash_buckets[map[g]], std::move(src.hash_buckets[g]));
      }
    }
  }
}

}  // namespace waggle::query::exec
