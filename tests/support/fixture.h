// Test support: load PyTorch-made JSON fixtures (tests/fixtures/*.json, written by
// tools/golden/*.py) into tensors, and compare tensors exactly or within a tolerance.
// A fixture tensor is {"dtype": "float32", "shape": [2, 3], "data": [...row-major...]} with
// non-finite floats written as the strings "nan", "inf", "-inf".
#pragma once
#include <functional>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "ember/ember.h"

namespace ember::test {

using json = nlohmann::json;

// Parses tests/fixtures/<name> (e.g. "pointwise.json"); fails the test if missing.
json load_fixture(const std::string& name);
std::string fixture_path(const std::string& name);
ScalarType dtype_from_name(const std::string& name);  // "float32" -> kFloat32
Tensor tensor_from_json(const json& j);

// The message of the ember::Error that f() throws, or "<no error>" when it returns normally.
std::string error_of(const std::function<void()>& f);

// Same dtype, same shape, and every element bit-identical (NaN equals NaN).
::testing::AssertionResult tensors_equal(const Tensor& actual, const Tensor& expected);
// Same dtype and shape; |a - e| <= atol + rtol * |e| elementwise (NaN equals NaN, inf equals inf).
::testing::AssertionResult tensors_close(const Tensor& actual, const Tensor& expected,
                                         double rtol = 1.3e-6, double atol = 1e-5);

}  // namespace ember::test

#define EXPECT_TENSOR_EQ(a, e) EXPECT_TRUE(::ember::test::tensors_equal((a), (e)))
#define EXPECT_TENSOR_CLOSE(a, e, ...) \
  EXPECT_TRUE(::ember::test::tensors_close((a), (e), ##__VA_ARGS__))
