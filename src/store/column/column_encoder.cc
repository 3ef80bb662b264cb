#include "store/column/column_encoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "store/column/bit_packing.h"
#include "store/column/bitmap_encoding.h"
#include "store/column/int_encoding.h"
#include "store/column/plain_fixed.h"
#include "store/column/plain_string.h"
#include "store/column/string_dict.h"

namespace waggle::store {
namespace {

absl::Status ShapeError(const Column& c, std::string_view what) {
  return absl::InvalidArgumentError(fmt::format("column {}: {}", c.key.name, what));
}

absl::Status ValidateStrings(const Column& c) {
  if (c.offsets.size() != size_t{c.rows} + 1) return ShapeError(c, "offsets size != rows + 1");
  for (size_t r = 0; r < c.rows; ++r) {
    if (c.offsets[r] > c.offsets[r + 1]) return ShapeError(c, "offsets decrease");
  }
  if (c.offsets[c.rows] > c.bytes.size()) return ShapeError(c, "offsets past bytes");
  return absl::OkStatus();
}

absl::Status ValidateShape(const Column& c) {
  if (c.sparse && c.present.words().size() < (size_t{c.rows} + 63) / 64) {
    return ShapeError(c, "presence bitmap shorter than rows");
  }
  switch (c.key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      if (c.ints.size() != c.rows) return ShapeError(c, "ints size != rows");
      return absl::OkStatus();
    case ColumnType::kDouble:
      if (c.doubles.size() != c.rows) return ShapeError(c, "doubles size != rows");
      return absl::OkStatus();
    case ColumnType::kString:
      return ValidateStrings(c);
    case ColumnType::kFixed16:
    case ColumnType::kFixed8:
      if (c.bytes.size() != c.rows * FixedWidth(c.key.type)) {
        return ShapeError(c, "bytes size != rows * width");
      }
      return absl::OkStatus();
  }
  return ShapeError(c, "unknown column type");
}

// The index into the present values at which each block starts, plus the
// total present count at the end.
std::vector<uint32_t> BlockStarts(const Column& c, uint32_t block_rows) {
  uint32_t blocks = BlockCount(c.rows, block_rows);
  std::vector<uint32_t> starts(blocks + 1, 0);
  uint32_t present = 0;
  for (uint32_t b = 0; b < blocks; ++b) {
    starts[b] = present;
    uint32_t begin = b * block_rows;
    uint32_t end = std::min(c.rows, begin + block_rows);
    if (!c.sparse) {
      present += end - begin;
      continue;
    }
    for (uint32_t w = begin / 64; w < (end + 63) / 64; ++w) {
      uint64_t word = c.present.words()[w];
      if (end - w * 64 < 64) word &= (uint64_t{1} << (end - w * 64)) - 1;
      present += static_cast<uint32_t>(__builtin_popcountll(word));
    }
  }
  starts[blocks] = present;
  return starts;
}

// The values of present rows, in row order.
template <typename T>
std::vector<T> Gather(const Column& c, const std::vector<T>& dense) {
  if (!c.sparse) return dense;
  std::vector<T> out;
  for (uint32_t r = 0; r < c.rows; ++r) {
    if (c.present.Get(r)) out.push_back(dense[r]);
  }
  return out;
}

std::vector<std::string_view> GatherViews(const Column& c) {
  std::vector<std::string_view> out;
  size_t width = FixedWidth(c.key.type);
  for (uint32_t r = 0; r < c.rows; ++r) {
    if (!c.IsPresent(r)) continue;
    out.push_back(width == 0 ? c.StringAt(r) : c.FixedAt(r, width));
  }
  return out;
}

// Writes every block: the presence bits (if sparse), then `values(first,
// last, dst)` for the block's present values [first, last).
template <typename Fn>
void EncodeBlocks(const Column& c, uint32_t block_rows, const std::vector<uint32_t>& starts,
                  EncodedColumn* out, Fn values) {
  uint32_t blocks = BlockCount(c.rows, block_rows);
  out->blocks.resize(blocks);
  for (uint32_t b = 0; b < blocks; ++b) {
    std::string& payload = out->blocks[b];
    uint32_t begin = b * block_rows;
    uint32_t n = std::min(c.rows - begin, block_rows);
    if (c.sparse) EncodeBitmapRange(c.present, begin, n, &payload);
    values(starts[b], starts[b + 1], &payload);
  }
}

void EncodeIntColumn(const Column& c, uint32_t block_rows, const std::vector<uint32_t>& starts,
                     EncodedColumn* out) {
  std::vector<int64_t> v = Gather(c, c.ints);
  if (!v.empty()) {
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    out->stats.has_minmax = true;
    out->stats.min_int = *lo;
    out->stats.max_int = *hi;
  }
  out->encoding = Encoding::kInt;
  EncodeBlocks(c, block_rows, starts, out, [&](uint32_t first, uint32_t last, std::string* dst) {
    EncodeInts(v.data() + first, last - first, dst);
  });
}

void EncodeDoubleColumn(const Column& c, uint32_t block_rows, const std::vector<uint32_t>& starts,
                        EncodedColumn* out) {
  std::vector<double> v = Gather(c, c.doubles);
  for (double d : v) {
    if (std::isnan(d)) continue;
    if (!out->stats.has_minmax) {
      out->stats.has_minmax = true;
      out->stats.min_double = out->stats.max_double = d;
    }
    out->stats.min_double = std::min(out->stats.min_double, d);
    out->stats.max_double = std::max(out->stats.max_double, d);
  }
  out->encoding = Encoding::kRawDouble;
  EncodeBlocks(c, block_rows, starts, out, [&](uint32_t first, uint32_t last, std::string* dst) {
    EncodeDoubles(v.data() + first, last - first, dst);
  });
}

// True if a dictionary is estimated to be smaller than the plain layout.
bool DictionaryPays(const std::vector<std::string_view>& values, const Dictionary& dict,
                    size_t width) {
  size_t plain = 0;
  for (std::string_view v : values) plain += v.size() + (width == 0 ? 1 : 0);
  size_t dict_bytes = PackedSize(values.size(), BitWidth(dict.entries.size()));
  for (std::string_view e : dict.entries) dict_bytes += e.size() + (width == 0 ? 1 : 0);
  return dict_bytes < plain;
}

void SetStringStats(std::string_view lo, std::string_view hi, ColumnStats* stats) {
  if (lo.size() > kMaxStatStringBytes || hi.size() > kMaxStatStringBytes) return;
  stats->has_minmax = true;
  stats->min_string = std::string(lo);
  stats->max_string = std::string(hi);
}

void EncodeBytesColumn(const Column& c, uint32_t block_rows, const std::vector<uint32_t>& starts,
                       EncodedColumn* out) {
  size_t width = FixedWidth(c.key.type);
  std::vector<std::string_view> v = GatherViews(c);
  // Sorting pays only for a dictionary that is used: mostly-unique columns
  // (ids, raw documents) skip it and take their min/max in one pass.
  std::optional<Dictionary> dict = CollectDistinct(v.data(), v.size(), v.size());
  if (width == 0 && !dict->entries.empty()) {
    auto [lo, hi] = std::minmax_element(dict->entries.begin(), dict->entries.end());
    SetStringStats(*lo, *hi, &out->stats);
  }
  if (DictionaryPays(v, *dict, width)) {
    SortDictionary(*dict);
    out->encoding = Encoding::kDict;
    EncodeDictionary(dict->entries, width, &out->dictionary);
    size_t size = dict->entries.size();
    EncodeBlocks(c, block_rows, starts, out, [&](uint32_t first, uint32_t last, std::string* dst) {
      EncodeCodes(dict->codes.data() + first, last - first, size, dst);
    });
    return;
  }
  out->encoding = width == 0 ? Encoding::kPlainString : Encoding::kRawFixed;
  EncodeBlocks(c, block_rows, starts, out, [&](uint32_t first, uint32_t last, std::string* dst) {
    if (width == 0) {
      EncodePlainStrings(v.data() + first, last - first, dst);
    } else {
      for (uint32_t i = first; i < last; ++i) EncodeFixed(v[i], dst);
    }
  });
}

}  // namespace

absl::StatusOr<EncodedColumn> EncodeColumn(const Column& column, uint32_t block_rows) {
  if (block_rows == 0 || block_rows % 64 != 0) {
    return absl::InvalidArgumentError("block_rows must be a positive multiple of 64");
  }
  RETURN_IF_ERROR(ValidateShape(column));
  EncodedColumn out;
  std::vector<uint32_t> starts = BlockStarts(column, block_rows);
  out.stats.present_count = starts.back();
  switch (column.key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      EncodeIntColumn(column, block_rows, starts, &out);
      break;
    case ColumnType::kDouble:
      EncodeDoubleColumn(column, block_rows, starts, &out);
      break;
    case ColumnType::kString:
    case ColumnType::kFixed16:
    case ColumnType::kFixed8:
      EncodeBytesColumn(column, block_rows, starts, &out);
      break;
  }
  return out;
}

}  // namespace waggle::store
