// JSON shapes of the Rollbar read API (specs/rollbar.md §2.4, §2.7): items
// and occurrences ("instances"). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "meta/error_items_table.h"

namespace waggle::api::rollbar {

// Writes the item object (Rollbar's field names; timestamps in unix seconds).
void WriteItem(const meta::ItemRow& item, core::JsonWriter& w);

// An occurrence as stored: the control-plane row plus the column-store row.
struct StoredOccurrence {
  meta::OccurrenceRow row;
  std::string payload_json;  // the scrubbed `data` object; "" if the row was not found
  std::string trace_id;      // hex, "" if the occurrence links no trace
  std::string span_id;       // hex, "" if none
};

// Writes {id, item_id, project_id, timestamp, version, data, trace_id?}
// where data is the payload plus `metadata` (customer_timestamp,
// timestamp_ms) when the payload is an object.
void WriteOccurrence(const StoredOccurrence& occ, core::JsonWriter& w);

}  // namespace waggle::api::rollbar
