// Reads CloudWatch log events back out of the columnar store: the rows a
// PutLogEvents stored in a log group's dataset (ingest/cloudwatch), in
// position order (timestamp, then sequence). A scan first collects cheap
// candidates (position, stream visibility, time range) from the timestamp,
// sequence and stream columns, keeping only the `max_candidates` nearest
// positions so memory stays bounded; messages are read afterwards, only in
// the parts a caller looks at and (in segments) only the blocks holding the
// kept candidates.
//
// Not thread-safe: one EventScan per request. It holds its parts alive.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/cloudwatch/tokens.h"
#include "core/status.h"
#include "store/catalog/table_part.h"

namespace waggle::api::cloudwatch {

struct ScanSpec {
  std::string environment;
  std::string group;
  // Visible streams: name -> smallest visible sequence (older ones belong to
  // a deleted incarnation). Events of streams not listed are skipped.
  std::map<std::string, int64_t, std::less<>> streams;
  int64_t min_timestamp_ms = 0;          // inclusive
  int64_t max_timestamp_ms = INT64_MAX;  // inclusive
  std::optional<EventKey> after;         // positions strictly after
  std::optional<EventKey> before;        // positions strictly before
  bool newest = false;                   // keep the newest candidates, else the oldest
  size_t max_candidates = 10'000;
};

// One stored event, copied out.
struct LogEvent {
  EventKey key;
  std::string stream;
  std::string message;
  int64_t ingestion_ms = 0;
};

class EventScan {
 public:
  // Collects the candidates of `spec` over `tables` (a store snapshot).
  static absl::StatusOr<EventScan> Run(const std::vector<store::TableSnapshot>& tables,
                                       const ScanSpec& spec);

  // Candidates found, ascending by position.
  size_t size() const { return candidates_.size(); }
  const EventKey& key(size_t i) const { return candidates_[i].key; }
  // True if candidates beyond the kept ones were dropped (on the far side:
  // after the last for an oldest-first scan, before the first for newest).
  bool truncated() const { return truncated_; }
  // Reads candidate `i`'s message, stream and ingestion time.
  absl::StatusOr<LogEvent> Read(size_t i);
  // The message of candidate `i` (a view valid while this scan lives).
  absl::StatusOr<std::string_view> Message(size_t i);

 private:
  struct Candidate {
    EventKey key;
    uint32_t part;
    uint32_t row;
  };
  struct PartColumns {
    std::shared_ptr<const store::TablePart> part;
    std::shared_ptr<const store::Column> stream;
    std::vector<uint32_t> rows;                      // the kept candidates' rows, ascending
    std::shared_ptr<const store::Column> body;       // read on first use
    std::shared_ptr<const store::Column> ingestion;  // read on first use
  };

  absl::Status ScanPart(const std::shared_ptr<const store::TablePart>& part, const ScanSpec& spec);
  void Trim(const ScanSpec& spec);
  absl::Status LoadPayload(PartColumns& p);

  std::vector<Candidate> candidates_;
  std::vector<PartColumns> parts_;
  bool truncated_ = false;
};

}  // namespace waggle::api::cloudwatch
