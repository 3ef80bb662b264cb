#include "query/traces/trace_reads.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

#include "store/head/schema.h"

namespace waggle::query {
namespace {

namespace schema = store::schema;
using store::ColumnType;

bool EnvironmentMatches(const store::TableSnapshot& t, std::string_view environment) {
  return environment.empty() || t.id.environment == environment;
}

bool TimeOverlaps(const store::TablePart& part, int64_t start_ns, int64_t end_ns) {
  if (part.rows() == 0) return false;
  if (start_ns != 0 && part.max_time_ns() < start_ns) return false;
  if (end_ns != 0 && part.min_time_ns() >= end_ns) return false;
  return true;
}

// Rows of `ids` (a fixed16 column) equal to `id`.
std::vector<uint32_t> MatchingRows(const store::Column& ids, const model::TraceId& id) {
  std::vector<uint32_t> rows;
  const char* data = ids.bytes.data();
  for (uint32_t r = 0; r < ids.rows; ++r) {
    if (std::memcmp(data + size_t{r} * 16, id.data(), 16) == 0 && ids.IsPresent(r))
      rows.push_back(r);
  }
  return rows;
}

// Orders spans depth-first from the roots, siblings by start time.
std::vector<Row> WaterfallOrder(std::vector<Row> spans) {
  std::sort(spans.begin(), spans.end(), [](const Row& a, const Row& b) {
    return a.Int(schema::kTimestamp) < b.Int(schema::kTimestamp);
  });
  std::unordered_map<std::string_view, size_t> by_id;
  for (size_t i = 0; i < spans.size(); ++i) by_id.emplace(spans[i].Str(schema::kSpanId), i);
  std::vector<std::vector<size_t>> children(spans.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < spans.size(); ++i) {
    auto parent = by_id.find(spans[i].Str(schema::kParentId));
    if (spans[i].Find(schema::kParentId) == nullptr || parent == by_id.end() ||
        parent->second == i) {
      roots.push_back(i);
    } else {
      children[parent->second].push_back(i);
    }
  }
  std::vector<Row> out;
  std::vector<bool> seen(spans.size(), false);
  std::vector<size_t> stack(roots.rbegin(), roots.rend());
  while (!stack.empty()) {
    size_t i = stack.back();
    stack.pop_back();
    if (seen[i]) continue;
    seen[i] = true;
    out.push_back(std::move(spans[i]));
    for (auto it = children[i].rbegin(); it != children[i].rend(); ++it) stack.push_back(*it);
  }
  // Spans caught in a parent cycle are appended rather than lost.
  for (size_t i = 0; i < spans.size(); ++i) {
    if (!seen[i]) out.push_back(std::move(spans[i]));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Row>> FindTrace(const std::vector<store::TableSnapshot>& tables,
                                           std::string_view environment, const model::TraceId& id) {
  std::vector<Row> spans;
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kSpans || !EnvironmentMatches(t, environment)) continue;
    for (const auto& part : t.parts) {
      if (part->rows() == 0 || !part->MayContainTrace(id)) continue;
      ASSIGN_OR_RETURN(auto ids, ReadColumn(*part, schema::kTraceId, ColumnType::kFixed16));
      if (ids == nullptr) continue;
      std::vector<uint32_t> rows = MatchingRows(*ids, id);
      if (rows.empty()) continue;
      ASSIGN_OR_RETURN(std::vector<Row> found, ReadRows(t.id, *part, rows));
      for (Row& r : found) spans.push_back(std::move(r));
    }
  }
  return WaterfallOrder(std::move(spans));
}

namespace {

struct SpanColumns {
  std::shared_ptr<const store::Column> time, duration, trace, parent, name, status, service;
};

absl::StatusOr<SpanColumns> ReadSummaryColumns(const store::TablePart& part) {
  SpanColumns c;
  ASSIGN_OR_RETURN(c.time, ReadColumn(part, schema::kTimestamp, ColumnType::kInt64));
  ASSIGN_OR_RETURN(c.duration, ReadColumn(part, schema::kDurationNs, ColumnType::kInt64));
  ASSIGN_OR_RETURN(c.trace, ReadColumn(part, schema::kTraceId, ColumnType::kFixed16));
  ASSIGN_OR_RETURN(c.parent, ReadColumn(part, schema::kParentId, ColumnType::kFixed8));
  ASSIGN_OR_RETURN(c.name, ReadColumn(part, schema::kName, ColumnType::kString));
  ASSIGN_OR_RETURN(c.status, ReadColumn(part, schema::kStatusCode, ColumnType::kInt64));
  ASSIGN_OR_RETURN(c.service, ReadColumn(part, "r:service.name", ColumnType::kString));
  return c;
}

void AddSpan(const SpanColumns& c, uint32_t r, const std::string& dataset, std::string_view service,
             TraceSummary& t) {
  int64_t start = c.time->ints[r];
  int64_t end = start + (c.duration ? c.duration->ints[r] : 0);
  if (t.span_count == 0 || start < t.start_ns) t.start_ns = start;
  if (t.span_count == 0 || end > t.end_ns) t.end_ns = end;
  ++t.span_count;
  if (c.status && c.status->ints[r] == 2) t.error = true;
  bool root = c.parent == nullptr || !c.parent->IsPresent(r);
  if (!service.empty() && !t.has_service && c.service && c.service->IsPresent(r)) {
    t.has_service = c.service->StringAt(r) == service;
  }
  if (root) {
    t.root_name = c.name ? std::string(c.name->StringAt(r)) : "";
    t.root_service =
        c.service && c.service->IsPresent(r) ? std::string(c.service->StringAt(r)) : "";
    t.dataset = dataset;
  } else if (t.dataset.empty()) {
    t.dataset = dataset;
  }
}

bool Matches(const TraceSummary& t, const TraceFilter& f) {
  if (!f.service.empty() && !t.has_service) return false;
  if (f.only_errors && !t.error) return false;
  if (static_cast<double>(t.end_ns - t.start_ns) / 1e6 < f.min_duration_ms) return false;
  if (f.start_ns != 0 && t.start_ns < f.start_ns) return false;
  if (f.end_ns != 0 && t.start_ns >= f.end_ns) return false;
  return true;
}

}  // namespace

absl::StatusOr<std::vector<TraceSummary>> RecentTraces(
    const std::vector<store::TableSnapshot>& tables, const TraceFilter& filter) {
  absl::flat_hash_map<model::TraceId, TraceSummary> traces;
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kSpans || !EnvironmentMatches(t, filter.environment))
      continue;
    if (!filter.dataset.empty() && t.id.dataset != filter.dataset) continue;
    for (const auto& part : t.parts) {
      if (!TimeOverlaps(*part, filter.start_ns, filter.end_ns)) continue;
      ASSIGN_OR_RETURN(SpanColumns c, ReadSummaryColumns(*part));
      if (c.time == nullptr || c.trace == nullptr) continue;
      traces.reserve(traces.size() + part->rows() / 4);
      for (uint32_t r = 0; r < part->rows(); ++r) {
        model::TraceId id;
        std::memcpy(id.data(), c.trace->bytes.data() + size_t{r} * 16, 16);
        TraceSummary& s = traces[id];
        s.trace_id = id;
        AddSpan(c, r, t.id.dataset, filter.service, s);
      }
    }
  }
  std::vector<TraceSummary> out;
  for (auto& [id, s] : traces) {
    if (Matches(s, filter)) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const TraceSummary& a, const TraceSummary& b) { return a.start_ns > b.start_ns; });
  if (out.size() > filter.limit) out.resize(filter.limit);
  return out;
}

