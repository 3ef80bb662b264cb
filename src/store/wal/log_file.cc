#include "store/wal/log_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/file.h"
#include "store/wal/format.h"

namespace waggle::store::wal {
namespace {

absl::Status PosixError(std::string_view what, const std::string& path, int err) {
  std::string msg = fmt::format("wal {} {}: {}", what, path, std::strerror(err));
  if (err == EEXIST) return absl::AlreadyExistsError(msg);
  if (err == ENOSPC || err == EDQUOT || err == EFBIG) return absl::ResourceExhaustedError(msg);
  return absl::InternalError(msg);
}

}  // namespace

absl::StatusOr<LogFile> LogFile::Create(const std::string& dir, uint64_t file_number) {
  std::string path = FilePath(dir, file_number);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return PosixError("create", path, errno);
  LogFile file(fd, std::move(path), file_number);
  char header[kFileHeaderSize];
  EncodeFileHeader(file_number, header);
  iovec iov{header, sizeof(header)};
  RETURN_IF_ERROR(file.WriteV(std::span<iovec>(&iov, 1)));
  RETURN_IF_ERROR(file.Sync());
  RETURN_IF_ERROR(core::SyncDir(dir));
  return file;
}

LogFile::LogFile(LogFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      file_number_(other.file_number_),
      size_(other.size_) {}

LogFile& LogFile::operator=(LogFile&& other) noexcept {
  if (this != &other) {
    Close().IgnoreError();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    file_number_ = other.file_number_;
    size_ = other.size_;
  }
  return *this;
}

LogFile::~LogFile() { Close().IgnoreError(); }

absl::Status LogFile::WriteV(std::span<iovec> iov) {
  while (!iov.empty()) {
    size_t n = std::min<size_t>(iov.size(), IOV_MAX);
    RETURN_IF_ERROR(WriteChunk(iov.first(n)));
    iov = iov.subspan(n);
  }
  return absl::OkStatus();
}

// Writes at most IOV_MAX buffers, resuming after short writes.
absl::Status LogFile::WriteChunk(std::span<iovec> iov) {
  if (fd_ < 0) return absl::FailedPreconditionError(fmt::format("wal {} is closed", path_));
  size_t first = 0;
  for (;;) {
    while (first < iov.size() && iov[first].iov_len == 0) ++first;
    if (first == iov.size()) break;
    ssize_t n = ::writev(fd_, iov.data() + first, static_cast<int>(iov.size() - first));
    if (n < 0) {
      if (errno == EINTR) continue;
      return PosixError("write", path_, errno);
    }
    if (n == 0) return absl::InternalError(fmt::format("wal write {}: no progress", path_));
    size_ += static_cast<uint64_t>(n);
    size_t left = static_cast<size_t>(n);
    while (first < iov.size() && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (left > 0) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return absl::OkStatus();
}

absl::Status LogFile::Sync() {
  if (fd_ < 0) return absl::FailedPreconditionError(fmt::format("wal {} is closed", path_));
  if (::fdatasync(fd_) != 0) return PosixError("fdatasync", path_, errno);
  return absl::OkStatus();
}

absl::Status LogFile::Close() {
  if (fd_ < 0) return absl::OkStatus();
  int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) return PosixError("close", path_, errno);
  return absl::OkStatus();
}

}  // namespace waggle::store::wal
