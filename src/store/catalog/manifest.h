// The manifest: the list of live segment files and how much of the WAL they
// cover. Rewriting it (atomically, by rename) is the commit point of a flush
// and of a retention drop; docs/formats/manifest.md gives the grammar.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/catalog/table_part.h"

namespace waggle::store {

struct SegmentEntry {
  uint64_t id = 0;
  TableId table;
  uint32_t rows = 0;
  int64_t min_time_ns = 0;
  int64_t max_time_ns = 0;
  uint64_t bytes = 0;
};

struct Manifest {
  // Every WAL file numbered <= this is fully contained in the segments.
  uint64_t wal_flushed_upto = 0;
  uint64_t next_segment_id = 1;
  std::vector<SegmentEntry> segments;

  // Serializes to the text format of docs/formats/manifest.md.
  std::string Encode() const;
  // Parses and verifies the checksum; DataLoss on any damage.
  static absl::StatusOr<Manifest> Decode(std::string_view text);
};

// Reads DIR/MANIFEST; an absent file is an empty manifest.
absl::StatusOr<Manifest> LoadManifest(const std::string& dir);
// Writes DIR/MANIFEST atomically and durably.
absl::Status SaveManifest(const std::string& dir, const Manifest& manifest);
// The directory name for a dataset or environment name: bytes outside
// [A-Za-z0-9_-] and a leading '.' become %XX; names whose escaped form
// passes 200 bytes keep a prefix and gain "~" and a hash of the full name.
std::string DirectoryNameFor(std::string_view name);
// Path of a segment's file under the data directory:
// DIR/datasets/<environment dir>/<dataset dir>/<kind>-<id>.seg
std::string SegmentPath(const std::string& dir, const SegmentEntry& entry);

}  // namespace waggle::store
