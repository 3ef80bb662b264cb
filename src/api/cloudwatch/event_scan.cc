#include "api/cloudwatch/event_scan.h"

#include <algorithm>

#include "ingest/cloudwatch/log_events_record.h"
#include "query/traces/rows.h"
#include "store/head/schema.h"

namespace waggle::api::cloudwatch {
namespace {

using store::ColumnType;

constexpr int64_t kNsPerMs = 1'000'000;
// Timestamps kept in ns must fit an int64 (ingest bounds them far below).
constexpr int64_t kMaxMs = INT64_MAX / kNsPerMs - 1;

std::string AttrColumn(std::string_view key) {
  std::string name(store::schema::kSpanAttr);
  name.append(key);
  return name;
}

// Whether `part` may hold an event the scan wants: its time range meets the
// window, narrowed by the paging positions (a page resumes after `after`, so
// parts wholly older than it are skipped instead of re-read every round).
bool Overlaps(const store::TablePart& part, const ScanSpec& spec) {
  if (part.rows() == 0) return false;
  int64_t lo_ms = spec.min_timestamp_ms;
  int64_t hi_ms = spec.max_timestamp_ms;
  if (spec.after) lo_ms = std::max(lo_ms, spec.after->timestamp_ms);
  if (spec.before) hi_ms = std::min(hi_ms, spec.before->timestamp_ms);
  int64_t lo = std::clamp<int64_t>(lo_ms, 0, kMaxMs) * kNsPerMs;
  int64_t hi = std::clamp<int64_t>(hi_ms, 0, kMaxMs) * kNsPerMs + kNsPerMs - 1;
  return part.max_time_ns() >= lo && part.min_time_ns() <= hi;
}

// Column `name` of `type` of `part`, decoded at least at `rows` (ascending);
// nullptr if absent. Segments then decode only the blocks holding `rows`.
absl::StatusOr<std::shared_ptr<const store::Column>> ReadColumnRows(
    const store::TablePart& part, std::string_view name, ColumnType type,
    const std::vector<uint32_t>& rows) {
  for (const store::ColumnKey& key : part.Keys()) {
    if (key.type == type && key.name == name) return part.ReadRows(key, rows);
  }
  return std::shared_ptr<const store::Column>();
}

bool InWindow(const EventKey& key, const ScanSpec& spec) {
  if (key.timestamp_ms < spec.min_timestamp_ms || key.timestamp_ms > spec.max_timestamp_ms) {
    return false;
  }
  if (spec.after && key <= *spec.after) return false;
  if (spec.before && key >= *spec.before) return false;
  return true;
}

}  // namespace

absl::StatusOr<EventScan> EventScan::Run(const std::vector<store::TableSnapshot>& tables,
                                         const ScanSpec& spec) {
  EventScan scan;
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kLogs || t.id.environment != spec.environment ||
        t.id.dataset != spec.group) {
      continue;
    }
    for (const auto& part : t.parts) {
      if (Overlaps(*part, spec)) RETURN_IF_ERROR(scan.ScanPart(part, spec));
    }
  }
  scan.Trim(spec);
  std::sort(scan.candidates_.begin(), scan.candidates_.end(),
            [](const Candidate& a, const Candidate& b) { return a.key < b.key; });
  // Each part's kept rows, so its messages are decoded only where needed.
  for (const Candidate& c : scan.candidates_) scan.parts_[c.part].rows.push_back(c.row);
  for (PartColumns& p : scan.parts_) std::sort(p.rows.begin(), p.rows.end());
  return scan;
}

absl::Status EventScan::ScanPart(const std::shared_ptr<const store::TablePart>& part,
                                 const ScanSpec& spec) {
  using ingest::cloudwatch::kSequenceAttr;
  using ingest::cloudwatch::kStreamAttr;
  ASSIGN_OR_RETURN(auto time,
                   query::ReadColumn(*part, store::schema::kTimestamp, ColumnType::kInt64));
  ASSIGN_OR_RETURN(auto seq,
                   query::ReadColumn(*part, AttrColumn(kSequenceAttr), ColumnType::kInt64));
  ASSIGN_OR_RETURN(auto stream,
                   query::ReadColumn(*part, AttrColumn(kStreamAttr), ColumnType::kString));
  if (time == nullptr || seq == nullptr || stream == nullptr) return absl::OkStatus();
  const uint32_t index = static_cast<uint32_t>(parts_.size());
  parts_.push_back({part, stream, {}, nullptr, nullptr});
  std::string_view last_name;
  int64_t min_sequence = INT64_MAX;  // for last_name; INT64_MAX = hidden
  bool have_last = false;
  for (uint32_t r = 0; r < part->rows(); ++r) {
    if (!seq->IsPresent(r) || !stream->IsPresent(r)) continue;
    EventKey key{time->ints[r] / kNsPerMs, seq->ints[r]};
    if (!InWindow(key, spec)) continue;
    std::string_view name = stream->StringAt(r);
    if (!have_last || name != last_name) {
      auto it = spec.streams.find(name);
      min_sequence = it == spec.streams.end() ? INT64_MAX : it->second;
      last_name = name;
      have_last = true;
    }
    if (key.sequence < min_sequence) continue;
    candidates_.push_back({key, index, r});
    // Trim as we go so memory stays bounded by max_candidates.
    if (candidates_.size() >= 2 * spec.max_candidates + 1024) Trim(spec);
  }
  return absl::OkStatus();
}

void EventScan::Trim(const ScanSpec& spec) {
  if (candidates_.size() <= spec.max_candidates) return;
  auto nth = candidates_.begin() + static_cast<ptrdiff_t>(spec.max_candidates);
  if (spec.newest) {
    std::nth_element(candidates_.begin(), nth, candidates_.end(),
                     [](const Candidate& a, const Candidate& b) { return b.key < a.key; });
  } else {
    std::nth_element(candidates_.begin(), nth, candidates_.end(),
                     [](const Candidate& a, const Candidate& b) { return a.key < b.key; });
  }
  candidates_.resize(spec.max_candidates);
  truncated_ = true;
}

absl::Status EventScan::LoadPayload(PartColumns& p) {
  if (p.body != nullptr) return absl::OkStatus();
  using ingest::cloudwatch::kIngestionTimeAttr;
  ASSIGN_OR_RETURN(p.body,
                   ReadColumnRows(*p.part, store::schema::kBody, ColumnType::kString, p.rows));
  ASSIGN_OR_RETURN(p.ingestion, ReadColumnRows(*p.part, AttrColumn(kIngestionTimeAttr),
                                               ColumnType::kInt64, p.rows));
  if (p.body == nullptr) return absl::DataLossError("a CloudWatch log event has no message");
  return absl::OkStatus();
}

absl::StatusOr<std::string_view> EventScan::Message(size_t i) {
  const Candidate& c = candidates_[i];
  PartColumns& p = parts_[c.part];
  RETURN_IF_ERROR(LoadPayload(p));
  if (!p.body->IsPresent(c.row)) return std::string_view();
  return p.body->StringAt(c.row);
}

absl::StatusOr<LogEvent> EventScan::Read(size_t i) {
  const Candidate& c = candidates_[i];
  ASSIGN_OR_RETURN(std::string_view message, Message(i));
  PartColumns& p = parts_[c.part];
  LogEvent e;
  e.key = c.key;
  e.stream = std::string(p.stream->StringAt(c.row));
  e.message = std::string(message);
  if (p.ingestion != nullptr && p.ingestion->IsPresent(c.row))
    e.ingestion_ms = p.ingestion->ints[c.row];
  return e;
}

}  // namespace waggle::api::cloudwatch
