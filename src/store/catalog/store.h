// Store: the durable, columnar home of every span and log record.
//
// Write path: Append() writes the request's WAL record, waits for the
// group-commit fsync, then adds the decoded rows to the head, so a caller
// that gets OK may acknowledge its client. A background thread flushes the
// head into one segment file per table (by size or age), commits them in the
// manifest, and deletes the WAL files they cover; it also drops segments
// past their retention. Open() replays the WAL into the head first.
//
// The store knows nothing of protocols: WAL payloads are opaque, and the
// owner supplies the decoder that turns a replayed record back into rows.
// All public methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "model/event_batch.h"
#include "store/catalog/append_gate.h"
#include "store/catalog/chunk_part.h"
#include "store/catalog/head.h"
#include "store/catalog/manifest.h"
#include "store/catalog/segment_part.h"
#include "store/catalog/table_part.h"
#include "store/wal/writer.h"

namespace waggle::store {

struct StoreOptions {
  std::string data_dir;
  // Flush the head once it holds this many bytes...
  size_t head_flush_bytes = 128 << 20;
  // ...or once its oldest row is this old.
  int64_t head_flush_age_ns = 30'000'000'000;
  // Refuse appends (ResourceExhausted, so clients back off) while rows not
  // yet in segments exceed this: the head plus a flush in progress.
  size_t max_unflushed_bytes = 1024 << 20;
  // Segments whose newest row is older than this are dropped (0 = keep all).
  int64_t retention_ns = 0;
  // Per-dataset overrides of retention_ns.
  std::map<std::string, int64_t> dataset_retention_ns;
  // How often the background thread checks flush and retention.
  int64_t maintenance_interval_ns = 1'000'000'000;
  // Bytes of decoded segment columns kept for later queries (0 = none).
  size_t column_cache_bytes = 512 << 20;
};

// Turns a WAL record back into a batch on replay. Returns the environment
// it belongs to through the batch's owner (see Store::Append).
using ReplayDecoder = std::function<absl::Status(uint8_t record_type, std::string_view payload,
                                                 model::EventBatch* batch)>;

struct StoreStats {
  uint64_t appended_items = 0;
  uint64_t head_rows = 0;
  size_t head_bytes = 0;
  uint64_t segments = 0;
  uint64_t segment_bytes = 0;
  uint64_t flushes = 0;
  uint64_t replayed_records = 0;
  double replay_seconds = 0;
  ColumnCacheStats column_cache;
};

class Store {
 public:
  // Opens (creating) the store in options.data_dir: loads the manifest,
  // removes files of an unfinished flush, opens segments, replays the WAL.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                                     ReplayDecoder decoder,
                                                     const core::Clock& clock);
  ~Store();

  // Durably appends `batch`, decoded from `payload` (the WAL keeps the
  // payload; replay decodes it again with the ReplayDecoder). Returns
  // ResourceExhausted when the store is behind, so callers can send 503.
  absl::Status Append(std::string_view environment, uint8_t record_type, std::string_view payload,
                      const model::EventBatch& batch);
  // Appends rows without a WAL record, for `waggle load` writing into a data
  // directory no server is using. Flushes whenever the head is full; rows
  // are durable only once Flush() or Close() has returned.
  absl::Status BulkAppend(std::string_view environment, const model::EventBatch& batch);
  // A consistent view of every table (segments, frozen and live head rows).
  std::vector<TableSnapshot> Snapshot() const;
  // Flushes the head to segments now (also used by Close and tests).
  absl::Status Flush();
  // Drops segments past retention now.
  absl::Status EnforceRetention();
  // Stops the background thread and flushes. Idempotent.
  absl::Status Close();
  StoreStats stats() const;

 private:
  Store(StoreOptions options, ReplayDecoder decoder, const core::Clock& clock);
  absl::Status Recover();
  absl::Status OpenSegments();
  absl::Status Replay();
  absl::Status WriteFrozen(const std::vector<Head::FrozenTable>& frozen, uint64_t wal_upto);
  void MaintenanceLoop();
  bool FlushDue() const;
  int64_t RetentionFor(const std::string& dataset) const;

  const StoreOptions options_;
  const ReplayDecoder decoder_;
  const core::Clock& clock_;
  // Shared with every SegmentPart, which may outlive the store in a snapshot.
  const std::shared_ptr<ColumnCache> column_cache_;
  std::unique_ptr<wal::Writer> wal_;
  AppendGate gate_;
  Head head_;

  std::mutex flush_mu_;    // serializes flushes and retention (held across I/O)
  mutable std::mutex mu_;  // guards the fields below; never held across I/O
  Manifest manifest_;
  std::vector<std::shared_ptr<const SegmentPart>> segments_;
  std::vector<Head::FrozenTable> flushing_;  // frozen rows being written
  size_t flushing_bytes_ = 0;
  StoreStats stats_;

  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  bool stopping_ = false;  // guarded by bg_mu_
  std::thread maintenance_;
  std::atomic<bool> closed_{false};
};

}  // namespace waggle::store