absl::StatusOr<std::vector<TraceStart>> RecentTraceStarts(
    const std::vector<store::TableSnapshot>& tables, std::string_view environment, int64_t start_ns,
    int64_t end_ns, size_t limit) {
  absl::flat_hash_map<model::TraceId, int64_t, model::TraceIdHash, model::TraceIdEq> starts;
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kSpans || !EnvironmentMatches(t, environment)) continue;
    for (const auto& part : t.parts) {
      if (!TimeOverlaps(*part, start_ns, end_ns)) continue;
      ASSIGN_OR_RETURN(auto time, ReadColumn(*part, schema::kTimestamp, ColumnType::kInt64));
      ASSIGN_OR_RETURN(auto trace, ReadColumn(*part, schema::kTraceId, ColumnType::kFixed16));
      if (time == nullptr || trace == nullptr) continue;
      starts.reserve(starts.size() + part->rows() / 4);
      for (uint32_t r = 0; r < part->rows(); ++r) {
        model::TraceId id;
        std::memcpy(id.data(), trace->bytes.data() + size_t{r} * 16, 16);
        auto [it, added] = starts.try_emplace(id, time->ints[r]);
        if (!added && time->ints[r] < it->second) it->second = time->ints[r];
      }
    }
  }
  std::vector<TraceStart> out;
  for (const auto& [id, start] : starts) {
    if ((start_ns == 0 || start >= start_ns) && (end_ns == 0 || start < end_ns)) {
      out.push_back({id, start});
    }
  }
  auto newer = [](const TraceStart& a, const TraceStart& b) {
    return a.start_ns != b.start_ns ? a.start_ns > b.start_ns : a.trace_id < b.trace_id;
  };
  if (out.size() > limit) {
    std::nth_element(out.begin(), out.begin() + static_cast<ptrdiff_t>(limit), out.end(), newer);
    out.resize(limit);
  }
  std::sort(out.begin(), out.end(), newer);
  return out;
}

