#include "store/wal/format.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "core/coding.h"
#include "core/hash.h"

namespace waggle::store::wal {
namespace {

void StoreFixed32(char* p, uint32_t v) { std::memcpy(p, &v, 4); }
void StoreFixed64(char* p, uint64_t v) { std::memcpy(p, &v, 8); }

// The bytes a record checksum covers before the payload: length and type.
constexpr size_t kCoveredHeaderOffset = 4;
constexpr size_t kCoveredHeaderSize = kRecordHeaderSize - kCoveredHeaderOffset;

}  // namespace

std::string FileName(uint64_t file_number) {
  return fmt::format("{:0{}}{}", file_number, kFileNameDigits, kFileSuffix);
}

std::string FilePath(const std::string& dir, uint64_t file_number) {
  return dir + "/" + FileName(file_number);
}

std::optional<uint64_t> ParseFileName(std::string_view name) {
  if (name.size() <= kFileSuffix.size() || !name.ends_with(kFileSuffix)) return std::nullopt;
  std::string_view digits = name.substr(0, name.size() - kFileSuffix.size());
  uint64_t number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (number > (UINT64_MAX - digit) / 10) return std::nullopt;  // overflow
    number = number * 10 + digit;
  }
  return number;
}

void EncodeFileHeader(uint64_t file_number, char* out) {
  std::memcpy(out, kFileMagic.data(), kFileMagic.size());
  StoreFixed32(out + 8, kFileVersion);
  StoreFixed64(out + 12, file_number);
  StoreFixed32(out + 20, core::Checksum32(std::string_view(out, 20)));
}

bool DecodeFileHeader(std::string_view data, uint64_t file_number) {
  if (data.size() < kFileHeaderSize) return false;
  const char* p = data.data();
  return data.substr(0, kFileMagic.size()) == kFileMagic &&
         core::DecodeFixed32(p + 8) == kFileVersion && core::DecodeFixed64(p + 12) == file_number &&
         core::DecodeFixed32(p + 20) == core::Checksum32(std::string_view(p, 20));
}

void EncodeRecordHeader(uint8_t type, std::span<const std::string_view> pieces, char* out) {
  uint64_t length = 0;
  for (std::string_view piece : pieces) length += piece.size();
  StoreFixed32(out + 4, static_cast<uint32_t>(length));
  out[8] = static_cast<char>(type);
  // Checksum the header tail and the pieces in place: a stack array covers
  // the usual one to three pieces without allocating.
  constexpr size_t kInline = 8;
  std::string_view inline_parts[kInline];
  std::vector<std::string_view> heap_parts;
  std::span<std::string_view> parts;
  if (pieces.size() + 1 <= kInline) {
    parts = std::span<std::string_view>(inline_parts, pieces.size() + 1);
  } else {
    heap_parts.resize(pieces.size() + 1);
    parts = heap_parts;
  }
  parts[0] = std::string_view(out + kCoveredHeaderOffset, kCoveredHeaderSize);
  std::copy(pieces.begin(), pieces.end(), parts.begin() + 1);
  StoreFixed32(out, core::Checksum32Concat(parts));
}

RecordHeader DecodeRecordHeader(const char* p) {
  return RecordHeader{core::DecodeFixed32(p), core::DecodeFixed32(p + 4),
                      static_cast<uint8_t>(p[8])};
}

bool RecordChecksumMatches(const char* header_bytes, std::string_view payload) {
  const std::string_view parts[2] = {
      std::string_view(header_bytes + kCoveredHeaderOffset, kCoveredHeaderSize), payload};
  return core::DecodeFixed32(header_bytes) == core::Checksum32Concat(parts);
}

}  // namespace waggle::store::wal
