// File: api/xray/graph_scan.h
//
// The service graph of every trace in a time window, built from columns in
// one pass over the window's span parts instead of trace by trace: each
// span is classified (segment, call, other) from a handful of columns, the
// segments' parents are joined by (trace, span id) across parts and
// datasets, and the result feeds ServiceGraph with the same rules as
// TraceFactsOf's per-trace graph (specs/xray.md §6):
//   - a segment counts in its service's node;
//   - a segment whose parent is a call (CLIENT/PRODUCER span) or a span of
//     another service is an edge from the parent's service, counted with
//     the call's outcome (or the segment's when the parent is not a call);
//   - a call no segment answers is an edge to an inferred node (database,
//     AWS service or remote endpoint), counted in both;
//   - the earliest segment of a trace with no parent in the window is its
//     root: its service is a root node fed by a client node.
// Memory: a few words per span of the window, plus one part's decoded
// columns at a time.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "api/xray/service_graph.h"
#include "core/status.h"
#include "store/catalog/table_part.h"

namespace waggle::api::xray {

// Adds to `graph` every span of `environment` with a start in
// [start_ns, end_ns); returns how many traces had a root there. Errors are
// the store's.
absl::StatusOr<size_t> ScanServiceGraph(const std::vector<store::TableSnapshot>& tables,
                                        std::string_view environment, int64_t start_ns,
                                        int64_t end_ns, ServiceGraph* graph);

// The same over `graphs->size()` consecutive periods of `period_ns` from
// `start_ns`, in one scan: each count goes to the graph of the period its
// segment or call starts in (an edge, to its callee segment's), the join
// spanning the whole range. Returns how many traces had a root in it.
absl::StatusOr<size_t> ScanServiceGraphSeries(const std::vector<store::TableSnapshot>& tables,
                                              std::string_view environment, int64_t start_ns,
                                              int64_t period_ns, std::vector<ServiceGraph>* graphs);

}  // namespace waggle::api::xray
