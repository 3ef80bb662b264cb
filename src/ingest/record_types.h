// The WAL record types: which decoder turns a record's payload back into
// rows on replay. Values are stored on disk: append, never renumber.
#pragma once

#include <cstdint>

namespace waggle::ingest {

enum class RecordType : uint8_t {
  kOtlpTracesProto = 1,
  kOtlpTracesJson = 2,
  kOtlpLogsProto = 3,
  kOtlpLogsJson = 4,
  kXraySegments = 5,       // X-Ray segment documents (daemon datagrams or PutTraceSegments)
  kCloudWatchLogEvents = 6,  // a PutLogEvents request
  kRollbarOccurrence = 7,  // a Rollbar item payload, scrubbed, with its assigned item
};

}  // namespace waggle::ingest
