#include "query/bubbleup/bubbleup.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include "query/exec/filter_eval.h"
#include "query/exec/part_column.h"
#include "store/head/schema.h"

namespace waggle::query::bubbleup {
namespace {

namespace schema = store::schema;
using exec::CompiledFilter;
using exec::PartColumn;
using exec::Value;

struct Task {
  store::TableKind kind;
  const store::TablePart* part;
};

int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

absl::Status CheckStop(const BubbleUpOptions& o) {
  if (o.cancelled != nullptr && o.cancelled->load()) return absl::CancelledError("cancelled");
  if (o.deadline_ns != 0 && SteadyNowNs() > o.deadline_ns) {
    return absl::DeadlineExceededError("BubbleUp ran past its time limit; narrow the time range");
  }
  return absl::OkStatus();
}

// Stored columns that are bookkeeping, ids or raw forms of derived columns.
bool IsSkippedStored(std::string_view name) {
  static const std::set<std::string_view> kSkipped = {
      schema::kTimestamp,
      schema::kTraceId,
      schema::kSpanId,
      schema::kParentId,
      schema::kDurationNs,
      schema::kTraceState,
      schema::kFlags,
      schema::kDroppedAttributes,
      schema::kDroppedEvents,
      schema::kDroppedLinks,
      schema::kEvents,
      schema::kLinks,
      schema::kResourceSchemaUrl,
      schema::kResourceDropped,
      schema::kScopeSchemaUrl,
      schema::kScopeDropped,
      schema::kLogTime,
      schema::kLogObserved,
      schema::kIngestTime,
  };
  return kSkipped.contains(name);
}

std::string_view PublicName(std::string_view stored) {
  if (stored.size() > 2 && stored[1] == ':') return stored.substr(2);
  return stored;
}

// The user-facing columns of a part worth comparing.
std::set<std::string> ColumnsOf(store::TableKind kind, const std::vector<store::ColumnKey>& keys) {
  std::set<std::string> out;
  for (const store::ColumnKey& k : keys) {
    if (!IsSkippedStored(k.name)) out.emplace(PublicName(k.name));
  }
  if (kind == store::TableKind::kSpans) {
    out.emplace("duration_ms");
    out.emplace("error");
  }
  return out;
}

// splitmix64: a well-mixed 64-bit hash of `x`, for sampling rows.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Threshold(double fraction) {
  return fraction >= 1 ? UINT64_MAX : static_cast<uint64_t>(fraction * 18446744073709551615.0);
}

// One scan context: the query's filters and the selection over one part.
class PartScan {
 public:
  PartScan(const Selection& sel, const TimeWindow& window, const std::vector<Filter>& filters,
           bool filter_or)
      : sel_(sel), window_(window), filters_(filters), filter_or_(filter_or) {}

  // Rows of the part passing the window and filters, split into the two
  // sets (ascending row numbers each).
  absl::Status Split(const Task& t, std::vector<uint32_t>* selected,
                     std::vector<uint32_t>* baseline) {
    const store::TablePart& part = *t.part;
    keys_ = part.Keys();
    ASSIGN_OR_RETURN(std::shared_ptr<const store::Column> ts,
                     exec::ReadIntColumn(part, keys_, schema::kTimestamp));
    if (ts == nullptr) return absl::OkStatus();
    std::vector<uint32_t> rows;
    rows.reserve(part.rows());
    for (uint32_t r = 0; r < part.rows(); ++r) {
      int64_t x = ts->ints[r];
      if (x >= window_.start_ns && x < window_.end_ns) rows.push_back(r);
    }
    if (!filters_.empty()) {
      std::vector<PartColumn> cols(filters_.size());
      std::vector<const PartColumn*> ptrs;
      std::vector<CompiledFilter> compiled;
      for (size_t i = 0; i < filters_.size(); ++i) {
        ASSIGN_OR_RETURN(cols[i], exec::ResolveColumn(part, keys_, t.kind, filters_[i].column));
        ptrs.push_back(&cols[i]);
        compiled.push_back(CompiledFilter{filters_[i].op, filters_[i].values});
      }
      exec::ApplyFilters(compiled, ptrs, filter_or_, &rows);
    }
    PartColumn band;
    if (!sel_.column.empty()) {
      ASSIGN_OR_RETURN(band, exec::ResolveColumn(part, keys_, t.kind, sel_.column));
    }
    for (uint32_t r : rows) {
      int64_t x = ts->ints[r];
      bool in = x >= sel_.start_ns && x < sel_.end_ns;
      if (in && !sel_.column.empty()) {
        double v = 0;
        in = exec::ToNumber(band.Get(r), &v) && (!sel_.min || v >= *sel_.min) &&
             (!sel_.max || v <= *sel_.max);
      }
      (in ? selected : baseline)->push_back(r);
    }
    return absl::OkStatus();
  }

