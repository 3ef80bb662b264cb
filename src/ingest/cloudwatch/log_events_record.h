// The WAL record of one PutLogEvents request (RecordType::kCloudWatchLogEvents)
// and its decoding into log records. The record carries exactly what the rows
// need, so the live request and WAL replay build identical rows through the
// same DecodeLogEventsRecord. Format (docs/formats/cloudwatch-log-events.md):
//
//   record  := version:u8(=1) group:lp stream:lp ingestion_ms:varint
//              first_sequence:varint count:varint event{count}
//   event   := zigzag(timestamp_ms):varint message:lp
//   lp      := length:varint bytes
//
// Event i of the record has sequence number first_sequence + i: with the
// timestamp it orders a stream (ties by arrival) and forms the event id.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/cloudwatch/put_log_events.h"
#include "model/event_batch.h"

namespace waggle::ingest::cloudwatch {

// Stored attribute keys (columns "a:<key>" of the log group's dataset).
inline constexpr std::string_view kGroupAttr = "aws.log.group.name";              // string
inline constexpr std::string_view kStreamAttr = "aws.log.stream.name";            // string
inline constexpr std::string_view kIngestionTimeAttr = "aws.log.ingestion_time";  // int, ms
inline constexpr std::string_view kSequenceAttr = "aws.log.sequence";             // int
// The scope name of every CloudWatch log record.
inline constexpr std::string_view kScopeName = "aws.cloudwatch.logs";

inline constexpr uint8_t kLogEventsRecordVersion = 1;

struct LogEventsRecordHeader {
  std::string_view group;
  std::string_view stream;
  int64_t ingestion_ms = 0;
  uint64_t first_sequence = 0;
};

// Encodes the record for `events` (already accepted) under `header`.
std::string EncodeLogEventsRecord(const LogEventsRecordHeader& header, const InputEvent* events,
                                  size_t count);

// Appends one log record per event of `payload` to `batch` (dataset = the
// log group), with views into `payload`, which must outlive the batch.
// DataLoss if the payload is truncated or malformed.
absl::Status DecodeLogEventsRecord(std::string_view payload, model::EventBatch* batch);

}  // namespace waggle::ingest::cloudwatch
