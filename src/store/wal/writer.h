// File: store/wal/writer.h
//
// The write-ahead log writer: many request threads append records
// concurrently, and each Append returns only once its record is durable.
//
// Group commit, leveldb style (db/db_impl.cc, "writers_"): appenders join one
// FIFO queue; the thread at the front becomes the leader, takes every record
// queued behind it, writes them all with one writev(2) straight from the
// callers' buffers, calls fdatasync(2) once, then wakes each follower with
// its result and hands the front of the queue to the next waiting thread.
// While a leader is in writev/fdatasync the lock is free, so the next batch
// queues up behind it.
//
// Why a leader rather than a dedicated syncer thread: on a 2-core machine a
// syncer costs one extra wake-up per batch (appender -> syncer -> appender);
// with a leader the thread that is waiting anyway does the I/O, and a lone
// appender pays no context switch at all. Why writev from the callers'
// buffers: every appender blocks until its record is durable, so its pieces
// outlive the write; the payload is never copied by the WAL (the checksum
// is computed by each appender on its own core before it queues).
//
// Example:
//   ASSIGN_OR_RETURN(auto wal, wal::Writer::Open({.dir = data_dir + "/wal"}));
//   ASSIGN_OR_RETURN(uint64_t file, wal->Append(kOtlpTraces, {header, body}));
//   // durable: acknowledge the client
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "core/status.h"
#include "store/wal/log_file.h"

namespace waggle::store::wal {

struct Options {
  // Directory holding the WAL files; created if missing.
  std::string dir;
  // A file is closed and a new one started when appending the next batch
  // would take it past this size. A file holds at least one record, so a
  // single larger record makes a larger file. Smaller files let the store
  // delete flushed data sooner; larger ones mean fewer file creations
  // (each costs a file and a directory fsync). Default 256 MiB.
  uint64_t max_file_bytes = 256 << 20;
};

// Where a record starts: its file and the byte offset of its header.
struct Position {
  uint64_t file_number;
  uint64_t offset;
};

class Writer {
 public:
  // Opens `options.dir` (creating it) and starts a NEW file numbered one
  // above the highest existing WAL file (1 in an empty directory); existing
  // files are never appended to, so Replay them first. Fails with the I/O
  // error if the directory or the file cannot be created.
  static absl::StatusOr<std::unique_ptr<Writer>> Open(const Options& options);

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Closes the current file. No call may be in flight.
  ~Writer();

  // Appends one record whose payload is the concatenation of `pieces` and
  // blocks until it is durable (written and fdatasync'ed). Returns the
  // number of the file holding it. The pieces are read during the call
  // only. Fails with InvalidArgument if the payload is over
  // kMaxPayloadBytes (the writer stays usable). After an I/O error the
  // writer is poisoned: that call and every later Append or Rotate fails
  // with the first error. Thread-safe.
  absl::StatusOr<uint64_t> Append(uint8_t type, std::initializer_list<std::string_view> pieces);
  absl::StatusOr<uint64_t> Append(uint8_t type, std::span<const std::string_view> pieces);

  // Closes the current file, starts the next one and returns the number of
  // the closed file. Every Append that returned before Rotate was called is
  // in a file <= that number; every Append called after Rotate returned
  // goes to a later file; an Append concurrent with Rotate may go to either
  // (its return value says which). Fails when poisoned or on an I/O error
  // (which poisons). Thread-safe.
  absl::StatusOr<uint64_t> Rotate();

  // Deletes every WAL file numbered <= `file_number` except the current
  // one, then syncs the directory. Files already gone are not an error.
  // Thread-safe; call it once the records in those files are persisted
  // elsewhere (e.g. with the number Rotate returned).
  absl::Status RemoveFilesUpTo(uint64_t file_number);

  // The number of the file being appended to. Thread-safe.
  uint64_t current_file_number() const;

  struct Stats {
    uint64_t records = 0;  // records appended
    uint64_t bytes = 0;    // bytes written, framing included
    uint64_t syncs = 0;    // fdatasync calls for records (one per batch)
    uint64_t files = 0;    // files created by this writer
  };
  // Counters since Open. Thread-safe.
  Stats stats() const;

 private:
  struct Request;

  Writer(Options options, LogFile file);
  // Queues `request` and blocks until it is done, doing the I/O for it and
  // the requests behind it if it reaches the front of the queue.
  void Run(Request* request);
  // The front-of-queue work: one batch of records, or a rotation.
  void WriteBatch(Request* leader, std::unique_lock<std::mutex>& lock)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RotateForLeader(Request* leader, std::unique_lock<std::mutex>& lock)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Picks the records at the front of the queue that go into one write.
  size_t CollectBatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Swaps in file current+1; unlocks `lock` for the I/O. Returns the
  // closed file's number, or the error (which the caller must poison with).
  absl::StatusOr<uint64_t> SwitchFile(std::unique_lock<std::mutex>& lock)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Completes the first `n` queued requests with `status`.
  void FinishFront(size_t n, const absl::Status& status, Request* caller)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Fails every queued request with poisoned_ (after an I/O error).
  void FailQueue(Request* caller) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  mutable std::mutex mu_;
  // Requests waiting or in progress, in arrival order. The request at the
  // front owns the I/O turn: only its thread touches file_ and batch_iov_.
  std::deque<Request*> queue_ ABSL_GUARDED_BY(mu_);
  absl::Status poisoned_ ABSL_GUARDED_BY(mu_);
  Stats stats_ ABSL_GUARDED_BY(mu_);
  uint64_t file_records_ ABSL_GUARDED_BY(mu_) = 0;  // records in file_
  std::atomic<uint64_t> current_file_number_;
  LogFile file_;                  // owned by the front of queue_
  std::vector<iovec> batch_iov_;  // owned by the front of queue_
};

}  // namespace waggle::store::wal