  const std::vector<store::ColumnKey>& keys() const { return keys_; }

 private:
  const Selection& sel_;
  const TimeWindow& window_;
  const std::vector<Filter>& filters_;
  bool filter_or_;
  std::vector<store::ColumnKey> keys_;
};

// Keeps the rows whose hash falls under `threshold` (a uniform sample).
void Sample(uint64_t seed, uint64_t threshold, std::vector<uint32_t>* rows) {
  if (threshold == UINT64_MAX) return;
  size_t out = 0;
  for (uint32_t r : *rows) {
    if (Mix(seed ^ r) < threshold) (*rows)[out++] = r;
  }
  rows->resize(out);
}

// Counts one column's values over both sets of rows; through dictionary
// codes when the column has them.
void Profile(const PartColumn& col, const std::vector<uint32_t>* sets[2], ColumnProfile* out) {
  const store::Column* dict = col.DictSource();
  for (int s = 0; s < 2; ++s) {
    const std::vector<uint32_t>& rows = *sets[s];
    if (dict == nullptr) {
      for (uint32_t r : rows) out->Add(static_cast<Set>(s), col.Get(r));
      continue;
    }
    size_t n = dict->dict_entries.size();
    std::vector<uint64_t> counts(n + 1, 0);  // slot n: absent
    for (uint32_t r : rows) ++counts[dict->IsPresent(r) ? dict->dict_codes[r] : n];
    for (size_t d = 0; d <= n; ++d) {
      if (counts[d] == 0) continue;
      Value v = d == n ? Value{} : Value{exec::ValueType::kString, 0, 0, dict->dict_entries[d]};
      out->Add(static_cast<Set>(s), v, counts[d]);
    }
  }
}

// Runs `fn(i)` for every task on the pool (or inline); the first error wins.
template <typename Fn>
absl::Status ForEachTask(size_t n, const BubbleUpOptions& o, const Fn& fn) {
  std::mutex mu;
  std::condition_variable cv;
  size_t done = 0;
  absl::Status status;
  auto run = [&](size_t i) {
    absl::Status s = CheckStop(o);
    if (s.ok()) s = fn(i);
    std::lock_guard<std::mutex> lock(mu);
    if (!s.ok() && status.ok()) status = s;
    ++done;
    cv.notify_all();
  };
  for (size_t i = 0; i < n; ++i) {
    if (o.pool == nullptr || !o.pool->Submit([&run, i] { run(i); })) run(i);
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done == n; });
  return status;
}

