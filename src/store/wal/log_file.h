// File: store/wal/log_file.h
//
// One WAL file open for writing: created with its header made durable, then
// appended to with gathered writes (writev) and made durable with fdatasync.
// Not thread-safe: the Writer lets only the thread holding the I/O turn touch
// it.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <span>
#include <string>

#include "core/status.h"

namespace waggle::store::wal {

class LogFile {
 public:
  // Creates `dir`/FileName(file_number), which must not exist yet (a WAL
  // file is never reopened for writing), writes the file header, and makes
  // the header and the directory entry durable. Fails with AlreadyExists if
  // the file exists, or the I/O error.
  static absl::StatusOr<LogFile> Create(const std::string& dir, uint64_t file_number);

  LogFile(LogFile&& other) noexcept;
  LogFile& operator=(LogFile&& other) noexcept;
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  ~LogFile();

  // Writes the buffers described by `iov` at the end of the file, retrying
  // short writes and splitting batches longer than IOV_MAX. May modify
  // `iov` entries. On error some prefix of the bytes may have been written.
  absl::Status WriteV(std::span<iovec> iov);
  // Makes every written byte durable (fdatasync).
  absl::Status Sync();
  // Closes the file; later calls fail. Called by the destructor too.
  absl::Status Close();

  // Bytes in the file, header included, as written by this object.
  uint64_t size() const { return size_; }
  uint64_t file_number() const { return file_number_; }

 private:
  LogFile(int fd, std::string path, uint64_t file_number)
      : fd_(fd), path_(std::move(path)), file_number_(file_number) {}
  absl::Status WriteChunk(std::span<iovec> iov);

  int fd_ = -1;
  std::string path_;
  uint64_t file_number_ = 0;
  uint64_t size_ = 0;
};

}  // namespace waggle::store::wal
