#include "query/exec/executor.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>

#include "query/exec/finalize.h"
#include "query/exec/part_scan.h"

namespace waggle::query::exec {
namespace {

struct Task {
  store::TableKind kind;
  const store::TablePart* part;
};

int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

absl::Status CheckStop(const ExecOptions& o) {
  if (o.cancelled != nullptr && o.cancelled->load()) return absl::CancelledError("query cancelled");
  if (o.deadline_ns != 0 && SteadyNowNs() > o.deadline_ns) {
    return absl::DeadlineExceededError("the query ran past its time limit");
  }
  return absl::OkStatus();
}

std::vector<Task> PruneParts(const Plan& plan, const std::vector<store::TableSnapshot>& tables,
                             ExecStats* stats) {
  std::vector<Task> tasks;
  for (const store::TableSnapshot& t : tables) {
    for (const auto& part : t.parts) {
      ++stats->parts_total;
      if (part->rows() == 0 || part->max_time_ns() < plan.window.start_ns ||
          part->min_time_ns() >= plan.window.end_ns) {
        continue;
      }
      tasks.push_back({t.id.kind, part.get()});
    }
  }
  stats->parts_scanned = tasks.size();
  return tasks;
}

// Scans every task on the pool. Parts are merged in task order as soon as
// their predecessors are, so floating-point sums do not depend on which
// thread finished first (results are reproducible run to run).
absl::StatusOr<GroupState> ScanAll(const Plan& plan, const std::vector<Task>& tasks,
                                   const absl::flat_hash_set<std::string>* keep,
                                   const ExecOptions& o, ExecStats* stats) {
  GroupState merged(plan, plan.bucketed ? plan.buckets : 1);
  std::mutex mu;
  std::condition_variable done_cv;
  size_t done = 0, next_merge = 0;
  absl::Status status;
  uint64_t values = 0;
  std::vector<std::optional<absl::StatusOr<GroupState>>> ready(tasks.size());
  auto run = [&](size_t i) {
    absl::Status stop = CheckStop(o);
    ScanCounters c;
    absl::StatusOr<GroupState> st = stop.ok()
                                        ? ScanPart(plan, tasks[i].kind, *tasks[i].part, keep, &c)
                                        : absl::StatusOr<GroupState>(stop);
    std::lock_guard<std::mutex> lock(mu);
    stats->rows_scanned += c.rows_scanned;
    stats->rows_matched += c.rows_matched;
    values += c.rows_matched;
    ready[i].emplace(std::move(st));
    for (; next_merge < tasks.size() && ready[next_merge]; ++next_merge) {
      absl::StatusOr<GroupState>& part = *ready[next_merge];
      if (part.ok() && status.ok()) {
        merged.Merge(std::move(*part));
      } else if (status.ok()) {
        status = part.status();
      }
      ready[next_merge].reset();
    }
    ++done;
    done_cv.notify_all();
  };
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (o.pool == nullptr || !o.pool->Submit([&run, i] { run(i); })) run(i);
  }
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done == tasks.size(); });
  RETURN_IF_ERROR(status);
  bool big = false;
  for (const Slot& s : plan.slots) big = big || s.values || s.hashes;
  if (big && values > o.max_values) {
    return absl::ResourceExhaustedError(
        "too many matching events for exact percentiles/distinct counts; narrow the time range "
        "or add filters");
  }
  return merged;
}

// Per slot with values, the heatmap bins over every value of the query.
std::vector<HeatmapBins> MakeBins(const Plan& plan, const GroupState& st) {
  std::vector<HeatmapBins> bins(plan.slots.size());
  for (size_t s = 0; s < plan.slots.size(); ++s) {
    if (!plan.slots[s].values) continue;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& vals : st.slot(s).values) {
      for (double x : vals) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    }
    bins[s] = HeatmapBins::Over(lo, hi);
  }
  return bins;
}

// The whole-range row of `groups`. One group without per-bucket cells
// lends its values and hashes to the computation instead of copying them
// (percentiles and distinct counts reorder them, which nothing else minds).
ResultRow RowOver(const Plan& plan, GroupState& st, std::span<const uint32_t> groups,
                  const std::vector<HeatmapBins>& bins) {
  const bool borrow = groups.size() == 1 && st.nb() == 1;
  ResultRow row;
  std::vector<std::optional<CellData>> cells(plan.slots.size());
  for (size_t c = 0; c < plan.spec.calculations.size(); ++c) {
    int s = plan.calc_slot[c];
    if (!cells[s]) {
      cells[s] = GatherWhole(st, s, groups, /*skip_values=*/borrow);
      if (borrow) LendValues(st.slot(s), groups[0], &*cells[s]);
    }
    row.values.push_back(Compute(plan.spec.calculations[c].op, *cells[s], true, nullptr, &bins[s]));
  }
  if (borrow) {
    for (size_t s = 0; s < cells.size(); ++s) {
      if (cells[s]) LendValues(st.slot(s), groups[0], &*cells[s]);  // give them back
    }
  }
  return row;
}

