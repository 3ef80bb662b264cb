#include "lang/cw_insights/functions.h"

#include <gtest/gtest.h>

namespace waggle::lang::cw_insights {
namespace {

std::string Call(std::string_view name, std::vector<Value> args) {
  const FunctionInfo* f = FindFunction(name);
  EXPECT_NE(f, nullptr) << name;
  if (f == nullptr) return "<none>";
  Value v = CallFunction(f->fn, args);
  return v.present() ? v.Text() : "<null>";
}

Value S(std::string s) { return Value::String(std::move(s)); }
Value N(double d) { return Value::Number(d); }

TEST(InsightsFunctions, Strings) {
  EXPECT_EQ(Call("strlen", {S("héllo")}), "5");  // code points
  EXPECT_EQ(Call("substr", {S("xyZfooxyZ"), N(3), N(3)}), "foo");
  EXPECT_EQ(Call("substr", {S("héllo"), N(1)}), "éllo");
  EXPECT_EQ(Call("substr", {S("abc"), N(5)}), "");
  EXPECT_EQ(Call("replace", {S("a-b-c"), S("-"), S("--")}), "a--b--c");
  EXPECT_EQ(Call("replace", {S("abc"), S(""), S("x")}), "abc");
  EXPECT_EQ(Call("toUpper", {S("MiXed 1")}), "MIXED 1");
  EXPECT_EQ(Call("tolower", {S("MiXed 1")}), "mixed 1");
  EXPECT_EQ(Call("concat", {S("a"), Value(), N(2)}), "a2");
  EXPECT_EQ(Call("strcontains", {S("timeout after 7s"), S("after")}), "1");
  EXPECT_EQ(Call("strcontains", {S("ok"), S("after")}), "0");
  EXPECT_EQ(Call("trim", {S(" \tx ")}), "x");
  EXPECT_EQ(Call("ltrim", {S("--x--"), S("-")}), "x--");
  EXPECT_EQ(Call("rtrim", {S("--x--"), S("-")}), "--x");
  EXPECT_EQ(Call("toupper", {Value()}), "<null>");
  // Results are bounded however the calls nest.
  Value big = S(std::string(1000, 'a'));
  for (int i = 0; i < 4; ++i) {
    big = CallFunction(Fn::kReplace, {big, S("a"), S(std::string(100, 'a'))});
  }
  EXPECT_EQ(big.text.size(), kMaxValueBytes);
}

TEST(InsightsFunctions, PresenceAndNumbers) {
  EXPECT_EQ(Call("ispresent", {Value()}), "0");
  EXPECT_EQ(Call("ispresent", {S("")}), "1");
  EXPECT_EQ(Call("isempty", {S("")}), "1");
  EXPECT_EQ(Call("isempty", {S(" ")}), "0");
  EXPECT_EQ(Call("isblank", {S(" \t")}), "1");
  EXPECT_EQ(Call("isblank", {Value()}), "1");
  EXPECT_EQ(Call("coalesce", {Value(), S("b"), S("c")}), "b");
  EXPECT_EQ(Call("abs", {S("-2.5")}), "2.5");
  EXPECT_EQ(Call("ceil", {N(1.2)}), "2");
  EXPECT_EQ(Call("floor", {N(-1.2)}), "-2");
  EXPECT_EQ(Call("greatest", {N(1), S("7"), S("x")}), "7");
  EXPECT_EQ(Call("least", {N(1), S("-7")}), "-7");
  EXPECT_EQ(Call("sqrt", {N(16)}), "4");
  EXPECT_EQ(Call("sqrt", {N(-1)}), "<null>");
  EXPECT_EQ(Call("log", {N(1)}), "0");
  EXPECT_EQ(Call("abs", {S("abc")}), "<null>");
  EXPECT_EQ(Call("frommillis", {N(1'773'328'800'123)}), "2026-03-12 15:20:00.123");
  EXPECT_EQ(Call("toMillis", {Value::Time(42)}), "42");
  EXPECT_EQ(Call("datefloor", {Value::Time(3'700'000), N(3'600'000)}), "1970-01-01 01:00:00.000");
  EXPECT_EQ(Call("dateceil", {Value::Time(3'600'000), N(3'600'000)}), "1970-01-01 01:00:00.000");
  EXPECT_EQ(FindFunction("nope"), nullptr);
}

TEST(InsightsValues, CompareAndTruth) {
  EXPECT_LT(CompareValues(S("9"), S("10")), 0);  // numerically
  EXPECT_GT(CompareValues(S("b"), S("abc")), 0);
  EXPECT_EQ(CompareValues(Value::Time(5), N(5)), 0);
  EXPECT_FALSE(Truthy(Value()));
  EXPECT_FALSE(Truthy(N(0)));
  EXPECT_FALSE(Truthy(S("false")));
  EXPECT_TRUE(Truthy(S("yes")));
  EXPECT_EQ(N(250 * 1000.0).Text(), "250000");
  EXPECT_EQ(N(0.5).Text(), "0.5");
}

}  // namespace
}  // namespace waggle::lang::cw_insights
