// Decodes a WAL record of any protocol back into a batch (the store's
// ReplayDecoder). Decoding is deterministic, so replay yields exactly the
// rows the original request stored, with the same items rejected.
#pragma once

#include <string_view>

#include "core/status.h"
#include "model/event_batch.h"

namespace waggle::ingest {

// Decodes `payload` of WAL record type `type` into `batch`.
absl::Status DecodeRecord(uint8_t type, std::string_view payload, model::EventBatch* batch);

}  // namespace waggle::ingest
