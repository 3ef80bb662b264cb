#include "synth/proto_writer.h"

#include <string>

#include "core/coding.h"
#include "gtest/gtest.h"

namespace waggle::synth {
namespace {

TEST(ProtoWriterTest, VarintSizes) {
  EXPECT_EQ(VarintSize(0), 1u);
  EXPECT_EQ(VarintSize(127), 1u);
  EXPECT_EQ(VarintSize(128), 2u);
  EXPECT_EQ(VarintSize(16383), 2u);
  EXPECT_EQ(VarintSize(16384), 3u);
  EXPECT_EQ(VarintSize(~uint64_t{0}), 10u);
  EXPECT_EQ(TagSize(15), 1u);
  EXPECT_EQ(TagSize(16), 2u);
}

TEST(ProtoWriterTest, ScalarFieldsMatchTheWireFormat) {
  std::string out;
  ProtoWriter w(&out);
  w.PutVarint(1, 150);
  w.PutString(2, "testing");
  w.PutFixed64(7, 0x0102030405060708ull);
  w.PutFixed32(16, 0x101);
  // Examples from the protobuf encoding guide plus a two-byte key (field 16).
  std::string expected("\x08\x96\x01", 3);
  expected += std::string("\x12\x07testing", 9);
  expected += std::string("\x39\x08\x07\x06\x05\x04\x03\x02\x01", 9);
  expected += std::string("\x85\x01\x01\x01\x00\x00", 6);
  EXPECT_EQ(out, expected);
}

TEST(ProtoWriterTest, NegativeIntTakesTenBytes) {
  std::string out;
  ProtoWriter w(&out);
  w.PutVarint(3, static_cast<uint64_t>(int64_t{-1}));
  ASSERT_EQ(out.size(), 11u);
  core::Reader r(std::string_view(out).substr(1));
  uint64_t v = 0;
  ASSERT_TRUE(r.GetVarint64(&v));
  EXPECT_EQ(static_cast<int64_t>(v), -1);
}

// Writes a nested message of `body_size` bytes with the given hint and
// checks the length is canonical and the body intact.
void CheckNested(size_t body_size, size_t hint) {
  std::string out = "prefix";
  ProtoWriter w(&out);
  ProtoWriter::Mark mark = w.BeginMessage(5, hint);
  std::string body(body_size, 'x');
  for (size_t i = 0; i < body_size; ++i) body[i] = static_cast<char>('a' + i % 26);
  out.append(body);
  w.EndMessage(mark);
  w.PutVarint(1, 1);  // a field after the message still lands after it

  std::string expected = "prefix";
  expected.push_back(static_cast<char>(5 << 3 | 2));
  core::PutVarint64(&expected, body_size);
  expected += body;
  expected += std::string("\x08\x01", 2);
  EXPECT_EQ(out, expected) << "body " << body_size << " hint " << hint;
}

TEST(ProtoWriterTest, NestedLengthIsBackpatchedCanonically) {
  for (size_t size : {0, 1, 127, 128, 300, 16383, 16384, 70000}) {
    for (size_t hint : {0, 100, 1000, 100000}) CheckNested(size, hint);
  }
}

TEST(ProtoWriterTest, DeeplyNestedMessages) {
  std::string out;
  ProtoWriter w(&out);
  ProtoWriter::Mark outer = w.BeginMessage(1);
  ProtoWriter::Mark inner = w.BeginMessage(2);
  w.PutString(3, std::string(200, 'z'));
  w.EndMessage(inner);
  w.EndMessage(outer);
  // inner = tag(1) + len(2) + [tag(1) + len(2) + 200] = 206; outer body = 206.
  core::Reader r(out);
  uint64_t tag = 0, len = 0;
  ASSERT_TRUE(r.GetVarint64(&tag));
  EXPECT_EQ(tag, 0x0Au);
  ASSERT_TRUE(r.GetVarint64(&len));
  EXPECT_EQ(len, 206u);
  EXPECT_EQ(r.remaining(), 206u);
  ASSERT_TRUE(r.GetVarint64(&tag));
  EXPECT_EQ(tag, 0x12u);
  ASSERT_TRUE(r.GetVarint64(&len));
  EXPECT_EQ(len, 203u);
}

}  // namespace
}  // namespace waggle::synth
