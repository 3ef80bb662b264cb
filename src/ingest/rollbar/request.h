// The envelope of a Rollbar item POST (specs/rollbar.md §1.1): a JSON body
// `{"access_token": ..., "data": {...}}` or a form body `payload=<json>`.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/rollbar/occurrence.h"
#include "ingest/rollbar/scrub.h"

namespace waggle::ingest::rollbar {

// Largest accepted request body: rollbar.js shrinks payloads to fit 512 KiB.
inline constexpr size_t kMaxItemBytes = 512 * 1024;

struct ItemEnvelope {
  std::string access_token;  // the body's access_token, "" if absent
  std::string data_json;     // `data`, scrubbed, as compact JSON
};

// Reads a request body: JSON, or a form with a `payload` field (detected by
// content, not by Content-Type, so a mislabelled body still works). The
// `data` object is scrubbed with `fields` before it is returned; the body's
// access token is never part of it. InvalidArgument (HTTP 400) when no JSON
// is found, it does not parse, or `data` is missing or not an object;
// ResourceExhausted (413) above kMaxItemBytes.
absl::StatusOr<ItemEnvelope> ParseItemEnvelope(std::string_view body, const ScrubFields& fields);

// Parses `data_json` (as returned above) and reads it with ParseOccurrence:
// FailedPrecondition (422) for an invalid item.
absl::StatusOr<Occurrence> ParseOccurrenceJson(std::string_view data_json);

}  // namespace waggle::ingest::rollbar
