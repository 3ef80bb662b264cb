// File: store/wal/reader.h
//
// Reading the WAL back: FileReader walks the records of one file, and
// Replay walks every file of a WAL directory in order at restart, cutting a
// torn tail left by a crash. Reading maps one file at a time and releases
// pages behind the cursor, so memory stays bounded by one record plus a
// window, whatever the size of the WAL.
//
// Example:
//   ASSIGN_OR_RETURN(wal::ReplayStats stats, wal::Replay(dir,
//       [&](uint64_t file, uint8_t type, std::string_view payload) {
//         return head.Apply(type, payload);
//       }));
//   ASSIGN_OR_RETURN(auto writer, wal::Writer::Open({.dir = dir}));
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/file.h"
#include "core/status.h"
#include "store/wal/writer.h"

namespace waggle::store::wal {

// One record as read from a file. `payload` points into the file's mapping
// and stays valid until the next call on the FileReader that produced it.
struct Record {
  Position position;
  uint8_t type;
  std::string_view payload;
};

// What stopped a FileReader before the end of its file.
enum class Damage {
  kNone,             // read to the end cleanly (or not finished yet)
  kShortFileHeader,  // 1..23 bytes: a crash while the file was created
  kBadFileHeader,    // wrong magic, version, file number or checksum
  kTornRecord,       // short record header, or a length past the end of file
  kBadRecord,        // checksum mismatch, or a length over kMaxPayloadBytes
};

// Reads the records of one WAL file in order. Not thread-safe.
class FileReader {
 public:
  // Maps `dir`/FileName(file_number) and checks its header (a damaged
  // header is reported by damage(), not as an error). Fails only with the
  // I/O error.
  static absl::StatusOr<FileReader> Open(const std::string& dir, uint64_t file_number);

  // Sets `record` to the next intact record and returns true; returns false
  // at the end of the file or at the first damaged byte (see damage()).
  bool Next(Record* record);

  // Why reading stopped early; kNone after a clean end.
  Damage damage() const { return damage_; }
  // A human-readable description of damage(), empty if none.
  const std::string& problem() const { return problem_; }
  // Offset just past the header or the last intact record read so far:
  // where a torn file should be cut.
  uint64_t valid_bytes() const { return offset_; }
  uint64_t file_size() const { return map_.data().size(); }
  uint64_t file_number() const { return file_number_; }

 private:
  FileReader(core::MappedFile map, uint64_t file_number)
      : map_(std::move(map)), file_number_(file_number) {}
  void CheckFileHeader();
  bool Fail(Damage damage, std::string problem);
  void ReleaseConsumedPages();

  core::MappedFile map_;
  uint64_t file_number_;
  uint64_t offset_ = 0;    // next unread byte
  uint64_t released_ = 0;  // pages below this were returned to the kernel
  Damage damage_ = Damage::kNone;
  std::string problem_;
};

// Lists the WAL file numbers present in `dir`, ascending (other names are
// ignored). An absent directory has none. Fails with the I/O error.
absl::StatusOr<std::vector<uint64_t>> ListFiles(const std::string& dir);

struct ReplayStats {
  uint64_t files = 0;            // files read
  uint64_t records = 0;          // records passed to fn
  uint64_t bytes = 0;            // payload bytes passed to fn
  uint64_t truncated_bytes = 0;  // bytes cut from the torn tail of the last file
  uint64_t corrupt_files = 0;    // files whose damage was skipped, not cut
};

using ReplayFn =
    std::function<absl::Status(uint64_t file_number, uint8_t type, std::string_view payload)>;

// Reads every WAL file in `dir` in number order and calls fn(file_number,
// type, payload) for each intact record, in order, on the calling thread.
// The payload view is valid only during the call. Damage ends a file:
//  - in the last file (the one being written at a crash) it is a torn
//    tail: when `truncate_torn_tail`, the file is cut back to the end of
//    its last intact record (so a later Writer's files follow a clean one)
//    and the cut bytes are counted in truncated_bytes;
//  - in an earlier file, or when not truncating, the rest of that file is
//    skipped, counted in corrupt_files and logged with core::LogWarn;
//    replay goes on with the next file.
// A last file whose header is intact-length but wrong is never cut (it may
// not be ours): it counts as corrupt. Run Replay before Writer::Open,
// which starts a new (then last) file. If fn returns an error, Replay stops
// and returns it; otherwise fails only with an I/O error.
absl::StatusOr<ReplayStats> Replay(const std::string& dir, const ReplayFn& fn,
                                   bool truncate_torn_tail = true);

}  // namespace waggle::store::wal
