#include "store/wal/format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/hash.h"

namespace waggle::store::wal {
namespace {

TEST(FileNameTest, RoundTrips) {
  EXPECT_EQ(FileName(42), "000000000042.wal");
  EXPECT_EQ(ParseFileName("000000000042.wal"), 42u);
  EXPECT_EQ(ParseFileName(FileName(18446744073709551615ull)), 18446744073709551615ull);
  EXPECT_EQ(FilePath("/x/wal", 7), "/x/wal/000000000007.wal");
}

TEST(FileNameTest, RejectsOtherNames) {
  for (const char* name :
       {".wal", "abc.wal", "12.wal.tmp", "12", "1a.wal", "-1.wal", "123456789012345678901.wal"}) {
    EXPECT_FALSE(ParseFileName(name).has_value()) << name;
  }
}

TEST(ChecksumTest, ConcatEqualsChecksumOfJoinedBytes) {
  std::string big(100000, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131);
  std::vector<std::string_view> pieces = {"", "ab", std::string_view(big).substr(0, 300),
                                          std::string_view(big).substr(300)};
  std::string joined = "ab" + big;
  EXPECT_EQ(core::Checksum32Concat(pieces), core::Checksum32(joined));
  EXPECT_EQ(core::Checksum32Concat({}), core::Checksum32(""));
}

TEST(FileHeaderTest, DecodesOnlyAnIntactHeaderOfTheRightFile) {
  char header[kFileHeaderSize];
  EncodeFileHeader(9, header);
  std::string_view bytes(header, sizeof(header));
  EXPECT_EQ(bytes.substr(0, 8), "WAGGLWAL");
  EXPECT_TRUE(DecodeFileHeader(bytes, 9));
  EXPECT_FALSE(DecodeFileHeader(bytes, 10));
  EXPECT_FALSE(DecodeFileHeader(bytes.substr(0, kFileHeaderSize - 1), 9));
  for (size_t i = 0; i < kFileHeaderSize; ++i) {
    std::string copy(bytes);
    copy[i] ^= 0x20;
    EXPECT_FALSE(DecodeFileHeader(copy, 9)) << "flipped byte " << i;
  }
}

// Builds a record the way the writer lays it out.
std::string Frame(uint8_t type, const std::vector<std::string_view>& pieces) {
  char header[kRecordHeaderSize];
  EncodeRecordHeader(type, pieces, header);
  std::string out(header, sizeof(header));
  for (std::string_view p : pieces) out.append(p);
  return out;
}

TEST(RecordHeaderTest, EncodesLengthTypeAndChecksum) {
  std::vector<std::string_view> pieces = {"hello ", "", "world"};
  std::string record = Frame(7, pieces);
  ASSERT_EQ(record.size(), kRecordHeaderSize + 11);
  RecordHeader header = DecodeRecordHeader(record.data());
  EXPECT_EQ(header.length, 11u);
  EXPECT_EQ(header.type, 7);
  std::string_view payload(record.data() + kRecordHeaderSize, header.length);
  EXPECT_EQ(payload, "hello world");
  EXPECT_TRUE(RecordChecksumMatches(record.data(), payload));
  // One contiguous piece gives the same bytes as several.
  EXPECT_EQ(Frame(7, {"hello world"}), record);
}

TEST(RecordHeaderTest, ManyPiecesAndEmptyPayload) {
  std::vector<std::string_view> many(20, "ab");
  std::string record = Frame(1, many);
  std::string joined;
  for (int i = 0; i < 20; ++i) joined += "ab";
  EXPECT_EQ(record, Frame(1, {joined}));
  std::string empty = Frame(0, {});
  EXPECT_EQ(empty.size(), kRecordHeaderSize);
  EXPECT_TRUE(RecordChecksumMatches(empty.data(), ""));
}

TEST(RecordHeaderTest, EveryCoveredByteIsChecked) {
  std::string record = Frame(3, {"payload bytes"});
  for (size_t i = 0; i < record.size(); ++i) {
    std::string copy = record;
    copy[i] ^= 0x01;
    RecordHeader header = DecodeRecordHeader(copy.data());
    if (header.length != 13) continue;  // a length change is caught by framing
    std::string_view payload(copy.data() + kRecordHeaderSize, 13);
    EXPECT_FALSE(RecordChecksumMatches(copy.data(), payload)) << "flipped byte " << i;
  }
}

TEST(RecordHeaderTest, AllZeroHeaderDoesNotVerify) {
  // A zero-filled tail (a crash after the size grew but before data landed)
  // must not read as an empty record.
  char zeros[kRecordHeaderSize] = {};
  EXPECT_FALSE(RecordChecksumMatches(zeros, ""));
}

}  // namespace
}  // namespace waggle::store::wal
