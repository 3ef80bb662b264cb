// File: store/wal/format.h
//
// The on-disk format of the write-ahead log, described in prose and grammar
// in docs/formats/wal.md. Every constant of the format lives here; the
// encode/decode helpers below are the only code that knows the byte layout.
//
//   file   := file_header record*
//   file_header (24 bytes) := magic "WAGGLWAL" | version u32 | file_number u64 | checksum u32
//   record := checksum u32 | length u32 | type u8 | payload[length]
//
// All integers are little-endian. A record's checksum is core::Checksum32 of
// the 5 bytes `length | type` followed by the payload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace waggle::store::wal {

inline constexpr std::string_view kFileMagic = "WAGGLWAL";
inline constexpr uint32_t kFileVersion = 1;
// magic (8) + version (4) + file number (8) + checksum of those 20 bytes (4).
inline constexpr size_t kFileHeaderSize = 24;
// checksum (4) + payload length (4) + type (1).
inline constexpr size_t kRecordHeaderSize = 9;
// Largest payload a record may carry; larger appends are rejected, and a
// larger length read back from disk marks corruption.
inline constexpr uint32_t kMaxPayloadBytes = 128u << 20;
inline constexpr std::string_view kFileSuffix = ".wal";
inline constexpr int kFileNameDigits = 12;

// "000000000042.wal" for 42.
std::string FileName(uint64_t file_number);
// `dir`/FileName(file_number).
std::string FilePath(const std::string& dir, uint64_t file_number);
// The number of a WAL file name (digits followed by ".wal"), or nullopt for
// any other name (temporary files, editor backups, ...).
std::optional<uint64_t> ParseFileName(std::string_view name);

// Writes the kFileHeaderSize-byte header of file `file_number` to `out`.
void EncodeFileHeader(uint64_t file_number, char* out);
// True if `data` starts with an intact header naming `file_number`.
bool DecodeFileHeader(std::string_view data, uint64_t file_number);

// Writes the kRecordHeaderSize-byte header of a record whose payload is the
// concatenation of `pieces` to `out`. The caller guarantees the payload size
// is at most kMaxPayloadBytes.
void EncodeRecordHeader(uint8_t type, std::span<const std::string_view> pieces, char* out);

// A record header as read back from disk (not yet verified).
struct RecordHeader {
  uint32_t checksum;
  uint32_t length;
  uint8_t type;
};
// Decodes the kRecordHeaderSize bytes at `p` (caller guarantees they exist).
RecordHeader DecodeRecordHeader(const char* p);
// True if `header_bytes` (the kRecordHeaderSize bytes of a header) and
// `payload` match the header's checksum.
bool RecordChecksumMatches(const char* header_bytes, std::string_view payload);

}  // namespace waggle::store::wal
