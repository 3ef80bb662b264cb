// Round trips through EncodeColumn and ColumnDecoder for every column type,
// dense and sparse, across block boundaries, plus corrupt payloads.
#include "store/column/column_decoder.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "store/column/column_encoder.h"
#include "store/column/column_testing.h"

namespace waggle::store {
namespace {

constexpr uint32_t kBlockRows = 128;

absl::StatusOr<Column> RoundTrip(const Column& column, uint32_t block_rows = kBlockRows,
                                 Encoding* encoding = nullptr) {
  ASSIGN_OR_RETURN(EncodedColumn encoded, EncodeColumn(column, block_rows));
  if (encoding != nullptr) *encoding = encoded.encoding;
  ColumnLayout layout{column.key,  encoded.encoding, column.sparse,
                      column.rows, block_rows,       encoded.stats.present_count};
  ASSIGN_OR_RETURN(ColumnDecoder decoder, ColumnDecoder::Create(layout, encoded.dictionary));
  for (uint32_t b = 0; b < encoded.blocks.size(); ++b) {
    RETURN_IF_ERROR(decoder.DecodeBlock(b, encoded.blocks[b]));
  }
  return std::move(decoder).Finish();
}

// Builds a column of `rows` rows where `value(r)` fills present rows and
// every `sparse_every`-th row is present (0 = dense).
Column MakeColumn(ColumnType type, uint32_t rows, int sparse_every) {
  Column c;
  c.key = {"col", type, model::ValueKind::kString};
  c.rows = rows;
  c.sparse = sparse_every > 0;
  if (c.sparse) c.present.Resize(rows);
  std::mt19937_64 rng(rows * 31 + static_cast<int>(type));
  size_t width = FixedWidth(type);
  if (type == ColumnType::kString) c.offsets.push_back(0);
  for (uint32_t r = 0; r < rows; ++r) {
    bool present = !c.sparse || r % sparse_every == 0;
    if (present && c.sparse) c.present.Set(r);
    uint64_t x = rng();
    switch (type) {
      case ColumnType::kInt64:
        c.ints.push_back(present ? static_cast<int64_t>(x % 1000) - 500 : 0);
        break;
      case ColumnType::kBool:
        c.ints.push_back(present ? static_cast<int64_t>(x & 1) : 0);
        break;
      case ColumnType::kDouble:
        c.doubles.push_back(present ? static_cast<double>(x % 10000) / 7 : 0);
        break;
      case ColumnType::kString:
        if (present) c.bytes += "value-" + std::to_string(x % 50);
        c.offsets.push_back(static_cast<uint32_t>(c.bytes.size()));
        break;
      case ColumnType::kFixed16:
      case ColumnType::kFixed8:
        for (size_t i = 0; i < width; ++i)
          c.bytes.push_back(present ? static_cast<char>(x >> (i % 8 * 8)) : '\0');
        break;
    }
  }
  return c;
}

constexpr ColumnType kTypes[] = {ColumnType::kInt64,  ColumnType::kBool,    ColumnType::kDouble,
                                 ColumnType::kString, ColumnType::kFixed16, ColumnType::kFixed8};

TEST(ColumnCodecTest, EveryTypeDenseAndSparseRoundTrips) {
  for (ColumnType type : kTypes) {
    for (uint32_t rows : {0u, 1u, 127u, 128u, 129u, 1000u}) {
      for (int sparse_every : {0, 1, 3, 1000000}) {  // 1000000: only row 0 present
        Column c = MakeColumn(type, rows, sparse_every);
        absl::StatusOr<Column> out = RoundTrip(c);
        ASSERT_TRUE(out.ok()) << out.status();
        EXPECT_EQ(ColumnDiff(c, *out), "")
            << "type " << static_cast<int>(type) << " rows " << rows << " sparse " << sparse_every;
      }
    }
  }
}

TEST(ColumnCodecTest, AllNullColumn) {
  for (ColumnType type : kTypes) {
    Column c = MakeColumn(type, 300, 1);
    c = MakeColumn(type, 0, 0);
    // An all-absent sparse column of 300 rows.
    Column empty;
    empty.key = {"nulls", type, model::ValueKind::kString};
    empty.rows = 300;
    empty.sparse = true;
    empty.present.Resize(300);
    empty.ints.assign(type == ColumnType::kInt64 || type == ColumnType::kBool ? 300 : 0, 0);
    empty.doubles.assign(type == ColumnType::kDouble ? 300 : 0, 0);
    if (type == ColumnType::kString) empty.offsets.assign(301, 0);
    empty.bytes.assign(300 * FixedWidth(type), '\0');
    absl::StatusOr<Column> out = RoundTrip(empty);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(ColumnDiff(empty, *out), "");
  }
}

TEST(ColumnCodecTest, ChoosesDictionaryForRepeatedValuesOnly) {
  Encoding encoding;
  Column repeated = MakeColumn(ColumnType::kString, 1000, 0);
  ASSERT_TRUE(RoundTrip(repeated, kBlockRows, &encoding).ok());
  EXPECT_EQ(encoding, Encoding::kDict);
  Column unique = MakeColumn(ColumnType::kFixed16, 1000, 0);
  ASSERT_TRUE(RoundTrip(unique, kBlockRows, &encoding).ok());
  EXPECT_EQ(encoding, Encoding::kRawFixed);
}

TEST(ColumnCodecTest, DictionaryFormMatchesTheStrings) {
  for (int sparse_every : {0, 3}) {
    Column in = MakeColumn(ColumnType::kString, 1000, sparse_every);
    Encoding encoding;
    absl::StatusOr<Column> out = RoundTrip(in, kBlockRows, &encoding);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(encoding, Encoding::kDict);
    ASSERT_EQ(out->dict_codes.size(), 1000u);
    for (uint32_t r = 0; r < 1000; ++r) {
      if (!out->IsPresent(r)) continue;
      EXPECT_EQ(out->dict_entries[out->dict_codes[r]], in.StringAt(r));
    }
  }
  Column ints = MakeColumn(ColumnType::kInt64, 100, 0);
  EXPECT_TRUE(RoundTrip(ints)->dict_codes.empty());
}

TEST(ColumnCodecTest, StatsCoverPresentValues) {
  Column c;
  c.key = {"n", ColumnType::kInt64, model::ValueKind::kInt};
  c.rows = 4;
  c.sparse = true;
  c.present.Resize(4);
  c.present.Set(1);
  c.present.Set(3);
  c.ints = {-100, std::numeric_limits<int64_t>::max(), 100, std::numeric_limits<int64_t>::min()};
  absl::StatusOr<EncodedColumn> encoded = EncodeColumn(c, 64);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->stats.present_count, 2u);
  EXPECT_TRUE(encoded->stats.has_minmax);
  EXPECT_EQ(encoded->stats.min_int, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(encoded->stats.max_int, std::numeric_limits<int64_t>::max());
  absl::StatusOr<Column> out = RoundTrip(c, 64);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(ColumnDiff(c, *out), "");
}

TEST(ColumnCodecTest, MillionRowsAndHugeStrings) {
  Column c = MakeColumn(ColumnType::kInt64, 1'000'000, 0);
  absl::StatusOr<Column> out = RoundTrip(c, 65536);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(ColumnDiff(c, *out), "");
  Column s;
  s.key = {"body", ColumnType::kString, model::ValueKind::kString};
  s.rows = 3;
  s.bytes = std::string(8 << 20, 'a') + "b" + std::string(8 << 20, 'c');
  s.offsets = {0, 8 << 20, (8 << 20) + 1, static_cast<uint32_t>(s.bytes.size())};
  out = RoundTrip(s);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(ColumnDiff(s, *out), "");
}

TEST(ColumnCodecTest, RejectsMalformedColumns) {
  Column c = MakeColumn(ColumnType::kString, 10, 0);
  c.offsets[5] = 1000;
  EXPECT_EQ(EncodeColumn(c, 64).status().code(), absl::StatusCode::kInvalidArgument);
  Column ints = MakeColumn(ColumnType::kInt64, 10, 0);
  ints.ints.pop_back();
  EXPECT_EQ(EncodeColumn(ints, 64).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeColumn(MakeColumn(ColumnType::kInt64, 10, 0), 100).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ColumnCodecTest, CorruptBlocksAreDataLoss) {
  for (ColumnType type : kTypes) {
    Column c = MakeColumn(type, 200, 2);
    absl::StatusOr<EncodedColumn> encoded = EncodeColumn(c, kBlockRows);
    ASSERT_TRUE(encoded.ok());
    ColumnLayout layout{c.key, encoded->encoding, true,
                        200,   kBlockRows,        encoded->stats.present_count};
    const std::string& block = encoded->blocks[0];
    for (size_t cut = 0; cut < block.size(); ++cut) {
      absl::StatusOr<ColumnDecoder> decoder = ColumnDecoder::Create(layout, encoded->dictionary);
      ASSERT_TRUE(decoder.ok());
      absl::Status s = decoder->DecodeBlock(0, std::string_view(block).substr(0, cut));
      EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << static_cast<int>(type) << " " << cut;
    }
    ColumnLayout wrong = layout;
    wrong.encoding = Encoding::kRawDouble;
    if (type != ColumnType::kDouble) {
      EXPECT_EQ(ColumnDecoder::Create(wrong, "").status().code(), absl::StatusCode::kDataLoss);
    }
  }
}

}  // namespace
}  // namespace waggle::store
