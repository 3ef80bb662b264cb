#include "query/exec/plan.h"

#include <algorithm>

namespace waggle::query::exec {
namespace {

int ColumnIndex(Plan* plan, const std::string& name) {
  auto it = std::find(plan->columns.begin(), plan->columns.end(), name);
  if (it != plan->columns.end()) return static_cast<int>(it - plan->columns.begin());
  plan->columns.push_back(name);
  return static_cast<int>(plan->columns.size() - 1);
}

void Compile(Plan* plan, const std::vector<Filter>& in, std::vector<CompiledFilter>* out,
             std::vector<int>* columns) {
  for (const Filter& f : in) {
    out->push_back(CompiledFilter{f.op, f.values});
    columns->push_back(ColumnIndex(plan, f.column));
  }
}

// Two calculations share a slot when they read the same column under the
// same filters.
bool SameFilters(const Slot& s, const Calculation& c, const std::vector<int>& cols) {
  if (s.filters.size() != c.filters.size() || s.filters_or != c.filters_or) return false;
  for (size_t i = 0; i < s.filters.size(); ++i) {
    if (s.filters[i].op != c.filters[i].op || s.filters[i].values != c.filters[i].values ||
        s.filter_columns[i] != cols[i]) {
      return false;
    }
  }
  return true;
}

int SlotFor(Plan* plan, const Calculation& c) {
  int column = CalcTakesNoColumn(c.op) ? -1 : ColumnIndex(plan, c.column);
  Slot fresh;
  fresh.column = column;
  fresh.filters_or = c.filters_or;
  Compile(plan, c.filters, &fresh.filters, &fresh.filter_columns);
  for (size_t i = 0; i < plan->slots.size(); ++i) {
    Slot& s = plan->slots[i];
    if (s.column == column && SameFilters(s, c, fresh.filter_columns)) return static_cast<int>(i);
  }
  plan->slots.push_back(std::move(fresh));
  return static_cast<int>(plan->slots.size() - 1);
}

}  // namespace

Plan MakePlan(const QuerySpec& spec, const TimeWindow& window, bool series) {
  Plan plan;
  plan.spec = spec;
  plan.window = window;
  plan.first_bucket = window.first_bucket();
  plan.buckets = static_cast<uint32_t>(std::max<int64_t>(1, window.bucket_count()));
  plan.bucketed = series;
  Compile(&plan, spec.filters, &plan.filters, &plan.filter_columns);
  for (const std::string& b : spec.breakdowns)
    plan.breakdown_columns.push_back(ColumnIndex(&plan, b));
  for (const Calculation& c : spec.calculations) {
    int slot = SlotFor(&plan, c);
    plan.calc_slot.push_back(slot);
    Slot& s = plan.slots[slot];
    if (PercentileOf(c.op) || c.op == CalcOp::kHeatmap) s.values = true;
    if (c.op == CalcOp::kCountDistinct) s.hashes = true;
    if (c.op == CalcOp::kConcurrency) {
      s.concurrency = true;
      plan.needs_duration = true;
      plan.bucketed = true;
    }
    if (c.op == CalcOp::kSum || c.op == CalcOp::kAvg || c.op == CalcOp::kMin ||
        c.op == CalcOp::kMax || IsRateOp(c.op)) {
      s.stats = true;
    }
    if (IsRateOp(c.op)) plan.bucketed = true;
  }
  return plan;
}

}  // namespace waggle::query::exec
