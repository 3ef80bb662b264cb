// File: api/xray/summaries.h
//
// GetTraceSummaries pieces: a trace's TraceSummary JSON and the facts an
// X-Ray filter expression is evaluated on, both computed from the trace's
// stored spans (X-Ray segments and OTLP spans alike). Pure functions.
#pragma once

#include <vector>

#include "core/json_writer.h"
#include "lang/xray_filter/trace_facts.h"
#include "model/ids.h"
#include "query/traces/rows.h"

namespace waggle::api::xray {

// Writes the TraceSummary object (specs/xray.md §4) of the trace `rows`.
void WriteTraceSummary(const model::TraceId& id, const std::vector<query::Row>& rows,
                       core::JsonWriter& w);

// What a filter expression can ask about the trace `rows`.
lang::xray::TraceFacts TraceFactsOf(const std::vector<query::Row>& rows);

}  // namespace waggle::api::xray
