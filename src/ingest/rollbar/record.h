// The WAL record of one Rollbar occurrence (RecordType::kRollbarOccurrence)
// and its mapping onto the unified model.
//
// The item is assigned in the control plane BEFORE the record is written,
// so the record carries the assignment and replay rebuilds the same row
// without touching SQLite:
//
//   record      := version:u8 (=1) occurrence_id:varint item_id:varint
//                  item_counter:varint ingest_ns:fixed64
//                  fingerprint:lp uuid:lp data_json:rest
//   lp          := length:varint bytes
//
// `data_json` is the payload's `data` object after scrubbing (the access
// token is never in it). The WAL frames and checksums the record.
//
// The row: one log record in dataset "errors" (kErrorsDataset), stamped
// with the receive time, severity from the level, body = the occurrence's
// title, the trace/span id when the payload links one, and attributes
// rollbar.* / exception.* / request.* / ... with the whole scrubbed payload
// as `rollbar.payload` (JSON object text). Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/rollbar/occurrence.h"
#include "model/event_batch.h"

namespace waggle::ingest::rollbar {

inline constexpr std::string_view kErrorsDataset = "errors";

struct RecordHeader {
  int64_t occurrence_id = 0;
  int64_t item_id = 0;
  int64_t item_counter = 0;
  int64_t ingest_ns = 0;  // server receive time: the occurrence's timestamp
  std::string fingerprint;
  std::string uuid;
};

// Serializes `header` and `data_json` as one record (grammar above).
std::string EncodeRecord(const RecordHeader& header, std::string_view data_json);

// Splits a record into its header and data JSON (a view into `payload`).
// DataLoss if it is truncated or of an unknown version.
absl::Status DecodeRecordHeader(std::string_view payload, RecordHeader* header,
                                std::string_view* data_json);

// Appends the row for a record to `batch` (strings copied into its arena).
// DataLoss for a malformed record; the data's own errors as ParseOccurrence.
// Used by WAL replay; equal to DecodeRecordHeader, ParseOccurrenceJson and
// AppendOccurrenceRow.
absl::Status DecodeOccurrenceRecord(std::string_view payload, model::EventBatch* batch);

// Appends the row of an occurrence to `batch` (strings copied into its
// arena): `occurrence` is `data_json` as read by ParseOccurrenceJson. The
// ingest path, which has parsed the data already, calls this directly.
void AppendOccurrenceRow(const RecordHeader& header, const Occurrence& occurrence,
                         std::string_view data_json, model::EventBatch* batch);

// Renders every trace of `occurrence` as readable stack text, raised
// exception first, each with its frames most recent call last.
std::string RenderStackTrace(const Occurrence& occurrence);

}  // namespace waggle::ingest::rollbar