namespace {

struct LogHit {
  int64_t time;
  const store::TableSnapshot* table;
  const store::TablePart* part;
  uint32_t row;
};

// Leaves the `limit` newest hits (in no particular order).
void KeepNewest(std::vector<LogHit>& hits, size_t limit) {
  if (hits.size() <= limit) return;
  std::nth_element(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(limit), hits.end(),
                   [](const LogHit& a, const LogHit& b) { return a.time > b.time; });
  hits.resize(limit);
}

}  // namespace

absl::StatusOr<std::vector<Row>> FindLogs(const std::vector<store::TableSnapshot>& tables,
                                          const LogFilter& filter) {
  std::vector<LogHit> hits;
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kLogs || !EnvironmentMatches(t, filter.environment))
      continue;
    if (!filter.dataset.empty() && t.id.dataset != filter.dataset) continue;
    for (const auto& part : t.parts) {
      if (!TimeOverlaps(*part, filter.start_ns, filter.end_ns)) continue;
      ASSIGN_OR_RETURN(auto time, ReadColumn(*part, schema::kTimestamp, ColumnType::kInt64));
      std::shared_ptr<const store::Column> ids;
      if (filter.trace_id) {
        ASSIGN_OR_RETURN(ids, ReadColumn(*part, schema::kTraceId, ColumnType::kFixed16));
        if (ids == nullptr) continue;
      }
      for (uint32_t r = 0; r < part->rows(); ++r) {
        int64_t ts = time->ints[r];
        if ((filter.start_ns != 0 && ts < filter.start_ns) ||
            (filter.end_ns != 0 && ts >= filter.end_ns))
          continue;
        if (ids && (!ids->IsPresent(r) || std::memcmp(ids->bytes.data() + size_t{r} * 16,
                                                      filter.trace_id->data(), 16) != 0)) {
          continue;
        }
        hits.push_back({ts, &t, part.get(), r});
        // Keep only the newest candidates so memory stays bounded by limit.
        if (hits.size() >= 4 * filter.limit + 1024) KeepNewest(hits, filter.limit);
      }
    }
  }
  KeepNewest(hits, filter.limit);
  std::sort(hits.begin(), hits.end(),
            [](const LogHit& a, const LogHit& b) { return a.time > b.time; });
  // Materialize per part so each column is read once.
  std::map<const store::TablePart*, std::vector<size_t>> by_part;
  for (size_t i = 0; i < hits.size(); ++i) by_part[hits[i].part].push_back(i);
  std::vector<Row> out(hits.size());
  for (auto& [part, indexes] : by_part) {
    std::sort(indexes.begin(), indexes.end(),
              [&](size_t a, size_t b) { return hits[a].row < hits[b].row; });
    std::vector<uint32_t> rows;
    for (size_t i : indexes) rows.push_back(hits[i].row);
    ASSIGN_OR_RETURN(std::vector<Row> found, ReadRows(hits[indexes[0]].table->id, *part, rows));
    for (size_t k = 0; k < indexes.size(); ++k) out[indexes[k]] = std::move(found[k]);
  }
  return out;
}

}  // namespace waggle::query
