// detail::format_double prints floats as Python's repr does (used by Scalar printing and errors).
#include <gtest/gtest.h>

#include <cmath>

#include "ember/core/error.h"

using ember::detail::format_double;

TEST(FormatDouble, MatchesPythonRepr) {
  EXPECT_EQ(format_double(0.0001), "0.0001");
  EXPECT_EQ(format_double(0.00001), "1e-05");
  EXPECT_EQ(format_double(100000.0), "100000.0");
  EXPECT_EQ(format_double(1.2345678901234568e+17), "1.2345678901234568e+17");
  EXPECT_EQ(format_double(1e16), "1e+16");
  EXPECT_EQ(format_double(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(format_double(45.0), "45.0");
  EXPECT_EQ(format_double(-2.5), "-2.5");
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(-0.0), "-0.0");
  EXPECT_EQ(format_double(1.5e-300), "1.5e-300");
  EXPECT_EQ(format_double(NAN), "nan");
  EXPECT_EQ(format_double(-INFINITY), "-inf");
  EXPECT_EQ(format_double(0.30000000000000004), "0.30000000000000004");
}
