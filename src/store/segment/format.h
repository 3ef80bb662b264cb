// Constants of the segment file format. docs/formats/segment.md is the
// prose description and grammar; keep the two in step.
//
//   file    := header block* footer trailer
//   header  := "WGSEG\0\0\1"                       (kHeaderMagic, 8 bytes)
//   trailer := fixed64(footer_offset) fixed32(footer_size)
//              fixed32(Checksum32(footer)) fixed32(kFormatVersion)
//              fixed32(kTrailerMagic)              (kTrailerSize bytes)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace waggle::store::segment {

inline constexpr std::string_view kHeaderMagic{"WGSEG\0\0\1", 8};
inline constexpr size_t kHeaderSize = 8;
inline constexpr uint32_t kTrailerMagic = 0x57534731;  // "1GSW" little-endian
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kTrailerSize = 24;

// Hard limits a reader enforces before allocating anything (a segment that
// breaks them is corrupt, and a writer refuses to produce one).
inline constexpr uint32_t kMaxRows = uint32_t{1} << 25;  // 33.5M rows
inline constexpr uint32_t kMaxColumns = 1 << 16;
inline constexpr uint64_t kMaxFooterBytes = uint64_t{1} << 30;
inline constexpr uint64_t kMaxBlockRawBytes = uint64_t{1} << 30;

// Column flags (one byte per directory entry).
inline constexpr uint8_t kFlagSparse = 1;  // blocks start with presence bits
inline constexpr uint8_t kFlagMinMax = 2;  // min/max statistics follow
inline constexpr uint8_t kKnownFlags = kFlagSparse | kFlagMinMax;

// Columns with a meaning to the segment itself.
inline constexpr std::string_view kTimestampColumn = "timestamp";     // kInt64, dense
inline constexpr std::string_view kTraceIdColumn = "trace.trace_id";  // kFixed16: the bloom

}  // namespace waggle::store::segment
