#include "api/rollbar/occurrence_rows.h"

#include <algorithm>
#include <unordered_map>

#include "ingest/rollbar/record.h"
#include "model/ids.h"
#include "query/traces/rows.h"
#include "store/head/schema.h"

namespace waggle::api::rollbar {
namespace {

namespace schema = store::schema;

constexpr std::string_view kOccurrenceIdColumn = "a:rollbar.occurrence_id";
constexpr std::string_view kPayloadColumn = "a:rollbar.payload";

// Fills the wanted occurrences found in `part`.
absl::Status ReadPart(const store::TableId& table, const store::TablePart& part,
                      const std::unordered_map<int64_t, size_t>& wanted,
                      std::vector<StoredOccurrence>* out) {
  ASSIGN_OR_RETURN(auto ids,
                   query::ReadColumn(part, kOccurrenceIdColumn, store::ColumnType::kInt64));
  if (ids == nullptr) return absl::OkStatus();
  std::vector<uint32_t> rows;
  std::vector<size_t> slots;
  for (uint32_t r = 0; r < part.rows(); ++r) {
    if (!ids->IsPresent(r)) continue;
    auto it = wanted.find(ids->ints[r]);
    if (it == wanted.end()) continue;
    rows.push_back(r);
    slots.push_back(it->second);
  }
  if (rows.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<query::Row> found, query::ReadRows(table, part, rows));
  for (size_t k = 0; k < found.size(); ++k) {
    StoredOccurrence& occ = (*out)[slots[k]];
    occ.payload_json = std::string(found[k].Str(kPayloadColumn));
    std::string_view trace = found[k].Str(schema::kTraceId);
    if (auto id = model::IdFromBytes<16>(trace); id && !model::IsZeroId(*id)) {
      occ.trace_id = model::IdToHex(*id);
    }
    std::string_view span = found[k].Str(schema::kSpanId);
    if (auto id = model::IdFromBytes<8>(span); id && !model::IsZeroId(*id)) {
      occ.span_id = model::IdToHex(*id);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<StoredOccurrence>> FindOccurrences(
    const std::vector<store::TableSnapshot>& tables, std::string_view tenant,
    const std::vector<meta::OccurrenceRow>& rows) {
  std::vector<StoredOccurrence> out(rows.size());
  if (rows.empty()) return out;
  std::unordered_map<int64_t, size_t> wanted;
  int64_t min_ns = rows[0].timestamp_ns, max_ns = rows[0].timestamp_ns;
  for (size_t i = 0; i < rows.size(); ++i) {
    out[i].row = rows[i];
    wanted[rows[i].id] = i;
    min_ns = std::min(min_ns, rows[i].timestamp_ns);
    max_ns = std::max(max_ns, rows[i].timestamp_ns);
  }
  for (const store::TableSnapshot& t : tables) {
    if (t.id.kind != store::TableKind::kLogs || t.id.environment != tenant ||
        t.id.dataset != ingest::rollbar::kErrorsDataset) {
      continue;
    }
    for (const auto& part : t.parts) {
      if (part->max_time_ns() < min_ns || part->min_time_ns() > max_ns) continue;
      RETURN_IF_ERROR(ReadPart(t.id, *part, wanted, &out));
    }
  }
  return out;
}

}  // namespace waggle::api::rollbar