bool HavingPasses(const Plan& plan, const ResultRow& row) {
  for (const Having& h : plan.spec.havings) {
    bool ok = false;
    for (size_t c = 0; c < plan.spec.calculations.size(); ++c) {
      const Calculation& calc = plan.spec.calculations[c];
      if (calc.op != h.calculate_op || (!CalcTakesNoColumn(calc.op) && calc.column != h.column)) {
        continue;
      }
      std::optional<double> v = row.values[c].number();
      if (!v) return false;
      CompiledFilter f{h.op, {Literal{Literal::Type::kDouble, false, 0, h.value, ""}}};
      ok = Matches(Value{ValueType::kDouble, 0, *v, {}}, f);
      break;
    }
    if (!ok) return false;
  }
  return true;
}

// Sort terms: (calculation index or -1-breakdown index, descending).
std::vector<std::pair<int, bool>> SortTerms(const Plan& plan) {
  std::vector<std::pair<int, bool>> terms;
  const auto& calcs = plan.spec.calculations;
  for (const Order& o : plan.spec.orders) {
    if (!o.op) {
      int b = static_cast<int>(
          std::find(plan.spec.breakdowns.begin(), plan.spec.breakdowns.end(), o.column) -
          plan.spec.breakdowns.begin());
      terms.push_back({-1 - b, o.descending});
      continue;
    }
    for (size_t c = 0; c < calcs.size(); ++c) {
      if (calcs[c].op == *o.op && (CalcTakesNoColumn(*o.op) || calcs[c].column == o.column)) {
        terms.push_back({static_cast<int>(c), o.descending});
        break;
      }
    }
  }
  if (terms.empty()) {
    for (size_t c = 0; c < calcs.size(); ++c) {
      if (calcs[c].op != CalcOp::kHeatmap) {
        terms.push_back({static_cast<int>(c), true});
        break;
      }
    }
  }
  return terms;
}

int CompareNumbers(const CalcValue& a, const CalcValue& b) {
  std::optional<double> x = a.number(), y = b.number();
  if (!x || !y) return x ? 1 : (y ? -1 : 0);  // nulls sort low
  return *x < *y ? -1 : (*x > *y ? 1 : 0);
}

struct Ranked {
  uint32_t group;
  ResultRow row;
};

void SortRows(const Plan& plan, std::vector<Ranked>* rows) {
  std::vector<std::pair<int, bool>> terms = SortTerms(plan);
  std::stable_sort(rows->begin(), rows->end(), [&](const Ranked& a, const Ranked& b) {
    for (auto [term, desc] : terms) {
      int c = term >= 0 ? CompareNumbers(a.row.values[term], b.row.values[term])
                        : CompareValues(a.row.keys[-1 - term].view(), b.row.keys[-1 - term].view());
      if (c != 0) return desc ? c > 0 : c < 0;
    }
    for (size_t k = 0; k < a.row.keys.size(); ++k) {
      int c = CompareValues(a.row.keys[k].view(), b.row.keys[k].view());
      if (c != 0) return c < 0;
    }
    return false;
  });
}

// Per-bucket cells of one group and slot (values and hashes split by bucket).
std::vector<CellData> BucketCells(const GroupState& st, size_t slot, uint32_t g) {
  const SlotState& ss = st.slot(slot);
  uint32_t nb = st.nb();
  std::vector<CellData> cells(nb);
  for (uint32_t b = 0; b < nb; ++b) {
    size_t cell = size_t{g} * nb + b;
    cells[b].count = ss.counts[cell];
    if (!ss.stats.empty()) cells[b].stats = ss.stats[cell];
    if (!ss.conc.empty()) cells[b].conc = ss.conc[cell];
  }
  // With one bucket the state keeps no per-value buckets: all are bucket 0.
  if (!ss.values.empty()) {
    for (size_t i = 0; i < ss.values[g].size(); ++i) {
      cells[nb == 1 ? 0 : ss.value_buckets[g][i]].values.push_back(ss.values[g][i]);
    }
  }
  if (!ss.hashes.empty()) {
    for (size_t i = 0; i < ss.hashes[g].size(); ++i) {
      cells[nb == 1 ? 0 : ss.hash_buckets[g][i]].hashes.push_back(ss.hashes[g][i]);
    }
  }
  return cells;
}

