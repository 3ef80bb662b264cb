// File: api/xray/recent_services.h
//
// Which service recently sent a span or a trace, so an independently sent
// subsegment (which names neither) lands in its parent's service. Bounded:
// two generations of at most `max_per_generation` ids each; when the newer
// fills, the older is dropped. Keys are the ids' bytes, values indexes into
// a per-generation name table, so the hot path allocates nothing for a
// service it has seen. Thread-safe.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "model/event_batch.h"
#include "model/ids.h"

namespace waggle::api::xray {

class RecentServices {
 public:
  explicit RecentServices(size_t max_per_generation) : max_(max_per_generation) {}

  // Records that `spans` belong to `service`, and the trace `trace` too when
  // not null (a segment, not a subsegment). An empty service is ignored.
  void Remember(std::string_view service, std::span<const model::Span> spans,
                const model::TraceId* trace);

  // The service of span `parent`, else of trace `trace`, else "".
  std::string Lookup(const model::SpanId& parent, const model::TraceId& trace) const;

 private:
  struct Generation {
    absl::flat_hash_map<uint64_t, uint32_t> spans;
    absl::flat_hash_map<std::pair<uint64_t, uint64_t>, uint32_t> traces;
    std::vector<std::string> names;
    absl::flat_hash_map<std::string, uint32_t> name_ids;

    size_t size() const { return spans.size() + traces.size(); }
    uint32_t NameId(std::string_view service);
  };

  const size_t max_;
  mutable std::mutex mu_;
  Generation generations_[2] ABSL_GUARDED_BY(mu_);  // [0] is the newer
};

}  // namespace waggle::api::xray
