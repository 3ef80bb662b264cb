// File: api/v1/bubbleup_request.h
//
// The JSON of POST /api/v1/bubbleup (docs/query.md, "BubbleUp"):
//
//   {"dataset": "backend-flask",                 // or ?dataset=, "__all__"
//    "query": {...a query specification...},      // filters and time range
//    "selection": {"start_time": 1767225600, "end_time": 1767229200,
//                  "column": "duration_ms", "min": 500, "max": 20000}}
//
// and the rendering of its answer. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "query/bubbleup/bubbleup.h"
#include "query/spec/spec.h"

namespace waggle::api::v1 {

struct BubbleUpRequest {
  std::string dataset;
  query::QuerySpec query;
  query::bubbleup::Selection selection;
};

// Parses and validates a request; InvalidArgument naming the bad field.
// start_time/end_time (unix seconds, fractions allowed) default to the
// query's window, resolved at `now_ns`.
absl::StatusOr<BubbleUpRequest> ParseBubbleUpRequest(std::string_view body, int64_t now_ns);

// The answer's JSON: counts, sample fractions and the ranked columns.
std::string RenderBubbleUp(const query::bubbleup::BubbleUpResult& result);

}  // namespace waggle::api::v1
