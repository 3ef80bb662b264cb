// Thin POSIX file helpers. Every function reports failures as Status with
// the path and errno text; none throws. Safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::core {

// An append-only file opened for writing. Not thread-safe; owned by one writer.
class AppendFile {
 public:
  // Opens (creating if needed) `path` for appending.
  static absl::StatusOr<AppendFile> Open(const std::string& path);
  AppendFile(AppendFile&& other) noexcept;
  AppendFile& operator=(AppendFile&& other) noexcept;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  ~AppendFile();

  // Writes all of `data` at the end of the file (retrying short writes).
  absl::Status Append(std::string_view data);
  // Makes every appended byte durable (fdatasync).
  absl::Status Sync();
  // Closes the file; further calls fail. Called by the destructor too.
  absl::Status Close();
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  AppendFile(int fd, std::string path, uint64_t size)
      : fd_(fd), path_(std::move(path)), size_(size) {}
  int fd_ = -1;
  std::string path_;
  uint64_t size_ = 0;
};

// A read-only memory map of a whole file; unmapped on destruction.
class MappedFile {
 public:
  static absl::StatusOr<MappedFile> Open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const { return {static_cast<const char*>(addr_), size_}; }

 private:
  MappedFile(void* addr, size_t size) : addr_(addr), size_(size) {}
  void* addr_ = nullptr;
  size_t size_ = 0;
};

// Reads the whole file at `path`.
absl::StatusOr<std::string> ReadFile(const std::string& path);
// Writes `data` to `path` atomically: temp file, fsync, rename, fsync dir.
absl::Status WriteFileAtomic(const std::string& path, std::string_view data);
// Creates `path` and its parents; OK if it exists.
absl::Status CreateDirs(const std::string& path);
// fsyncs a directory so renames and creations in it are durable.
absl::Status SyncDir(const std::string& path);
// Names (not paths) of the entries of a directory, sorted; empty if absent.
absl::StatusOr<std::vector<std::string>> ListDir(const std::string& path);
// Removes a file; OK if it does not exist.
absl::Status RemoveFile(const std::string& path);
// Truncates a file to `size` bytes.
absl::Status TruncateFile(const std::string& path, uint64_t size);
// True if `path` exists.
bool PathExists(const std::string& path);
// Size in bytes of the file at `path`.
absl::StatusOr<uint64_t> FileSize(const std::string& path);

}  // namespace waggle::core