void AddSeries(const Plan& plan, const GroupState& st, uint32_t g, std::vector<OwnedValue> keys,
               const std::vector<HeatmapBins>& bins, std::vector<SeriesPoint>* out) {
  std::vector<std::vector<CellData>> per_slot(plan.slots.size());
  for (size_t s = 0; s < plan.slots.size(); ++s) per_slot[s] = BucketCells(st, s, g);
  bool all_buckets = plan.spec.breakdowns.empty();
  for (uint32_t b = 0; b < st.nb(); ++b) {
    bool any = false;
    for (const auto& cells : per_slot) any = any || cells[b].count > 0 || cells[b].conc > 0;
    if (!any && !all_buckets) continue;
    SeriesPoint p;
    p.time_ns = plan.BucketStartNs(b);
    p.row.keys = keys;
    for (size_t c = 0; c < plan.spec.calculations.size(); ++c) {
      int s = plan.calc_slot[c];
      const CellData* prev = b > 0 ? &per_slot[s][b - 1] : nullptr;
      p.row.values.push_back(
          Compute(plan.spec.calculations[c].op, per_slot[s][b], false, prev, &bins[s]));
    }
    out->push_back(std::move(p));
  }
}

void BuildSeries(const Plan& plan, const GroupState& st, const std::vector<ResultRow>& kept,
                 const std::vector<HeatmapBins>& bins, std::vector<SeriesPoint>* out) {
  absl::flat_hash_map<std::string, uint32_t> index;
  for (size_t g = 0; g < st.groups(); ++g) index.emplace(st.key_bytes()[g], g);
  std::vector<std::vector<SeriesPoint>> per_group;
  for (const ResultRow& row : kept) {
    auto it = index.find(TupleKeyBytes(row.keys));
    if (it == index.end()) continue;
    per_group.emplace_back();
    AddSeries(plan, st, it->second, row.keys, bins, &per_group.back());
  }
  for (auto& pts : per_group) {
    for (auto& p : pts) out->push_back(std::move(p));
  }
  std::stable_sort(out->begin(), out->end(), [](const SeriesPoint& a, const SeriesPoint& b) {
    return a.time_ns < b.time_ns;
  });
}

}  // namespace

absl::StatusOr<QueryResult> ExecuteQuery(const QuerySpec& spec,
                                         const std::vector<store::TableSnapshot>& tables,
                                         const ExecOptions& options) {
  int64_t started = SteadyNowNs();
  RETURN_IF_ERROR(ValidateSpec(spec));
  ASSIGN_OR_RETURN(TimeWindow window, ResolveTimeWindow(spec, options.now_ns));
  Plan plan = MakePlan(spec, window, options.series);
  QueryResult r;
  r.window = window;
  r.breakdowns = spec.breakdowns;
  for (const Calculation& c : spec.calculations) {
    r.calc_keys.push_back(CalcKey(c));
    r.calc_ops.push_back(c.op);
  }
  std::vector<Task> tasks = PruneParts(plan, tables, &r.stats);
  ASSIGN_OR_RETURN(GroupState merged, ScanAll(plan, tasks, nullptr, options, &r.stats));
  RETURN_IF_ERROR(CheckStop(options));
  r.stats.groups = merged.groups();
  std::vector<HeatmapBins> bins = MakeBins(plan, merged);

  std::vector<uint32_t> all(merged.groups());
  std::iota(all.begin(), all.end(), 0);
  r.total = RowOver(plan, merged, all, bins);
  std::vector<Ranked> ranked;
  for (uint32_t g : all) {
    uint32_t one[1] = {g};
    ResultRow row = RowOver(plan, merged, one, bins);
    row.keys = merged.keys()[g];
    if (HavingPasses(plan, row)) ranked.push_back({g, std::move(row)});
  }
  if (spec.breakdowns.empty() && ranked.empty()) {
    ranked.push_back({0, r.total});  // a query without breakdowns always has its row
  }
  SortRows(plan, &ranked);
  std::vector<uint32_t> cut;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (i < static_cast<size_t>(spec.limit)) {
      r.results.push_back(std::move(ranked[i].row));
    } else {
      cut.push_back(ranked[i].group);
    }
  }
  if (!cut.empty()) {
    r.has_other = true;
    r.other = RowOver(plan, merged, cut, bins);
  }
  if (options.series && !r.results.empty()) {
    if (merged.nb() == plan.buckets) {
      BuildSeries(plan, merged, r.results, bins, &r.series);
    } else {
      absl::flat_hash_set<std::string> keep;
      for (const ResultRow& row : r.results) keep.insert(TupleKeyBytes(row.keys));
      ExecStats second;
      ASSIGN_OR_RETURN(GroupState kept, ScanAll(plan, tasks, &keep, options, &second));
      r.stats.second_pass = true;
      BuildSeries(plan, kept, r.results, bins, &r.series);
    }
  }
  r.stats.elapsed_ms = static_cast<double>(SteadyNowNs() - started) / 1e6;
  return r;
}

}  // namespace waggle::query::exec
