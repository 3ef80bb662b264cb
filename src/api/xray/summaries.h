// File: api/xray/summaries.h
//
// GetTraceSummaries and BatchGetTraces pieces: the spans of many traces
// read in one pass, a trace's TraceSummary JSON and the facts an X-Ray
// filter expression is evaluated on, both computed from the trace's stored
// spans (X-Ray segments and OTLP spans alike). Thread-safe (no state).
#pragma once

#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "core/status.h"
#include "lang/xray_filter/trace_facts.h"
#include "model/ids.h"
#include "query/traces/rows.h"
#include "store/catalog/table_part.h"

namespace waggle::api::xray {

// The spans of each trace `ids[i]` in `environment`, as result[i] (empty
// when none is stored), ordered by start time. One pass over the parts:
// each part whose bloom filter admits any of the ids has its trace-id
// column read once and all the wanted rows read together, instead of once
// per trace as query::FindTrace would. Parts that end before `from_ns` or
// start at or after `to_ns` are not read (callers that know when the traces
// ran bound them). Errors are the store's.
absl::StatusOr<std::vector<std::vector<query::Row>>> ReadTraces(
    const std::vector<store::TableSnapshot>& tables, std::string_view environment,
    const std::vector<model::TraceId>& ids, int64_t from_ns = INT64_MIN, int64_t to_ns = INT64_MAX);

// Writes the TraceSummary object (specs/xray.md §4) of the trace `rows`.
void WriteTraceSummary(const model::TraceId& id, const std::vector<query::Row>& rows,
                       core::JsonWriter& w);

// What a filter expression can ask about the trace `rows`.
lang::xray::TraceFacts TraceFactsOf(const std::vector<query::Row>& rows);

}  // namespace waggle::api::xray