absl::Status ValidateSelection(const Selection& sel) {
  if (sel.end_ns <= sel.start_ns) {
    return absl::InvalidArgumentError("selection: end_time must be after start_time");
  }
  if ((sel.min || sel.max) && sel.column.empty()) {
    return absl::InvalidArgumentError("selection: min and max need a column");
  }
  if (sel.min && sel.max && *sel.min > *sel.max) {
    return absl::InvalidArgumentError("selection: min must not exceed max");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BubbleUpResult> RunBubbleUp(const QuerySpec& query, const Selection& sel,
                                           const std::vector<store::TableSnapshot>& tables,
                                           const BubbleUpOptions& o) {
  const int64_t started = SteadyNowNs();
  RETURN_IF_ERROR(ValidateSelection(sel));
  BubbleUpResult result;
  ASSIGN_OR_RETURN(result.window, ResolveTimeWindow(query, o.now_ns));
  std::vector<Task> tasks;
  for (const store::TableSnapshot& t : tables) {
    for (const auto& part : t.parts) {
      if (part->rows() == 0 || part->max_time_ns() < result.window.start_ns ||
          part->min_time_ns() >= result.window.end_ns) {
        continue;
      }
      tasks.push_back({t.id.kind, part.get()});
    }
  }
  result.parts_scanned = tasks.size();

  // Pass 1: the size of each set, for the sampling fractions.
  std::mutex mu;
  RETURN_IF_ERROR(ForEachTask(tasks.size(), o, [&](size_t i) -> absl::Status {
    PartScan scan(sel, result.window, query.filters, query.filter_or);
    std::vector<uint32_t> selected, baseline;
    RETURN_IF_ERROR(scan.Split(tasks[i], &selected, &baseline));
    std::lock_guard<std::mutex> lock(mu);
    result.selection_count += selected.size();
    result.baseline_count += baseline.size();
    return absl::OkStatus();
  }));
  auto fraction = [&](uint64_t n) {
    return n <= o.max_rows_per_set ? 1.0 : static_cast<double>(o.max_rows_per_set) / n;
  };
  result.selection_sample = fraction(result.selection_count);
  result.baseline_sample = fraction(result.baseline_count);
  const uint64_t thresholds[2] = {Threshold(result.selection_sample),
                                  Threshold(result.baseline_sample)};

  // Pass 2: profile every column over the sampled rows.
  std::map<std::string, ColumnProfile> profiles;
  uint64_t sampled[2] = {0, 0};
  RETURN_IF_ERROR(ForEachTask(tasks.size(), o, [&](size_t i) -> absl::Status {
    PartScan scan(sel, result.window, query.filters, query.filter_or);
    std::vector<uint32_t> rows[2];
    RETURN_IF_ERROR(scan.Split(tasks[i], &rows[0], &rows[1]));
    for (int s = 0; s < 2; ++s) Sample(Mix(i * 2 + s), thresholds[s], &rows[s]);
    const std::vector<uint32_t>* sets[2] = {&rows[0], &rows[1]};
    // The profiles view the columns' strings: both live until the merge.
    std::deque<PartColumn> columns;  // a deque: growing it moves no column
    std::vector<std::pair<std::string, ColumnProfile>> local;
    for (const std::string& name : ColumnsOf(tasks[i].kind, scan.keys())) {
      if (local.size() >= o.max_columns) break;
      ASSIGN_OR_RETURN(PartColumn col,
                       exec::ResolveColumn(*tasks[i].part, scan.keys(), tasks[i].kind, name));
      columns.push_back(std::move(col));
      ColumnProfile p;
      Profile(columns.back(), sets, &p);
      local.emplace_back(name, std::move(p));
    }
    // Merged while the part's columns (which the profiles view) are alive.
    std::lock_guard<std::mutex> lock(mu);
    sampled[0] += rows[0].size();
    sampled[1] += rows[1].size();
    for (auto& [name, p] : local) {
      if (profiles.size() < o.max_columns || profiles.contains(name)) {
        profiles[name].Merge(std::move(p));
      }
    }
    return absl::OkStatus();
  }));
  for (auto& [name, p] : profiles) {
    p.PadMissing(sampled[0], sampled[1]);
    if (std::optional<ColumnDiff> d = p.Finalize(name, o.finalize)) {
      result.columns.push_back(std::move(*d));
    }
  }
  std::stable_sort(result.columns.begin(), result.columns.end(),
                   [](const ColumnDiff& a, const ColumnDiff& b) { return a.score > b.score; });
  result.elapsed_ms = static_cast<double>(SteadyNowNs() - started) / 1e6;
  return result;
}

}  // namespace waggle::query::bubbleup
