#include "lang/cw_insights/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/hash.h"
#include "core/strings.h"

namespace waggle::lang::cw_insights {
namespace {

using Row = std::vector<ResultField>;

// Hidden cells (sort and dedup keys not shown) start with this byte.
constexpr char kHidden = '\x1f';

// Orders two optional texts: numbers numerically, texts lexically, absent last.
int CompareCells(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return a ? -1 : (b ? 1 : 0);
  return CompareValues(Value::String(*a), Value::String(*b));
}

std::optional<std::string> CellOf(const Row& row, std::string_view field) {
  for (const ResultField& f : row) {
    if (f.field == field) return f.value;
  }
  return std::nullopt;
}

// A cell shown or hidden.
std::optional<std::string> KeyOf(const Row& row, std::string_view field) {
  for (const ResultField& f : row) {
    std::string_view name = f.field;
    if (!name.empty() && name[0] == kHidden) name.remove_prefix(1);
    if (name == field) return f.value;
  }
  return std::nullopt;
}

// A result row's cells as fields, for the filters after stats.
class RowFields : public FieldSource {
 public:
  explicit RowFields(const Row& row) : row_(row) {}
  Value Field(std::string_view name) override {
    std::optional<std::string> v = CellOf(row_, name);
    return v ? Value::String(*std::move(v)) : Value();
  }

 private:
  const Row& row_;
};

}  // namespace

void QueryRunner::Add(const LogEvent& e) {
  ++result_.records_scanned;
  result_.bytes_scanned += static_cast<int64_t>(e.message.size());
  EventView ev(e, parser_);
  for (const Stage& s : q_.stages) {
    switch (s.kind) {
      case Stage::Kind::kFilter:
        if (!Truthy(Eval(s.expr, ev))) return;
        break;
      case Stage::Kind::kAssign:
        ev.Set(s.name, Eval(s.expr, ev));
        break;
      case Stage::Kind::kParse:
        RunParse(s, ev);
        break;
    }
  }
  ++result_.records_matched;
  if (!q_.aggregates.empty()) {
    AddStats(e, ev);
  } else {
    AddRow(e, ev);
  }
}

void QueryRunner::AddStats(const LogEvent& e, EventView& ev) {
  Row keys;
  std::string joined;
  for (const GroupKey& g : q_.group_by) {
    std::string value = Eval(g.key, ev).Text();
    joined += value;
    joined.push_back(kHidden);
    if (!value.empty()) keys.push_back({g.name, std::move(value)});
  }
  Group& group = groups_[joined];
  if (group.accs.empty()) {
    group.keys = std::move(keys);
    group.accs.resize(q_.aggregates.size());
  }
  for (size_t i = 0; i < q_.aggregates.size(); ++i) {
    Accumulate(q_.aggregates[i], e, ev, group.accs[i]);
  }
}

void QueryRunner::Accumulate(const Aggregate& a, const LogEvent& e, EventView& ev,
                             Accumulator& acc) {
  using AggFn = Aggregate::Fn;
  if (!a.arg) {
    ++acc.count;
    return;
  }
  Value v = Eval(*a.arg, ev);
  if (!v.present()) return;
  switch (a.fn) {
    case AggFn::kCount:
      ++acc.count;
      return;
    case AggFn::kCountDistinct:
      if (acc.distinct.size() < kMaxDistinctValues) acc.distinct.insert(v.Text());
      return;
    case AggFn::kEarliest:
    case AggFn::kLatest: {
      bool later = e.timestamp_ms > acc.time, earlier = e.timestamp_ms < acc.time;
      if (acc.count++ == 0 || (a.fn == AggFn::kEarliest ? earlier : later)) {
        acc.time = e.timestamp_ms;
        acc.chosen = std::move(v);
      }
      return;
    }
    case AggFn::kSortsFirst:
    case AggFn::kSortsLast: {
      int c = acc.count++ == 0 ? 0 : CompareValues(v, acc.chosen);
      if (acc.count == 1 || (a.fn == AggFn::kSortsFirst ? c < 0 : c > 0)) acc.chosen = std::move(v);
      return;
    }
    default:
      break;
  }
  std::optional<double> x = v.AsNumber();
  if (!x) return;
  acc.min = acc.count == 0 ? *x : std::min(acc.min, *x);
  acc.max = acc.count == 0 ? *x : std::max(acc.max, *x);
  ++acc.count;
  acc.sum += *x;
  double delta = *x - acc.mean;
  acc.mean += delta / static_cast<double>(acc.count);
  acc.m2 += delta * (*x - acc.mean);
  if (a.fn == AggFn::kPct) acc.values.push_back(*x);
}

void QueryRunner::AddRow(const LogEvent& e, EventView& ev) {
  Row row;
  auto add = [&](std::string_view field, std::string name) {
    Value v = ev.Field(field);
    if (v.present()) row.push_back({std::move(name), v.Text()});
  };
  if (!q_.display.empty()) {
    for (const std::string& f : q_.display) add(f, f);
  } else if (!q_.fields.empty()) {
    for (const Projection& p : q_.fields) add(p.name, p.name);
  } else {
    add("@timestamp", "@timestamp");
    add("@message", "@message");
  }
  // Sort and dedup keys that are not shown ride along hidden, then go.
  for (const auto& [field, desc] : q_.sort) {
    if (!CellOf(row, field)) add(field, kHidden + field);
  }
  for (const std::string& field : q_.dedup) {
    if (!CellOf(row, field)) add(field, kHidden + field);
  }
  uint64_t ptr = core::Hash64(fmt::format("{}/{}/{}", e.stream, e.timestamp_ms, sequence_++));
  row.push_back({"@ptr", fmt::format("{:016x}", ptr)});
  rows_.emplace_back(e.timestamp_ms, std::move(row));
  if (rows_.size() >= 2 * kMaxBufferedRows) {
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    rows_.resize(kMaxBufferedRows);
  }
}

std::vector<Row> QueryRunner::StatsRows() {
  std::vector<Row> rows;
  for (auto& [joined, g] : groups_) {
    Row row = g.keys;
    for (size_t i = 0; i < q_.aggregates.size(); ++i) {
      std::string v = Result(q_.aggregates[i], g.accs[i]);
      if (!v.empty()) row.push_back({q_.aggregates[i].name, std::move(v)});
    }
    if (!q_.display.empty()) {
      std::erase_if(row, [&](const ResultField& f) {
        return std::find(q_.display.begin(), q_.display.end(), f.field) == q_.display.end();
      });
    }
    bool keep = std::all_of(q_.result_filters.begin(), q_.result_filters.end(), [&](const Expr& e) {
      RowFields fields(row);
      return Truthy(Eval(e, fields));
    });
    if (keep) rows.push_back(std::move(row));
  }
  // Newest bin first, as Insights answers without a sort.
  if (q_.sort.empty() && !q_.group_by.empty() &&
      q_.group_by.front().key.kind == Expr::Kind::kCall && q_.group_by.front().key.fn == Fn::kBin) {
    const std::string& name = q_.group_by.front().name;
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      return CompareCells(CellOf(a, name), CellOf(b, name)) > 0;
    });
  }
  return rows;
}

