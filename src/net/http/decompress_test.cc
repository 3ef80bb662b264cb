#include "net/http/decompress.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

namespace waggle::net::http {
namespace {

// Compresses with zlib: window_bits 31 = gzip, 15 = zlib, -15 = raw deflate.
std::string Deflate(std::string_view data, int window_bits) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = data.size();
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = out.size();
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string Sample() {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "span " + std::to_string(i) + " ";
  return s;
}

TEST(DecompressTest, ParsesEncodings) {
  EXPECT_EQ(ParseContentEncoding(""), Encoding::kIdentity);
  EXPECT_EQ(ParseContentEncoding(" Identity "), Encoding::kIdentity);
  EXPECT_EQ(ParseContentEncoding("GZIP"), Encoding::kGzip);
  EXPECT_EQ(ParseContentEncoding("x-gzip"), Encoding::kGzip);
  EXPECT_EQ(ParseContentEncoding("deflate"), Encoding::kDeflate);
  EXPECT_EQ(ParseContentEncoding("zstd"), Encoding::kZstd);
  EXPECT_EQ(ParseContentEncoding("br"), Encoding::kUnknown);
  EXPECT_EQ(ParseContentEncoding("gzip, zstd"), Encoding::kUnknown);
}

TEST(DecompressTest, RoundTripsEveryEncoding) {
  const std::string data = Sample();
  std::string out;
  ASSERT_TRUE(Decompress(Encoding::kGzip, Deflate(data, 31), 1 << 20, &out).ok());
  EXPECT_EQ(out, data);
  ASSERT_TRUE(Decompress(Encoding::kDeflate, Deflate(data, 15), 1 << 20, &out).ok());
  EXPECT_EQ(out, data);
  ASSERT_TRUE(Decompress(Encoding::kDeflate, Deflate(data, -15), 1 << 20, &out).ok());
  EXPECT_EQ(out, data);
  ASSERT_TRUE(Decompress(Encoding::kZstd, Zstd(data), 1 << 20, &out).ok());
  EXPECT_EQ(out, data);
  ASSERT_TRUE(Decompress(Encoding::kIdentity, data, data.size(), &out).ok());
  EXPECT_EQ(out, data);
}

TEST(DecompressTest, ExactlyAtCapIsAccepted) {
  const std::string data(100000, 'z');
  std::string out;
  EXPECT_TRUE(Decompress(Encoding::kGzip, Deflate(data, 31), data.size(), &out).ok());
  EXPECT_EQ(out.size(), data.size());
  EXPECT_TRUE(Decompress(Encoding::kZstd, Zstd(data), data.size(), &out).ok());
  EXPECT_EQ(out.size(), data.size());
}

TEST(DecompressTest, BombStopsAtCap) {
  const std::string zeros(64 << 20, '\0');  // 64 MiB -> ~64 KiB compressed.
  std::string out;
  absl::Status status = Decompress(Encoding::kGzip, Deflate(zeros, 31), 1 << 20, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_LE(out.capacity(), 2u << 20);
  status = Decompress(Encoding::kZstd, Zstd(zeros), 1 << 20, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_LE(out.capacity(), 2u << 20);
  status = Decompress(Encoding::kIdentity, zeros, 1 << 20, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
}

TEST(DecompressTest, CorruptOrTruncatedInputIsInvalid) {
  const std::string gz = Deflate(Sample(), 31);
  const std::string zs = Zstd(Sample());
  std::string out;
  EXPECT_EQ(Decompress(Encoding::kGzip, "not gzip at all", 1 << 20, &out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Decompress(Encoding::kGzip, gz.substr(0, gz.size() / 2), 1 << 20, &out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Decompress(Encoding::kGzip, "", 1 << 20, &out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Decompress(Encoding::kZstd, "not zstd", 1 << 20, &out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Decompress(Encoding::kZstd, zs.substr(0, zs.size() / 2), 1 << 20, &out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Decompress(Encoding::kUnknown, gz, 1 << 20, &out).code(),
            absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace waggle::net::http
