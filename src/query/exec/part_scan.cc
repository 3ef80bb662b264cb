#include "query/exec/part_scan.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>

#include "store/head/schema.h"

namespace waggle::query::exec {
namespace {

// Maps breakdown values of one part to dense codes. String keys view the
// part's columns, which outlive the coder.
class ValueCoder {
 public:
  uint32_t Code(const Value& v) {
    if (v.type == ValueType::kString) {
      auto [it, added] = strings_.try_emplace(v.s, static_cast<uint32_t>(values_.size()));
      if (added) values_.push_back(v);
      return it->second;
    }
    uint64_t bits = 0;
    if (v.type == ValueType::kDouble) {
      std::memcpy(&bits, &v.d, 8);
    } else {
      bits = static_cast<uint64_t>(v.i);
    }
    auto [it, added] =
        others_[static_cast<int>(v.type)].try_emplace(bits, static_cast<uint32_t>(values_.size()));
    if (added) values_.push_back(v);
    return it->second;
  }
  const Value& value(uint32_t code) const { return values_[code]; }
  uint32_t size() const { return static_cast<uint32_t>(values_.size()); }

 private:
  absl::flat_hash_map<std::string_view, uint32_t> strings_;
  absl::flat_hash_map<uint64_t, uint32_t> others_[5];
  std::vector<Value> values_;
};

struct PartColumns {
  std::vector<PartColumn> columns;
  std::shared_ptr<const store::Column> timestamps;
  std::shared_ptr<const store::Column> durations;
};

absl::StatusOr<PartColumns> ReadColumns(const Plan& plan, store::TableKind kind,
                                        const store::TablePart& part) {
  PartColumns pc;
  std::vector<store::ColumnKey> keys = part.Keys();
  ASSIGN_OR_RETURN(pc.timestamps, ReadIntColumn(part, keys, store::schema::kTimestamp));
  if (plan.needs_duration) {
    ASSIGN_OR_RETURN(pc.durations, ReadIntColumn(part, keys, store::schema::kDurationNs));
  }
  for (const std::string& name : plan.columns) {
    ASSIGN_OR_RETURN(PartColumn c, ResolveColumn(part, keys, kind, name));
    pc.columns.push_back(std::move(c));
  }
  return pc;
}

std::vector<uint32_t> RowsInWindow(const Plan& plan, const store::TablePart& part,
                                   const store::Column* ts) {
  const uint32_t n = part.rows();
  if (part.min_time_ns() >= plan.window.start_ns && part.max_time_ns() < plan.window.end_ns) {
    std::vector<uint32_t> all(n);
    std::iota(all.begin(), all.end(), 0u);
    return all;
  }
  std::vector<uint32_t> rows;
  rows.reserve(n);
  const int64_t* t = ts->ints.data();
  for (uint32_t r = 0; r < n; ++r) {
    if (t[r] >= plan.window.start_ns && t[r] < plan.window.end_ns) rows.push_back(r);
  }
  return rows;
}

std::vector<const PartColumn*> Pick(const PartColumns& pc, const std::vector<int>& idx) {
  std::vector<const PartColumn*> out;
  for (int i : idx) out.push_back(&pc.columns[i]);
  return out;
}

// Group ids per selected row, and the groups' values (state keys).
struct Grouping {
  std::vector<uint32_t> gids;
  std::vector<std::vector<OwnedValue>> keys;
};

// Codes of one breakdown column per row: through the dictionary codes when
// the column has them (no hashing per row), else by hashing values.
void CodeColumn(const PartColumn& col, const std::vector<uint32_t>& rows, ValueCoder* coder,
                std::vector<uint32_t>* codes) {
  codes->resize(rows.size());
  const store::Column* dict = col.DictSource();
  if (dict == nullptr) {
    for (size_t k = 0; k < rows.size(); ++k) (*codes)[k] = coder->Code(col.Get(rows[k]));
    return;
  }
  // Slot n (one past the dictionary) stands for "absent".
  size_t n = dict->dict_entries.size();
  std::vector<int64_t> local(n + 1, -1);
  const uint32_t* dc = dict->dict_codes.data();
  for (size_t k = 0; k < rows.size(); ++k) {
    uint32_t r = rows[k];
    size_t d = dict->IsPresent(r) ? dc[r] : n;
    if (local[d] < 0) {
      Value v = d == n ? Value{} : Value{ValueType::kString, 0, 0, dict->dict_entries[d]};
      local[d] = coder->Code(v);
    }
    (*codes)[k] = static_cast<uint32_t>(local[d]);
  }
}

Grouping GroupRows(const Plan& plan, const PartColumns& pc, const std::vector<uint32_t>& rows) {
  Grouping out;
  size_t nbd = plan.breakdown_columns.size();
  if (nbd == 0) {
    out.gids.assign(rows.size(), 0);
    out.keys.emplace_back();
    return out;
  }
  std::vector<ValueCoder> coders(nbd);
  std::vector<std::vector<uint32_t>> codes(nbd);
  for (size_t b = 0; b < nbd; ++b) {
    CodeColumn(pc.columns[plan.breakdown_columns[b]], rows, &coders[b], &codes[b]);
  }
  if (nbd == 1) {
    // One breakdown: the value codes are the group ids.
    out.gids = std::move(codes[0]);
    for (uint32_t c = 0; c < coders[0].size(); ++c) {
      out.keys.push_back({OwnedValue::From(coders[0].value(c))});
    }
    return out;
  }
  out.gids.assign(rows.size(), 0);
  absl::flat_hash_map<std::string, uint32_t> tuples;
  std::string tuple;
  for (size_t k = 0; k < rows.size(); ++k) {
    tuple.assign(reinterpret_cast<const char*>(&codes[0][k]), 4);
    for (size_t b = 1; b < nbd; ++b) tuple.append(reinterpret_cast<const char*>(&codes[b][k]), 4);
    auto [it, added] = tuples.try_emplace(tuple, static_cast<uint32_t>(out.keys.size()));
    if (added) {
      std::vector<OwnedValue> key;
      for (size_t b = 0; b < nbd; ++b)
        key.push_back(OwnedValue::From(coders[b].value(codes[b][k])));
      out.keys.push_back(std::move(key));
    }
    out.gids[k] = it->second;
  }
  return out;
}

// Drops rows whose group is not kept; renumbers the kept groups.
void KeepOnly(const absl::flat_hash_set<std::string>& keep, std::vector<uint32_t>* rows,
              Grouping* g) {
  std::vector<int64_t> remap(g->keys.size(), -1);
  std::vector<std::vector<OwnedValue>> kept;
  for (size_t i = 0; i < g->keys.size(); ++i) {
    if (keep.contains(TupleKeyBytes(g->keys[i]))) {
      remap[i] = static_cast<int64_t>(kept.size());
      kept.push_back(std::move(g->keys[i]));
    }
  }
  size_t out = 0;
  for (size_t k = 0; k < rows->size(); ++k) {
    if (remap[g->gids[k]] < 0) continue;
    (*rows)[out] = (*rows)[k];
    g->gids[out++] = static_cast<uint32_t>(remap[g->gids[k]]);
  }
  rows->resize(out);
  g->gids.resize(out);
  g->keys = std::move(kept);
}

void AddConcurrency(const Plan& plan, int64_t start, int64_t dur, size_t cell0, uint32_t nb,
                    std::vector<double>* conc) {
  int64_t end = start + std::max<int64_t>(dur, 0);
  int64_t g = plan.window.granularity_ns;
  int64_t lo = std::max(start, plan.window.start_ns), hi = std::min(end, plan.window.end_ns);
  for (int64_t b = TimeWindow::FloorDiv(lo, g); b * g < hi; ++b) {
    int64_t bs = std::max(lo, b * g), be = std::min(hi, (b + 1) * g);
    if (be <= bs) continue;
    int64_t idx = nb == 1 ? 0 : b - plan.first_bucket;
    if (idx < 0 || idx >= nb) continue;
    (*conc)[cell0 + idx] += static_cast<double>(be - bs) / static_cast<double>(g);
  }
}

// Accumulate for a slot over a numeric column without COUNT_DISTINCT or
// CONCURRENCY: numbers straight from storage, no Value per row.
void AccumulateNumeric(const Slot& slot, const NumericView& col, const std::vector<uint32_t>& rows,
                       const std::vector<uint8_t>& mask, const Grouping& g,
                       const std::vector<uint32_t>& buckets, uint32_t nb, SlotState& ss) {
  for (size_t k = 0; k < rows.size(); ++k) {
    if (!mask.empty() && !mask[k]) continue;
    double x = 0;
    if (!col.Get(rows[k], &x)) continue;
    const uint32_t gid = g.gids[k];
    const uint32_t b = nb == 1 ? 0 : buckets[k];
    const size_t cell = size_t{gid} * nb + b;
    ++ss.counts[cell];
    if (slot.stats) ss.stats[cell].Add(x);
    if (slot.values) {
      ss.values[gid].push_back(x);
      if (nb > 1) ss.value_buckets[gid].push_back(b);
    }
  }
}

void Accumulate(const Plan& plan, size_t si, const PartColumns& pc,
                const std::vector<uint32_t>& rows, const Grouping& g,
                const std::vector<uint32_t>& buckets, GroupState* st) {
  const Slot& slot = plan.slots[si];
  SlotState& ss = st->slot(si);
  std::vector<uint8_t> mask;
  if (!slot.filters.empty()) {
    FilterMask(slot.filters, Pick(pc, slot.filter_columns), slot.filters_or, rows, &mask);
  }
  const PartColumn* col = slot.column >= 0 ? &pc.columns[slot.column] : nullptr;
  uint32_t nb = st->nb();
  if (col != nullptr && !slot.hashes && !slot.concurrency) {
    if (std::optional<NumericView> numeric = col->Numeric()) {
      AccumulateNumeric(slot, *numeric, rows, mask, g, buckets, nb, ss);
      return;
    }
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    if (!mask.empty() && !mask[k]) continue;
    uint32_t gid = g.gids[k];
    uint32_t b = nb == 1 ? 0 : buckets[k];
    size_t cell = size_t{gid} * nb + b;
    if (slot.concurrency && pc.durations != nullptr) {
      AddConcurrency(plan, pc.timestamps->ints[rows[k]], pc.durations->ints[rows[k]],
                     size_t{gid} * nb, nb, &ss.conc);
    }
    if (col == nullptr) {
      ++ss.counts[cell];
      continue;
    }
    Value v = col->Get(rows[k]);
    if (v.is_null()) continue;
    ++ss.counts[cell];
    if (slot.hashes) {
      ss.hashes[gid].push_back(HashValue(v));
      if (nb > 1) ss.hash_buckets[gid].push_back(b);
    }
    double x = 0;
    if (!(slot.stats || slot.values) || !ToNumber(v, &x)) continue;
    if (slot.stats) ss.stats[cell].Add(x);
    if (slot.values) {
      ss.values[gid].push_back(x);
      if (nb > 1) ss.value_buckets[gid].push_back(b);
    }
  }
}

}  // namespace

absl::StatusOr<GroupState> ScanPart(const Plan& plan, store::TableKind kind,
                                    const store::TablePart& part,
                                    const absl::flat_hash_set<std::string>* keep,
                                    ScanCounters* counters) {
  ASSIGN_OR_RETURN(PartColumns pc, ReadColumns(plan, kind, part));
  if (pc.timestamps == nullptr) return GroupState(plan, plan.buckets);
  std::vector<uint32_t> rows = RowsInWindow(plan, part, pc.timestamps.get());
  counters->rows_scanned += part.rows();
  ApplyFilters(plan.filters, Pick(pc, plan.filter_columns), plan.spec.filter_or, &rows);
  Grouping g = GroupRows(plan, pc, rows);
  if (keep != nullptr) KeepOnly(*keep, &rows, &g);
  counters->rows_matched += rows.size();
  bool series = keep != nullptr ||
                (plan.bucketed && uint64_t{plan.buckets} * g.keys.size() <= kMaxSeriesCells);
  GroupState st(plan, series ? plan.buckets : 1);
  if (rows.empty()) return st;
  for (auto& key : g.keys) {
    std::string bytes = TupleKeyBytes(key);
    st.AddGroup(std::move(key), std::move(bytes));
  }
  std::vector<uint32_t> buckets;  // per selected row; only with several cells per group
  if (st.nb() > 1) {
    buckets.resize(rows.size());
    int64_t gran = plan.window.granularity_ns;
    for (size_t k = 0; k < rows.size(); ++k) {
      int64_t b = TimeWindow::FloorDiv(pc.timestamps->ints[rows[k]], gran) - plan.first_bucket;
      buckets[k] = static_cast<uint32_t>(std::clamp<int64_t>(b, 0, plan.buckets - 1));
    }
  }
  for (size_t si = 0; si < plan.slots.size(); ++si) Accumulate(plan, si, pc, rows, g, buckets, &st);
  return st;
}

}  // namespace waggle::query::exec
