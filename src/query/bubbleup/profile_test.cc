#include "query/bubbleup/profile.h"

#include <gtest/gtest.h>

#include <string>

namespace waggle::query::bubbleup {
namespace {

using exec::Value;
using exec::ValueType;

Value Str(std::string_view s) { return Value{ValueType::kString, 0, 0, s}; }
Value Int(int64_t i) { return Value{ValueType::kInt, i, 0, {}}; }
Value Dbl(double d) { return Value{ValueType::kDouble, 0, d, {}}; }

TEST(ColumnProfileTest, DimensionScoresTheLargestShareDifference) {
  ColumnProfile p;
  p.Add(kSelection, Str("42"), 8);
  p.Add(kSelection, Str("7"), 2);
  p.Add(kBaseline, Str("42"), 1);
  p.Add(kBaseline, Str("7"), 99);
  std::optional<ColumnDiff> d = p.Finalize("user.id", {});
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->measure);
  EXPECT_NEAR(d->score, 0.8 - 0.01, 1e-12);
  ASSERT_EQ(d->values.size(), 2u);
  EXPECT_EQ(d->values[0].value.s, "42");  // most common in the selection first
  EXPECT_DOUBLE_EQ(d->values[0].selection, 0.8);
  EXPECT_DOUBLE_EQ(d->values[0].baseline, 0.01);
}

TEST(ColumnProfileTest, MissingValuesAreAValue) {
  ColumnProfile p;
  p.Add(kSelection, Str("a"), 5);
  p.Add(kSelection, Value{}, 5);
  p.Add(kBaseline, Str("a"), 10);
  std::optional<ColumnDiff> d = p.Finalize("c", {});
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->score, 0.5);
  bool has_null = false;
  for (const ValueShare& v : d->values) has_null = has_null || v.value.type == ValueType::kNull;
  EXPECT_TRUE(has_null);
}

TEST(ColumnProfileTest, FewIntegersAreADimensionManyNumbersAMeasure) {
  ColumnProfile codes;
  for (int i = 0; i < 100; ++i) codes.Add(i % 2 ? kSelection : kBaseline, Int(i % 3 ? 200 : 500));
  std::optional<ColumnDiff> d = codes.Finalize("http.status_code", {});
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->measure);
  EXPECT_EQ(d->values[0].value.type, ValueType::kInt);

  ColumnProfile latency;
  for (int i = 0; i < 100; ++i) latency.Add(kBaseline, Dbl(10 + i * 0.1));
  for (int i = 0; i < 100; ++i) latency.Add(kSelection, Dbl(1000 + i));
  d = latency.Finalize("duration_ms", {});
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->measure);
  EXPECT_DOUBLE_EQ(d->score, 1.0);  // disjoint histograms
  double sel = 0, base = 0;
  for (const BinShare& b : d->bins) {
    EXPECT_LT(b.lower, b.upper);
    sel += b.selection;
    base += b.baseline;
  }
  EXPECT_NEAR(sel, 1, 1e-9);
  EXPECT_NEAR(base, 1, 1e-9);
}

TEST(ColumnProfileTest, SameDistributionScoresZero) {
  ColumnProfile p;
  for (int i = 0; i < 300; ++i) {
    p.Add(kSelection, Dbl(i * 1.5));
    p.Add(kBaseline, Dbl(i * 1.5));
  }
  EXPECT_NEAR(p.Finalize("x", {})->score, 0, 1e-12);
}

TEST(ColumnProfileTest, IdLikeColumnsAreSkipped) {
  ColumnProfile p;
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.push_back("req-" + std::to_string(i));
  for (int i = 0; i < 200; ++i) p.Add(i < 20 ? kSelection : kBaseline, Str(ids[i]));
  EXPECT_FALSE(p.Finalize("request.id", {}));
}

TEST(ColumnProfileTest, MergeOwnsStringsAndPadsMissing) {
  ColumnProfile merged;
  {
    std::string temporary = "checkout";
    ColumnProfile part;
    part.Add(kSelection, Str(temporary), 3);
    merged.Merge(std::move(part));
    temporary.assign("XXXXXXXX");  // the part's storage changes after the merge
  }
  ColumnProfile other;
  other.Add(kSelection, Str("checkout"), 1);
  merged.Merge(std::move(other));
  merged.PadMissing(8, 4);  // events in parts without the column
  std::optional<ColumnDiff> d = merged.Finalize("route", {});
  ASSERT_TRUE(d);
  ASSERT_EQ(d->values.size(), 2u);
  const ValueShare& checkout = d->values[d->values[0].value.type == ValueType::kNull ? 1 : 0];
  EXPECT_EQ(checkout.value.s, "checkout");
  EXPECT_DOUBLE_EQ(checkout.selection, 0.5);
  EXPECT_DOUBLE_EQ(checkout.baseline, 0);
  EXPECT_DOUBLE_EQ(d->score, 0.5);  // missing: 0.5 vs 1.0; checkout: 0.5 vs 0
}

TEST(ColumnProfileTest, TheMostDifferentValueIsListedEvenWhenRare) {
  ColumnProfile p;
  std::vector<std::string> names;
  for (int i = 0; i < 20; ++i) names.push_back("v" + std::to_string(i));
  for (int i = 0; i < 20; ++i) p.Add(kSelection, Str(names[i]), 100 - i);
  for (int i = 0; i < 20; ++i) p.Add(kBaseline, Str(names[i]), 100 - i);
  p.Add(kBaseline, Str("rare-in-selection"), 2000);
  FinalizeOptions o;
  o.max_values = 5;
  std::optional<ColumnDiff> d = p.Finalize("c", o);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->values.size(), 5u);
  EXPECT_EQ(d->values.back().value.s, "rare-in-selection");
}

}  // namespace
}  // namespace waggle::query::bubbleup
