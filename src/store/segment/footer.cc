#include "store/segment/footer.h"

#include <fmt/format.h>

#include <cstring>

#include "core/coding.h"
#include "store/column/column_encoder.h"
#include "store/segment/format.h"

namespace waggle::store::segment {
namespace {

// ---- Encoding -------------------------------------------------------------

void PutBlockRef(const BlockRef& ref, std::string* dst) {
  core::PutVarint64(dst, ref.offset);
  core::PutVarint64(dst, ref.stored_size);
  core::PutVarint64(dst, ref.raw_size);
  dst->push_back(static_cast<char>(ref.codec));
  core::PutFixed32(dst, ref.checksum);
}

void PutDouble(std::string* dst, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  core::PutFixed64(dst, bits);
}

void PutMinMax(const ColumnInfo& c, std::string* dst) {
  switch (c.key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      core::PutVarint64(dst, core::ZigZagEncode(c.min_int));
      core::PutVarint64(dst, core::ZigZagEncode(c.max_int));
      return;
    case ColumnType::kDouble:
      PutDouble(dst, c.min_double);
      PutDouble(dst, c.max_double);
      return;
    default:
      core::PutLengthPrefixed(dst, c.min_string);
      core::PutLengthPrefixed(dst, c.max_string);
      return;
  }
}

void PutColumn(const ColumnInfo& c, std::string* dst) {
  core::PutLengthPrefixed(dst, c.key.name);
  dst->push_back(static_cast<char>(c.key.type));
  dst->push_back(static_cast<char>(c.key.kind));
  dst->push_back(static_cast<char>(c.encoding));
  uint8_t flags = (c.sparse ? kFlagSparse : 0) | (c.has_minmax ? kFlagMinMax : 0);
  dst->push_back(static_cast<char>(flags));
  core::PutVarint64(dst, c.present_count);
  if (c.has_minmax) PutMinMax(c, dst);
  if (c.encoding == Encoding::kDict) PutBlockRef(c.dictionary, dst);
  core::PutVarint64(dst, c.blocks.size());
  for (const BlockRef& ref : c.blocks) PutBlockRef(ref, dst);
}

// ---- Decoding -------------------------------------------------------------

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(fmt::format("segment footer: {}", what));
}

bool GetByte(core::Reader* r, uint8_t* out) {
  std::string_view b;
  if (!r->GetBytes(1, &b)) return false;
  *out = static_cast<uint8_t>(b[0]);
  return true;
}

bool GetU32(core::Reader* r, uint32_t* out) {
  uint64_t v;
  if (!r->GetVarint64(&v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool GetDouble(core::Reader* r, double* out) {
  uint64_t bits;
  if (!r->GetFixed64(&bits)) return false;
  std::memcpy(out, &bits, 8);
  return true;
}

absl::Status GetBlockRef(core::Reader* r, uint64_t data_end, BlockRef* ref) {
  uint8_t codec;
  if (!r->GetVarint64(&ref->offset) || !GetU32(r, &ref->stored_size) ||
      !GetU32(r, &ref->raw_size) || !GetByte(r, &codec) || !r->GetFixed32(&ref->checksum)) {
    return Corrupt("truncated block reference");
  }
  if (!IsKnownCodec(codec)) return Corrupt("unknown codec");
  ref->codec = static_cast<Codec>(codec);
  if (ref->offset < kHeaderSize || ref->offset > data_end ||
      ref->stored_size > data_end - ref->offset) {
    return Corrupt("block outside the data area");
  }
  if (ref->raw_size > kMaxBlockRawBytes) return Corrupt("block too large");
  return absl::OkStatus();
}

absl::Status GetMinMax(core::Reader* r, ColumnInfo* c) {
  uint64_t lo;
  uint64_t hi;
  std::string_view slo;
  std::string_view shi;
  switch (c->key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      if (!r->GetVarint64(&lo) || !r->GetVarint64(&hi)) return Corrupt("truncated min/max");
      c->min_int = core::ZigZagDecode(lo);
      c->max_int = core::ZigZagDecode(hi);
      return absl::OkStatus();
    case ColumnType::kDouble:
      if (!GetDouble(r, &c->min_double) || !GetDouble(r, &c->max_double)) {
        return Corrupt("truncated min/max");
      }
      return absl::OkStatus();
    default:
      if (!r->GetLengthPrefixed(&slo) || !r->GetLengthPrefixed(&shi)) {
        return Corrupt("truncated min/max");
      }
      c->min_string = std::string(slo);
      c->max_string = std::string(shi);
      return absl::OkStatus();
  }
}

absl::Status GetColumnKey(core::Reader* r, ColumnInfo* c, uint8_t* flags) {
  std::string_view name;
  uint8_t type;
  uint8_t kind;
  uint8_t encoding;
  if (!r->GetLengthPrefixed(&name) || !GetByte(r, &type) || !GetByte(r, &kind) ||
      !GetByte(r, &encoding) || !GetByte(r, flags)) {
    return Corrupt("truncated column entry");
  }
  if (type < 1 || type > 6) return Corrupt("unknown column type");
  if (kind > 7) return Corrupt("unknown value kind");
  if (!IsKnownEncoding(encoding)) return Corrupt("unknown encoding");
  if ((*flags & ~kKnownFlags) != 0) return Corrupt("unknown column flags");
  c->key.name = std::string(name);
  c->key.type = static_cast<ColumnType>(type);
  c->key.kind = static_cast<model::ValueKind>(kind);
  c->encoding = static_cast<Encoding>(encoding);
  c->sparse = (*flags & kFlagSparse) != 0;
  c->has_minmax = (*flags & kFlagMinMax) != 0;
  return absl::OkStatus();
}

absl::Status GetColumn(core::Reader* r, const Footer& f, uint64_t data_end, ColumnInfo* c) {
  uint8_t flags;
  RETURN_IF_ERROR(GetColumnKey(r, c, &flags));
  if (!GetU32(r, &c->present_count) || c->present_count > f.rows ||
      (!c->sparse && c->present_count != f.rows)) {
    return Corrupt("bad present count");
  }
  if (c->has_minmax) RETURN_IF_ERROR(GetMinMax(r, c));
  c->has_dictionary = c->encoding == Encoding::kDict;
  if (c->has_dictionary) {
    RETURN_IF_ERROR(GetBlockRef(r, data_end, &c->dictionary));
    c->stored_bytes += c->dictionary.stored_size;
  }
  uint64_t count;
  if (!r->GetVarint64(&count) || count != BlockCount(f.rows, f.block_rows) ||
      count > r->remaining()) {
    return Corrupt("bad block count");
  }
  c->blocks.resize(count);
  for (BlockRef& ref : c->blocks) {
    RETURN_IF_ERROR(GetBlockRef(r, data_end, &ref));
    c->stored_bytes += ref.stored_size;
  }
  return absl::OkStatus();
}

absl::Status GetHeader(core::Reader* r, Footer* f) {
  uint64_t min_time;
  uint64_t max_time;
  if (!GetU32(r, &f->rows) || !r->GetVarint64(&min_time) || !r->GetVarint64(&max_time) ||
      !GetU32(r, &f->block_rows)) {
    return Corrupt("truncated header");
  }
  f->min_time_ns = core::ZigZagDecode(min_time);
  f->max_time_ns = core::ZigZagDecode(max_time);
  if (f->rows > kMaxRows) return Corrupt("too many rows");
  if (f->block_rows == 0 || f->block_rows % 64 != 0) return Corrupt("bad block_rows");
  if (f->min_time_ns > f->max_time_ns) return Corrupt("min time after max time");
  return absl::OkStatus();
}

}  // namespace

void EncodeFooter(const Footer& footer, std::string* dst) {
  core::PutVarint64(dst, footer.rows);
  core::PutVarint64(dst, core::ZigZagEncode(footer.min_time_ns));
  core::PutVarint64(dst, core::ZigZagEncode(footer.max_time_ns));
  core::PutVarint64(dst, footer.block_rows);
  core::PutVarint64(dst, footer.columns.size());
  for (const ColumnInfo& c : footer.columns) PutColumn(c, dst);
  core::PutLengthPrefixed(dst, footer.bloom);
}

absl::StatusOr<Footer> DecodeFooter(std::string_view data, uint64_t data_end) {
  core::Reader r(data);
  Footer f;
  RETURN_IF_ERROR(GetHeader(&r, &f));
  uint64_t count;
  // Each entry takes well over one byte, so the count is bounded by the data.
  if (!r.GetVarint64(&count) || count > kMaxColumns || count > r.remaining()) {
    return Corrupt("bad column count");
  }
  f.columns.resize(count);
  for (ColumnInfo& c : f.columns) RETURN_IF_ERROR(GetColumn(&r, f, data_end, &c));
  std::string_view bloom;
  if (!r.GetLengthPrefixed(&bloom)) return Corrupt("truncated bloom");
  f.bloom = std::string(bloom);
  if (!r.empty()) return Corrupt("trailing bytes");
  return f;
}

}  // namespace waggle::store::segment
