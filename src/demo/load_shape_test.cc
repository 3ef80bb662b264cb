#include "demo/load_shape.h"

#include <gtest/gtest.h>

namespace waggle::demo {
namespace {

constexpr int64_t kHour = 3600'000'000'000;
constexpr int64_t kDay = 24 * kHour;

TEST(LoadShapeTest, AfternoonIsBusierThanNight) {
  int64_t day = 20000 * kDay;
  EXPECT_GT(LoadFactor(day + 15 * kHour + 30 * 60'000'000'000LL),
            3 * LoadFactor(day + 3 * kHour + 30 * 60'000'000'000LL));
}

TEST(LoadShapeTest, TopOfTheHourBursts) {
  int64_t t = 20000 * kDay + 10 * kHour;
  EXPECT_GT(LoadFactor(t + 60'000'000'000LL), LoadFactor(t + 30 * 60'000'000'000LL));
}

TEST(LoadShapeTest, StaysInRange) {
  for (int64_t t = 0; t < 2 * kDay; t += kHour / 7) {
    double f = LoadFactor(t);
    EXPECT_GT(f, 0.0);
    EXPECT_LE(f, 1.3);
  }
}

}  // namespace
}  // namespace waggle::demo
