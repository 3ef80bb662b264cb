// Scans one table part for a plan: selects rows in the window that pass the
// filters, groups them by the breakdown values, and fills a GroupState.
// Thread-safe for distinct parts (reads only the part and the plan).
#pragma once

#include <string>

#include "absl/container/flat_hash_set.h"
#include "query/exec/group_state.h"
#include "store/catalog/table_part.h"

namespace waggle::query::exec {

struct ScanCounters {
  uint64_t rows_scanned = 0;
  uint64_t rows_matched = 0;
};

// Scans `part`. With `keep`, rows of groups whose key bytes are not in it
// are skipped and the state always keeps the series (a second pass for
// the kept groups). DataLoss on corrupt data.
absl::StatusOr<GroupState> ScanPart(const Plan& plan, store::TableKind kind,
                                    const store::TablePart& part,
                                    const absl::flat_hash_set<std::string>* keep,
                                    ScanCounters* counters);

}  // namespace waggle::query::exec
