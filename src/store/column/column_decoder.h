// Rebuilds an in-memory Column from the payloads written by EncodeColumn.
// Every payload is untrusted: anything malformed is DataLoss, never a crash,
// and no allocation is sized by the payload beyond what the (already
// bounded) row count allows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/coding.h"
#include "core/status.h"
#include "store/column/column.h"
#include "store/column/encoding.h"

namespace waggle::store {

// What a segment's directory says about one column.
struct ColumnLayout {
  ColumnKey key;
  Encoding encoding = Encoding::kInt;
  bool sparse = false;
  uint32_t rows = 0;
  uint32_t block_rows = 0;  // a positive multiple of 64
  uint32_t present_count = 0;
};

// Decodes one column block by block, in order, into a Column it owns.
// Usage: Create(), DecodeBlock(0..BlockCount-1), then Finish(). Not
// thread-safe; one decoder per column read. Per-block work allocates only
// reusable scratch, never per row.
class ColumnDecoder {
 public:
  // Checks that `layout` is consistent (encoding valid for the type) and
  // parses `dictionary` (kDict only; it must outlive the decoder). With
  // `dictionary_form` false a dictionary string column gets no
  // dict_codes/dict_entries, only its values (point reads need no more).
  // Returns DataLoss on any inconsistency.
  static absl::StatusOr<ColumnDecoder> Create(const ColumnLayout& layout,
                                              std::string_view dictionary,
                                              bool dictionary_form = true);

  // Decodes the raw payload of block `index`, which must be the next block.
  absl::Status DecodeBlock(uint32_t index, std::string_view payload);

  // Skips block `index` (which must be the next block) without reading it:
  // its rows stay absent (sparse) or zero/empty (dense). For point reads
  // that need a few rows of a large column.
  absl::Status SkipBlock(uint32_t index);

  // Checks that every block was decoded or skipped and, unless some were
  // skipped, that the present count matches; then hands over the column.
  absl::StatusOr<Column> Finish() &&;

 private:
  explicit ColumnDecoder(const ColumnLayout& layout) : layout_(layout) {}
  absl::Status DecodeValues(core::Reader* reader, uint32_t begin, uint32_t n, uint32_t m);
  bool DecodeInts(core::Reader* reader, uint32_t begin, uint32_t m);
  bool DecodeDoubles(core::Reader* reader, uint32_t begin, uint32_t m);
  bool DecodeStrings(core::Reader* reader, uint32_t begin, uint32_t n, uint32_t m);
  bool DecodeFixed(core::Reader* reader, uint32_t begin, uint32_t m);
  bool DecodeDictStrings(core::Reader* reader, uint32_t begin, uint32_t n, uint32_t m);
  bool DecodeDictFixed(core::Reader* reader, uint32_t begin, uint32_t m);
  // The row index of the i-th present row of the current block.
  void CollectPresentRows(uint32_t begin, uint32_t n);

  ColumnLayout layout_;
  Column column_;
  std::vector<std::string_view> dict_;
  uint32_t next_block_ = 0;
  bool skipped_ = false;
  uint64_t present_seen_ = 0;
  // Scratch reused across blocks.
  std::vector<uint32_t> rows_;
  std::vector<uint32_t> u32_;
  std::vector<int64_t> i64_;
  std::vector<double> f64_;
};

}  // namespace waggle::store
