#include "store/wal/writer.h"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

#include "core/check.h"
#include "core/file.h"
#include "store/wal/format.h"
#include "store/wal/reader.h"

namespace waggle::store::wal {

// One Append or Rotate call waiting in the queue. Lives on the caller's
// stack; the caller is blocked until `done`, so the leader may read its
// pieces and write its result fields under mu_.
struct Writer::Request {
  enum class Kind { kRecord, kRotate };
  Kind kind = Kind::kRecord;
  std::span<const std::string_view> pieces;
  char header[kRecordHeaderSize];
  uint64_t size = 0;  // header + payload bytes
  std::condition_variable cv;
  bool done = false;
  absl::Status status;
  uint64_t file_number = 0;
};

absl::StatusOr<std::unique_ptr<Writer>> Writer::Open(const Options& options) {
  if (options.dir.empty()) return absl::InvalidArgumentError("wal: empty directory name");
  RETURN_IF_ERROR(core::CreateDirs(options.dir));
  // Make the directory's own entry durable, or a crash right after the
  // first start could lose the directory with its acknowledged records.
  RETURN_IF_ERROR(core::SyncDir(std::filesystem::path(options.dir).parent_path().string()));
  ASSIGN_OR_RETURN(std::vector<uint64_t> files, ListFiles(options.dir));
  uint64_t next = files.empty() ? 1 : files.back() + 1;
  ASSIGN_OR_RETURN(LogFile file, LogFile::Create(options.dir, next));
  return std::unique_ptr<Writer>(new Writer(options, std::move(file)));
}

Writer::Writer(Options options, LogFile file)
    : options_(std::move(options)),
      current_file_number_(file.file_number()),
      file_(std::move(file)) {
  stats_.files = 1;
}

Writer::~Writer() {
  std::lock_guard<std::mutex> lock(mu_);
  CHECK(queue_.empty());  // destroying a writer with calls in flight is a bug
}

absl::StatusOr<uint64_t> Writer::Append(uint8_t type,
                                        std::initializer_list<std::string_view> pieces) {
  return Append(type, std::span<const std::string_view>(pieces.begin(), pieces.size()));
}

absl::StatusOr<uint64_t> Writer::Append(uint8_t type, std::span<const std::string_view> pieces) {
  uint64_t length = 0;
  for (std::string_view piece : pieces) length += piece.size();
  if (length > kMaxPayloadBytes) {
    return absl::InvalidArgumentError(
        fmt::format("wal record of {} bytes is over the {} byte limit", length, kMaxPayloadBytes));
  }
  Request request;
  request.pieces = pieces;
  request.size = kRecordHeaderSize + length;
  // Checksum here, outside the lock, so appenders hash in parallel.
  EncodeRecordHeader(type, pieces, request.header);
  Run(&request);
  if (!request.status.ok()) return request.status;
  return request.file_number;
}

absl::StatusOr<uint64_t> Writer::Rotate() {
  Request request;
  request.kind = Request::Kind::kRotate;
  Run(&request);
  if (!request.status.ok()) return request.status;
  return request.file_number;
}

void Writer::Run(Request* request) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!poisoned_.ok()) {
    request->status = poisoned_;
    return;
  }
  queue_.push_back(request);
  while (!request->done && queue_.front() != request) request->cv.wait(lock);
  if (request->done) return;  // a leader did our work
  if (request->kind == Request::Kind::kRotate) {
    RotateForLeader(request, lock);
  } else {
    WriteBatch(request, lock);
  }
  // Hand the I/O turn to the next waiting thread, if any.
  if (!queue_.empty()) queue_.front()->cv.notify_one();
}

void Writer::WriteBatch(Request* leader, std::unique_lock<std::mutex>& lock) {
  if (file_records_ > 0 && file_.size() + leader->size > options_.max_file_bytes) {
    absl::StatusOr<uint64_t> closed = SwitchFile(lock);
    if (!closed.ok()) {
      poisoned_ = closed.status();
      FailQueue(leader);
      return;
    }
  }
  size_t count = CollectBatch();
  uint64_t size_before = file_.size();
  lock.unlock();
  absl::Status status = file_.WriteV(std::span<iovec>(batch_iov_));
  if (status.ok()) status = file_.Sync();
  lock.lock();
  if (!status.ok()) {
    poisoned_ = status;
    FailQueue(leader);
    return;
  }
  stats_.records += count;
  stats_.bytes += file_.size() - size_before;
  stats_.syncs += 1;
  file_records_ += count;
  FinishFront(count, absl::OkStatus(), leader);
}

size_t Writer::CollectBatch() {
  batch_iov_.clear();
  uint64_t file_size = file_.size();
  size_t count = 0;
  for (Request* request : queue_) {
    if (request->kind != Request::Kind::kRecord) break;  // rotations end a batch
    if (count > 0 && file_size + request->size > options_.max_file_bytes) break;
    file_size += request->size;
    ++count;
    batch_iov_.push_back(iovec{request->header, kRecordHeaderSize});
    for (std::string_view piece : request->pieces) {
      if (!piece.empty())
        batch_iov_.push_back(iovec{const_cast<char*>(piece.data()), piece.size()});
    }
  }
  return count;
}

void Writer::RotateForLeader(Request* leader, std::unique_lock<std::mutex>& lock) {
  absl::StatusOr<uint64_t> closed = SwitchFile(lock);
  if (!closed.ok()) {
    poisoned_ = closed.status();
    FailQueue(leader);
    return;
  }
  FinishFront(1, absl::OkStatus(), leader);
  leader->file_number = *closed;
}

absl::StatusOr<uint64_t> Writer::SwitchFile(std::unique_lock<std::mutex>& lock) {
  uint64_t closed = file_.file_number();
  lock.unlock();
  // Every batch was synced before its callers were woken, so closing needs
  // no further sync; the new file's header and directory entry are synced
  // by Create before any record goes into it.
  absl::Status status = file_.Close();
  absl::StatusOr<LogFile> next =
      status.ok() ? LogFile::Create(options_.dir, closed + 1) : absl::StatusOr<LogFile>(status);
  lock.lock();
  if (!next.ok()) return next.status();
  file_ = std::move(*next);
  current_file_number_.store(closed + 1, std::memory_order_release);
  file_records_ = 0;
  stats_.files += 1;
  return closed;
}

void Writer::FinishFront(size_t n, const absl::Status& status, Request* caller) {
  for (size_t i = 0; i < n; ++i) {
    Request* request = queue_.front();
    queue_.pop_front();
    request->status = status;
    request->file_number = file_.file_number();
    request->done = true;
    // Notify while holding mu_: the waiter cannot return and destroy its
    // Request (and this condition variable) until we unlock.
    if (request != caller) request->cv.notify_one();
  }
}

void Writer::FailQueue(Request* caller) { FinishFront(queue_.size(), poisoned_, caller); }

absl::Status Writer::RemoveFilesUpTo(uint64_t file_number) {
  uint64_t current = current_file_number_.load(std::memory_order_acquire);
  ASSIGN_OR_RETURN(std::vector<uint64_t> files, ListFiles(options_.dir));
  bool removed = false;
  for (uint64_t number : files) {
    if (number > file_number || number >= current) break;
    RETURN_IF_ERROR(core::RemoveFile(FilePath(options_.dir, number)));
    removed = true;
  }
  if (removed) RETURN_IF_ERROR(core::SyncDir(options_.dir));
  return absl::OkStatus();
}

uint64_t Writer::current_file_number() const {
  return current_file_number_.load(std::memory_order_acquire);
}

Writer::Stats Writer::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace waggle::store::wal
