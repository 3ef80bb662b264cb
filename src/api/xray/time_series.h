// File: api/xray/time_series.h
//
// The pure parts of GetTimeSeriesServiceStatistics (specs/xray.md §4, §6):
// the periods a time range is cut into, the entity an
// EntitySelectorExpression names, and that entity's statistics picked out
// of a service graph's Services array (as ServiceGraph::WriteServices
// writes it) and written back in X-Ray's shapes. Thread-safe (no state).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "core/status.h"

namespace waggle::api::xray {

// Periods X-Ray accepts: 60 s or a multiple of 300 s.
inline constexpr int64_t kDefaultPeriodSeconds = 60;
// The longest range one request may cover, in periods (the aligned periods
// it touches may be one more).
inline constexpr size_t kMaxTimeSeriesPeriods = 1440;

// The starts (epoch seconds, aligned to multiples of `period_s`) of the
// periods that overlap [start_s, end_s). InvalidArgument when the period
// is not 60 or a multiple of 300, the range is reversed, or it is longer
// than kMaxTimeSeriesPeriods periods.
absl::StatusOr<std::vector<int64_t>> PeriodStarts(double start_s, double end_s, int64_t period_s);

// One service graph node, by name and optionally type; `type` "" = any.
struct NodeRef {
  std::string name;
  std::optional<std::string> type;
};

// What an EntitySelectorExpression names: a node (service() or id()), an
// edge (edge(a, b)), or nothing (the requests entering the graph: every
// edge from a client node).
struct EntitySelector {
  enum class Kind { kClientEdges, kService, kEdge };
  Kind kind = Kind::kClientEdges;
  NodeRef from;  // the service, or the edge's caller
  NodeRef to;    // the edge's callee
};

// Parses `text`: blank, `service("name")`, `service(id(name: "n", type:
// "t"))`, `id(name: "n", type: "t")` or `edge("a", "b")` (either side may
// be an id(...)). InvalidArgument otherwise.
absl::StatusOr<EntitySelector> ParseEntitySelector(std::string_view text);

// Outcome counts, response time and its histogram, summed over nodes or
// edges.
struct EntityStats {
  int64_t ok = 0, error_other = 0, throttle = 0, fault = 0, total = 0;
  double total_response_time = 0;
  std::map<double, int64_t> histogram;  // response time in seconds -> count

  // Adds the SummaryStatistics and ResponseTimeHistogram members of a
  // Services node or edge (absent ones add nothing).
  void Add(simdjson::dom::element entity);
  // Writes X-Ray's ServiceStatistics / EdgeStatistics object.
  void WriteSummary(core::JsonWriter& w) const;
  // Writes the ResponseTimeHistogram array, by value.
  void WriteHistogram(core::JsonWriter& w) const;
};

// The statistics of what `selector` names in `services` (a Services
// array); total 0 when the graph holds none of it.
EntityStats SelectEntityStats(simdjson::dom::array services, const EntitySelector& selector);

}  // namespace waggle::api::xray
