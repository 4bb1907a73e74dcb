// linspace: every dtype against PyTorch 1.13 (tools/golden/linspace.py), bit for bit, over step
// counts that reach PyTorch's vectorised fill and its scalar tail, and both halves of the range.
#include <gtest/gtest.h>

#include "ember/ember.h"
#include "support/fixture.h"

using namespace ember;

TEST(Linspace, MatchesPyTorchForEveryDtype) {
  const test::json j = test::load_fixture("linspace.json");
  ASSERT_GT(j["cases"].size(), 500u);
  for (const auto& c : j["cases"]) {
    const Tensor expected = test::tensor_from_json(c["out"]);
    const int64_t steps = c["steps"].get<int64_t>();
    const Scalar start = c["start"].is_number_integer() ? Scalar(c["start"].get<int64_t>())
                                                        : Scalar(c["start"].get<double>());
    const Scalar end = c["end"].is_number_integer() ? Scalar(c["end"].get<int64_t>())
                                                    : Scalar(c["end"].get<double>());
    const Tensor got = linspace(start, end, steps, expected.scalar_type());
    EXPECT_TENSOR_EQ(got, expected) << expected.scalar_type() << " linspace(" << c["start"] << ", "
                                    << c["end"] << ", " << steps << ")";
  }
}

TEST(Linspace, Errors) {
  EXPECT_THROW(linspace(0, 1, -1), Error);
  EXPECT_EQ(linspace(0, 1, 0).numel(), 0);
  EXPECT_EQ(linspace(2, 5, 1).item<float>(), 2.0f);
}