std::vector<Row> QueryRunner::EventRows() {
  std::stable_sort(rows_.begin(), rows_.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Row> rows;
  rows.reserve(rows_.size());
  for (auto& [ts, row] : rows_) rows.push_back(std::move(row));
  return rows;
}

// Sorts (stable, over the newest-first order), keeps the first row of each
// dedup combination (rows missing a dedup field all stay), then limits.
void QueryRunner::SortDedupLimit(std::vector<Row>& rows) const {
  if (!q_.sort.empty()) {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      for (const auto& [field, desc] : q_.sort) {
        std::optional<std::string> x = KeyOf(a, field), y = KeyOf(b, field);
        if (!x || !y) {
          if (x || y) return x.has_value();  // rows without the field go last
          continue;
        }
        int c = CompareCells(x, y);
        if (c != 0) return desc ? c > 0 : c < 0;
      }
      return false;
    });
  }
  if (!q_.dedup.empty()) {
    std::set<std::string> seen;
    std::erase_if(rows, [&](const Row& row) {
      std::string joined;
      for (const std::string& field : q_.dedup) {
        std::optional<std::string> v = KeyOf(row, field);
        if (!v) return false;
        joined += *v;
        joined.push_back(kHidden);
      }
      return !seen.insert(std::move(joined)).second;
    });
  }
  size_t limit = static_cast<size_t>(q_.limit.value_or(10'000));
  if (rows.size() > limit) rows.resize(limit);
}

QueryResult QueryRunner::Finish() {
  std::vector<Row> rows = q_.aggregates.empty() ? EventRows() : StatsRows();
  SortDedupLimit(rows);
  for (Row& row : rows) {
    std::erase_if(row,
                  [](const ResultField& f) { return !f.field.empty() && f.field[0] == kHidden; });
  }
  result_.rows = std::move(rows);
  return std::move(result_);
}

std::string QueryRunner::Result(const Aggregate& a, Accumulator& acc) {
  using AggFn = Aggregate::Fn;
  bool any = acc.count > 0;
  switch (a.fn) {
    case AggFn::kCount:
      return std::to_string(acc.count);
    case AggFn::kCountDistinct:
      return std::to_string(acc.distinct.size());
    case AggFn::kSum:
      return FormatNumber(acc.sum);
    case AggFn::kAvg:
      return any ? FormatNumber(acc.sum / static_cast<double>(acc.count)) : "";
    case AggFn::kMin:
      return any ? FormatNumber(acc.min) : "";
    case AggFn::kMax:
      return any ? FormatNumber(acc.max) : "";
    case AggFn::kStddev:
      return !any ? ""
                  : FormatNumber(
                        acc.count < 2 ? 0 : std::sqrt(acc.m2 / static_cast<double>(acc.count - 1)));
    case AggFn::kEarliest:
    case AggFn::kLatest:
    case AggFn::kSortsFirst:
    case AggFn::kSortsLast:
      return acc.chosen.Text();
    case AggFn::kPct: {
      if (acc.values.empty()) return "";
      size_t rank =
          static_cast<size_t>(std::ceil(a.pct / 100 * static_cast<double>(acc.values.size())));
      size_t idx = rank == 0 ? 0 : std::min(acc.values.size() - 1, rank - 1);
      std::nth_element(acc.values.begin(), acc.values.begin() + static_cast<ptrdiff_t>(idx),
                       acc.values.end());
      return FormatNumber(acc.values[idx]);
    }
  }
  return "";
}

}  // namespace waggle::lang::cw_insights
