#include "store/catalog/manifest.h"

#include <gtest/gtest.h>

namespace waggle::store {
namespace {

Manifest Sample() {
  Manifest m;
  m.wal_flushed_upto = 12;
  m.next_segment_id = 7;
  m.segments.push_back({3, {"default", TableKind::kSpans, "backend flask"}, 100, -5, 99, 4096});
  m.segments.push_back({6, {"prod", TableKind::kLogs, "cruddur"}, 1, 0, 0, 10});
  return m;
}

TEST(ManifestTest, RoundTrips) {
  Manifest m = Sample();
  absl::StatusOr<Manifest> back = Manifest::Decode(m.Encode());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->wal_flushed_upto, 12u);
  EXPECT_EQ(back->next_segment_id, 7u);
  ASSERT_EQ(back->segments.size(), 2u);
  EXPECT_EQ(back->segments[0].table.dataset, "backend flask");
  EXPECT_EQ(back->segments[0].min_time_ns, -5);
  EXPECT_EQ(back->segments[1].table.kind, TableKind::kLogs);
  EXPECT_EQ(back->segments[1].bytes, 10u);
}

TEST(ManifestTest, EveryFlippedByteIsDetected) {
  std::string text = Sample().Encode();
  for (size_t i = 0; i < text.size(); ++i) {
    std::string bad = text;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    absl::StatusOr<Manifest> m = Manifest::Decode(bad);
    // A flip inside the checksum's own digits may still parse as hex of a
    // different value; it must then fail the comparison.
    EXPECT_FALSE(m.ok()) << "flip at " << i << " went unnoticed";
  }
}

TEST(ManifestTest, TruncationIsDetected) {
  std::string text = Sample().Encode();
  for (size_t n = 0; n + 1 < text.size(); ++n) {
    EXPECT_FALSE(Manifest::Decode(text.substr(0, n)).ok()) << "cut at " << n;
  }
}

}  // namespace
TEST(ManifestTest, DirectoryNamesAreEscapedAndBounded) {
  EXPECT_EQ(DirectoryNameFor("backend-flask"), "backend-flask");
  EXPECT_EQ(DirectoryNameFor("/aws/lambda/fn"), "%2Faws%2Flambda%2Ffn");
  EXPECT_EQ(DirectoryNameFor(".."), "%2E.");
  EXPECT_EQ(DirectoryNameFor("a b"), "a%20b");
  std::string long_name(400, '/');
  std::string dir = DirectoryNameFor(long_name);
  EXPECT_LE(dir.size(), 200u);
  EXPECT_NE(dir.find('~'), std::string::npos);
  EXPECT_NE(DirectoryNameFor(long_name + "x"), dir);
}

}  // namespace waggle::store
