#include "store/column/block_compression.h"

#include <gtest/gtest.h>

#include <random>

namespace waggle::store {
namespace {

std::string Compressible() {
  std::string s;
  for (int i = 0; i < 10000; ++i) s += "service-" + std::to_string(i % 7) + ";";
  return s;
}

TEST(BlockCompressionTest, RoundTripsWithEveryCodec) {
  for (Codec codec : {Codec::kNone, Codec::kZstd, Codec::kLz4}) {
    BlockCompressor compressor(codec, 1);
    for (const std::string& raw : {std::string(), std::string("x"), Compressible()}) {
      std::string stored;
      absl::StatusOr<Codec> used = compressor.Compress(raw, &stored);
      ASSERT_TRUE(used.ok()) << used.status();
      if (raw.size() > 1000 && codec != Codec::kNone) {
        EXPECT_EQ(*used, codec);
        EXPECT_LT(stored.size(), raw.size() / 10);
      }
      std::string out = "garbage";
      ASSERT_TRUE(DecompressBlock(*used, stored, raw.size(), &out).ok());
      EXPECT_EQ(out, raw);
    }
  }
}

TEST(BlockCompressionTest, IncompressibleDataIsStoredRaw) {
  std::mt19937_64 rng(9);
  std::string raw(4096, '\0');
  for (char& c : raw) c = static_cast<char>(rng());
  BlockCompressor compressor(Codec::kZstd, 3);
  std::string stored;
  absl::StatusOr<Codec> used = compressor.Compress(raw, &stored);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, Codec::kNone);
  EXPECT_EQ(stored, raw);
}

TEST(BlockCompressionTest, CorruptInputIsDataLoss) {
  std::string raw = Compressible();
  for (Codec codec : {Codec::kZstd, Codec::kLz4}) {
    BlockCompressor compressor(codec, 1);
    std::string stored;
    ASSERT_EQ(*compressor.Compress(raw, &stored), codec);
    std::string out;
    EXPECT_EQ(DecompressBlock(codec, stored, raw.size() + 1, &out).code(),
              absl::StatusCode::kDataLoss);
    EXPECT_EQ(DecompressBlock(codec, stored.substr(0, stored.size() / 2), raw.size(), &out).code(),
              absl::StatusCode::kDataLoss);
    std::string flipped = stored;
    for (size_t i = 0; i < flipped.size(); i += 3) flipped[i] = static_cast<char>(~flipped[i]);
    absl::Status s = DecompressBlock(codec, flipped, raw.size(), &out);
    EXPECT_TRUE(!s.ok() || out != raw);
  }
  std::string out;
  EXPECT_EQ(DecompressBlock(Codec::kNone, "abc", 4, &out).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace waggle::store
