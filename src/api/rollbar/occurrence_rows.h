// Reads stored occurrences back out of the column store: the rows of
// dataset "errors" whose `rollbar.occurrence_id` attribute is wanted. The
// control plane gives each occurrence's receive time, which is the row's
// timestamp, so only parts covering those times are read.
#pragma once

#include <vector>

#include "api/rollbar/render.h"
#include "meta/error_items_table.h"
#include "store/catalog/table_part.h"

namespace waggle::api::rollbar {

// One StoredOccurrence per element of `rows`, in the same order; an
// occurrence whose row is not (or no longer) in the store keeps an empty
// payload. Reads only tables of `tenant`.
absl::StatusOr<std::vector<StoredOccurrence>> FindOccurrences(
    const std::vector<store::TableSnapshot>& tables, std::string_view tenant,
    const std::vector<meta::OccurrenceRow>& rows);

}  // namespace waggle::api::rollbar
