// The head: every table's newest rows, in memory, in columnar builders.
// Rows are appended after their WAL record is durable; a background flush
// freezes the head and writes each table's chunks as a segment file.
// Thread-safe: one mutex guards the builders (appends are short).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "model/event_batch.h"
#include "store/catalog/table_part.h"
#include "store/head/event_rows.h"
#include "store/head/table_builder.h"

namespace waggle::store {

class Head {
 public:
  // Rows per sealed chunk: large enough for columnar work, small enough
  // that snapshotting the open builder for a reader stays cheap.
  static constexpr uint32_t kChunkRows = 16384;

  struct FrozenTable {
    TableId id;
    std::vector<std::shared_ptr<const Chunk>> chunks;
  };

  // Appends every span and log of `batch` to its table in `environment`.
  void Append(std::string_view environment, const model::EventBatch& batch, int64_t ingest_ns);
  // Seals every table and hands all rows over, leaving the head empty.
  std::vector<FrozenTable> Freeze();
  // Adds a part per chunk (the open builders snapshotted) to `out`.
  void CollectParts(std::map<TableId, std::vector<std::shared_ptr<const TablePart>>>& out) const;
  // Approximate bytes held by rows not yet flushed.
  size_t memory_bytes() const;
  uint64_t rows() const;
  // Wall time of the first row appended since the last Freeze (0 if none).
  int64_t oldest_append_ns() const;

 private:
  struct Table {
    TableBuilder open;
    std::vector<std::shared_ptr<const Chunk>> sealed;
    // Snapshot of `open` for readers; reset when a row is appended.
    mutable std::shared_ptr<const Chunk> open_snapshot;
  };
  Table& TableFor(const TableId& id);
  void SealIfFull(Table& table);

  mutable std::mutex mu_;
  std::map<TableId, Table> tables_;  // guarded by mu_
  size_t memory_bytes_ = 0;          // guarded by mu_
  uint64_t rows_ = 0;                // guarded by mu_
  int64_t oldest_append_ns_ = 0;     // guarded by mu_
  RowScratch scratch_;               // guarded by mu_
};

}  // namespace waggle::store
