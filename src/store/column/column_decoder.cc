#include "store/column/column_decoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "store/column/bitmap_encoding.h"
#include "store/column/column_encoder.h"
#include "store/column/int_encoding.h"
#include "store/column/plain_fixed.h"
#include "store/column/plain_string.h"
#include "store/column/string_dict.h"

namespace waggle::store {
namespace {

bool EncodingFitsType(Encoding encoding, ColumnType type) {
  switch (type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      return encoding == Encoding::kInt;
    case ColumnType::kDouble:
      return encoding == Encoding::kRawDouble;
    case ColumnType::kString:
      return encoding == Encoding::kPlainString || encoding == Encoding::kDict;
    case ColumnType::kFixed16:
    case ColumnType::kFixed8:
      return encoding == Encoding::kRawFixed || encoding == Encoding::kDict;
  }
  return false;
}

absl::Status Corrupt(const ColumnLayout& layout, std::string_view what) {
  return absl::DataLossError(fmt::format("column {}: {}", layout.key.name, what));
}

}  // namespace

absl::StatusOr<ColumnDecoder> ColumnDecoder::Create(const ColumnLayout& layout,
                                                    std::string_view dictionary,
                                                    bool dictionary_form) {
  if (!EncodingFitsType(layout.encoding, layout.key.type)) {
    return Corrupt(layout, "encoding does not fit the column type");
  }
  if (layout.block_rows == 0 || layout.block_rows % 64 != 0) {
    return Corrupt(layout, "bad block_rows");
  }
  if (layout.present_count > layout.rows ||
      (!layout.sparse && layout.present_count != layout.rows)) {
    return Corrupt(layout, "bad present count");
  }
  ColumnDecoder d(layout);
  size_t width = FixedWidth(layout.key.type);
  if (layout.encoding == Encoding::kDict &&
      !DecodeDictionary(dictionary, width, layout.present_count, &d.dict_)) {
    return Corrupt(layout, "bad dictionary");
  }
  Column& c = d.column_;
  c.key = layout.key;
  c.rows = layout.rows;
  c.sparse = layout.sparse;
  if (c.sparse) c.present.Resize(c.rows);
  switch (layout.key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      c.ints.assign(c.rows, 0);
      break;
    case ColumnType::kDouble:
      c.doubles.assign(c.rows, 0);
      break;
    case ColumnType::kString:
      c.offsets.assign(size_t{c.rows} + 1, 0);
      if (layout.encoding == Encoding::kDict && dictionary_form) {
        c.dict_codes.assign(c.rows, 0);
        c.dict_entries.assign(d.dict_.begin(), d.dict_.end());
      }
      break;
    case ColumnType::kFixed16:
    case ColumnType::kFixed8:
      c.bytes.assign(c.rows * width, '\0');
      break;
  }
  return d;
}

absl::Status ColumnDecoder::DecodeBlock(uint32_t index, std::string_view payload) {
  if (index != next_block_ || index >= BlockCount(layout_.rows, layout_.block_rows)) {
    return absl::InternalError("ColumnDecoder: blocks must be decoded in order");
  }
  ++next_block_;
  uint32_t begin = index * layout_.block_rows;
  uint32_t n = std::min(layout_.rows - begin, layout_.block_rows);
  core::Reader reader(payload);
  size_t m = n;
  if (layout_.sparse) {
    if (!DecodeBitmapRange(&reader, begin, n, &column_.present, &m)) {
      return Corrupt(layout_, "bad presence bitmap");
    }
    CollectPresentRows(begin, n);
  }
  present_seen_ += m;
  if (present_seen_ > layout_.present_count) return Corrupt(layout_, "too many present rows");
  RETURN_IF_ERROR(DecodeValues(&reader, begin, n, static_cast<uint32_t>(m)));
  if (!reader.empty()) return Corrupt(layout_, "trailing bytes in block");
  return absl::OkStatus();
}

absl::Status ColumnDecoder::SkipBlock(uint32_t index) {
  if (index != next_block_ || index >= BlockCount(layout_.rows, layout_.block_rows)) {
    return absl::InternalError("ColumnDecoder: blocks must be skipped in order");
  }
  ++next_block_;
  skipped_ = true;
  if (layout_.key.type != ColumnType::kString) return absl::OkStatus();
  // Skipped string rows are empty: each repeats the offset before it.
  uint32_t begin = index * layout_.block_rows;
  uint32_t n = std::min(layout_.rows - begin, layout_.block_rows);
  uint32_t* offsets = column_.offsets.data();
  for (uint32_t r = begin; r < begin + n; ++r) offsets[r + 1] = offsets[begin];
  return absl::OkStatus();
}

absl::StatusOr<Column> ColumnDecoder::Finish() && {
  if (next_block_ != BlockCount(layout_.rows, layout_.block_rows)) {
    return absl::InternalError("ColumnDecoder: not every block was decoded");
  }
  if (!skipped_ && present_seen_ != layout_.present_count) {
    return Corrupt(layout_, "present count mismatch");
  }
  return std::move(column_);
}

void ColumnDecoder::CollectPresentRows(uint32_t begin, uint32_t n) {
  rows_.clear();
  const uint64_t* words = column_.present.words().data();
  for (uint32_t w = begin / 64; w < (begin + n + 63) / 64; ++w) {
    uint64_t word = words[w];
    while (word != 0) {
      rows_.push_back(w * 64 + static_cast<uint32_t>(__builtin_ctzll(word)));
      word &= word - 1;
    }
  }
}

absl::Status ColumnDecoder::DecodeValues(core::Reader* reader, uint32_t begin, uint32_t n,
                                         uint32_t m) {
  bool ok = false;
  switch (layout_.encoding) {
    case Encoding::kInt:
      ok = DecodeInts(reader, begin, m);
      break;
    case Encoding::kRawDouble:
      ok = DecodeDoubles(reader, begin, m);
      break;
    case Encoding::kPlainString:
      ok = DecodeStrings(reader, begin, n, m);
      break;
    case Encoding::kRawFixed:
      ok = DecodeFixed(reader, begin, m);
      break;
    case Encoding::kDict:
      ok = layout_.key.type == ColumnType::kString ? DecodeDictStrings(reader, begin, n, m)
                                                   : DecodeDictFixed(reader, begin, m);
      break;
  }
  return ok ? absl::OkStatus() : Corrupt(layout_, "bad block values");
}

bool ColumnDecoder::DecodeInts(core::Reader* reader, uint32_t begin, uint32_t m) {
  if (!layout_.sparse) return store::DecodeInts(reader, m, column_.ints.data() + begin);
  i64_.resize(m);
  if (!store::DecodeInts(reader, m, i64_.data())) return false;
  for (uint32_t i = 0; i < m; ++i) column_.ints[rows_[i]] = i64_[i];
  return true;
}

bool ColumnDecoder::DecodeDoubles(core::Reader* reader, uint32_t begin, uint32_t m) {
  if (!layout_.sparse) return store::DecodeDoubles(reader, m, column_.doubles.data() + begin);
  f64_.resize(m);
  if (!store::DecodeDoubles(reader, m, f64_.data())) return false;
  for (uint32_t i = 0; i < m; ++i) column_.doubles[rows_[i]] = f64_[i];
  return true;
}

bool ColumnDecoder::DecodeFixed(core::Reader* reader, uint32_t begin, uint32_t m) {
  size_t width = FixedWidth(layout_.key.type);
  if (!layout_.sparse) {
    return store::DecodeFixed(reader, m, width, column_.bytes.data() + begin * width);
  }
  std::string_view in;
  if (!reader->GetBytes(m * width, &in)) return false;
  for (uint32_t i = 0; i < m; ++i) {
    std::memcpy(column_.bytes.data() + rows_[i] * width, in.data() + i * width, width);
  }
  return true;
}

bool ColumnDecoder::DecodeStrings(core::Reader* reader, uint32_t begin, uint32_t n, uint32_t m) {
  uint32_t* offsets = column_.offsets.data();
  if (!layout_.sparse) return DecodePlainStrings(reader, m, &column_.bytes, offsets + begin + 1);
  u32_.resize(m);
  if (!DecodePlainStrings(reader, m, &column_.bytes, u32_.data())) return false;
  // Absent rows repeat the previous offset (an empty value).
  uint32_t k = 0;
  for (uint32_t r = begin; r < begin + n; ++r) {
    offsets[r + 1] = (k < m && rows_[k] == r) ? u32_[k++] : offsets[r];
  }
  return true;
}

bool ColumnDecoder::DecodeDictStrings(core::Reader* reader, uint32_t begin, uint32_t n,
                                      uint32_t m) {
  u32_.resize(m);
  if (!DecodeCodes(reader, m, dict_.size(), u32_.data())) return false;
  uint64_t total = column_.bytes.size();
  for (uint32_t i = 0; i < m; ++i) total += dict_[u32_[i]].size();
  if (total > std::numeric_limits<uint32_t>::max()) return false;
  size_t pos = column_.bytes.size();
  column_.bytes.resize(total);
  char* out = column_.bytes.data();
  uint32_t* offsets = column_.offsets.data();
  uint32_t* codes = column_.dict_codes.empty() ? nullptr : column_.dict_codes.data();
  uint32_t k = 0;
  for (uint32_t r = begin; r < begin + n; ++r) {
    bool present = !layout_.sparse || (k < m && rows_[k] == r);
    if (present) {
      if (codes != nullptr) codes[r] = u32_[k];
      std::string_view v = dict_[u32_[k++]];
      std::memcpy(out + pos, v.data(), v.size());
      pos += v.size();
    }
    offsets[r + 1] = static_cast<uint32_t>(pos);
  }
  return true;
}

bool ColumnDecoder::DecodeDictFixed(core::Reader* reader, uint32_t begin, uint32_t m) {
  u32_.resize(m);
  if (!DecodeCodes(reader, m, dict_.size(), u32_.data())) return false;
  size_t width = FixedWidth(layout_.key.type);
  char* out = column_.bytes.data();
  for (uint32_t i = 0; i < m; ++i) {
    size_t row = layout_.sparse ? rows_[i] : begin + i;
    std::memcpy(out + row * width, dict_[u32_[i]].data(), width);
  }
  return true;
}

}  // namespace waggle::store
