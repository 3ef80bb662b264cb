#include "store/wal/reader.h"

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/log.h"
#include "store/wal/format.h"

namespace waggle::store::wal {
namespace {

// Pages behind the cursor are handed back to the kernel in steps this big,
// which bounds the resident size of a replay whatever the file size.
constexpr uint64_t kReleaseStep = 32u << 20;

}  // namespace

// ---------------------------------------------------------------------------
// FileReader
// ---------------------------------------------------------------------------

absl::StatusOr<FileReader> FileReader::Open(const std::string& dir, uint64_t file_number) {
  ASSIGN_OR_RETURN(core::MappedFile map, core::MappedFile::Open(FilePath(dir, file_number)));
  std::string_view data = map.data();
  if (!data.empty()) {
    // Sequential readahead; the mapping starts on a page boundary.
    ::madvise(const_cast<char*>(data.data()), data.size(), MADV_SEQUENTIAL);
  }
  FileReader reader(std::move(map), file_number);
  reader.CheckFileHeader();
  return reader;
}

void FileReader::CheckFileHeader() {
  std::string_view data = map_.data();
  if (data.empty()) return;  // created but never written: no records
  if (data.size() < kFileHeaderSize) {
    Fail(Damage::kShortFileHeader, fmt::format("file header cut at {} bytes", data.size()));
  } else if (!DecodeFileHeader(data, file_number_)) {
    Fail(Damage::kBadFileHeader, "bad file header");
  } else {
    offset_ = kFileHeaderSize;
  }
}

bool FileReader::Fail(Damage damage, std::string problem) {
  damage_ = damage;
  problem_ = std::move(problem);
  return false;
}

bool FileReader::Next(Record* record) {
  if (damage_ != Damage::kNone) return false;
  std::string_view data = map_.data();
  uint64_t left = data.size() - offset_;
  if (left == 0) return false;
  if (left < kRecordHeaderSize) {
    return Fail(Damage::kTornRecord, fmt::format("short record header at {}", offset_));
  }
  const char* p = data.data() + offset_;
  RecordHeader header = DecodeRecordHeader(p);
  if (header.length > kMaxPayloadBytes) {
    return Fail(Damage::kBadRecord, fmt::format("length {} at {}", header.length, offset_));
  }
  if (header.length > left - kRecordHeaderSize) {
    return Fail(Damage::kTornRecord, fmt::format("length past end of file at {}", offset_));
  }
  std::string_view payload(p + kRecordHeaderSize, header.length);
  if (!RecordChecksumMatches(p, payload)) {
    return Fail(Damage::kBadRecord, fmt::format("checksum mismatch at {}", offset_));
  }
  ReleaseConsumedPages();
  *record = Record{Position{file_number_, offset_}, header.type, payload};
  offset_ += kRecordHeaderSize + header.length;
  return true;
}

// Drops the mapping of whole pages before the current record: the caller is
// done with earlier payloads (they are valid only until this call).
void FileReader::ReleaseConsumedPages() {
  if (offset_ - released_ < kReleaseStep) return;
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  uint64_t end = offset_ / page * page;
  char* base = const_cast<char*>(map_.data().data());
  ::madvise(base + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

// ---------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------

absl::StatusOr<std::vector<uint64_t>> ListFiles(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, core::ListDir(dir));
  std::vector<uint64_t> numbers;
  for (const std::string& name : names) {
    if (std::optional<uint64_t> number = ParseFileName(name)) numbers.push_back(*number);
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

namespace {

// Cuts `path` to `size` bytes and makes the cut durable, so a second crash
// cannot bring the torn bytes back in front of a later file's records.
absl::Status CutFile(const std::string& path, uint64_t size) {
  RETURN_IF_ERROR(core::TruncateFile(path, size));
  ASSIGN_OR_RETURN(core::AppendFile file, core::AppendFile::Open(path));
  RETURN_IF_ERROR(file.Sync());
  return file.Close();
}

// Deals with the damage that stopped `reader`, per the rules on Replay.
absl::Status HandleDamage(const std::string& dir, const FileReader& reader, bool last,
                          bool truncate_torn_tail, ReplayStats* stats) {
  std::string path = FilePath(dir, reader.file_number());
  bool cut = last && truncate_torn_tail && reader.damage() != Damage::kBadFileHeader;
  if (!cut) {
    stats->corrupt_files += 1;
    core::LogWarn("wal {}: {}; skipped the last {} bytes", path, reader.problem(),
                  reader.file_size() - reader.valid_bytes());
    return absl::OkStatus();
  }
  uint64_t cut_bytes = reader.file_size() - reader.valid_bytes();
  core::LogWarn("wal {}: {}; truncated the torn tail of {} bytes", path, reader.problem(),
                cut_bytes);
  RETURN_IF_ERROR(CutFile(path, reader.valid_bytes()));
  stats->truncated_bytes += cut_bytes;
  return absl::OkStatus();
}

absl::Status ReplayFile(const std::string& dir, uint64_t file_number, bool last, const ReplayFn& fn,
                        bool truncate_torn_tail, ReplayStats* stats) {
  ASSIGN_OR_RETURN(FileReader reader, FileReader::Open(dir, file_number));
  stats->files += 1;
  Record record;
  while (reader.Next(&record)) {
    RETURN_IF_ERROR(fn(file_number, record.type, record.payload));
    stats->records += 1;
    stats->bytes += record.payload.size();
  }
  if (reader.damage() == Damage::kNone) return absl::OkStatus();
  return HandleDamage(dir, reader, last, truncate_torn_tail, stats);
}

}  // namespace

absl::StatusOr<ReplayStats> Replay(const std::string& dir, const ReplayFn& fn,
                                   bool truncate_torn_tail) {
  ASSIGN_OR_RETURN(std::vector<uint64_t> numbers, ListFiles(dir));
  ReplayStats stats;
  for (size_t i = 0; i < numbers.size(); ++i) {
    bool last = i + 1 == numbers.size();
    RETURN_IF_ERROR(ReplayFile(dir, numbers[i], last, fn, truncate_torn_tail, &stats));
  }
  return stats;
}

}  // namespace waggle::store::wal
