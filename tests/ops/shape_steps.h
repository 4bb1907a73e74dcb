// Test helper for shape fixtures (tools/golden/shape.py): replays a step ["view", [2, -1]],
// ["slice", 0, 1, null, 2], ... on an ember tensor, so that each fixture case builds the same
// layout PyTorch did and applies the same op.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "support/fixture.h"

namespace ember::test {

inline std::vector<int64_t> ints(const json& j) { return j.get<std::vector<int64_t>>(); }
inline std::optional<int64_t> opt_int(const json& j) {
  return j.is_null() ? std::nullopt : std::optional<int64_t>(j.get<int64_t>());
}

inline Tensor apply_step(const Tensor& t, const json& step) {
  const std::string name = step.at(0).get<std::string>();
  auto a = [&](size_t i) -> const json& { return step.at(i); };
  if (name == "view") return t.view(ints(a(1)));
  if (name == "reshape") return t.reshape(ints(a(1)));
  if (name == "as_strided") return t.as_strided(ints(a(1)), ints(a(2)), opt_int(a(3)));
  if (name == "t") return t.t();
  if (name == "T") return t.T();
  if (name == "mT") return t.mT();
  if (name == "transpose") return t.transpose(a(1).get<int64_t>(), a(2).get<int64_t>());
  if (name == "permute") return t.permute(ints(a(1)));
  if (name == "squeeze") return step.size() == 1 ? t.squeeze() : t.squeeze(a(1).get<int64_t>());
  if (name == "unsqueeze") return t.unsqueeze(a(1).get<int64_t>());
  if (name == "flatten") return t.flatten(a(1).get<int64_t>(), a(2).get<int64_t>());
  if (name == "unflatten") return t.unflatten(a(1).get<int64_t>(), ints(a(2)));
  if (name == "expand") return t.expand(ints(a(1)));
  if (name == "narrow")
    return t.narrow(a(1).get<int64_t>(), a(2).get<int64_t>(), a(3).get<int64_t>());
  if (name == "select") return t.select(a(1).get<int64_t>(), a(2).get<int64_t>());
  if (name == "slice")
    return t.slice(a(1).get<int64_t>(), opt_int(a(2)), opt_int(a(3)), a(4).get<int64_t>());
  if (name == "movedim") return movedim(t, ints(a(1)), ints(a(2)));
  if (name == "flip") return t.flip(ints(a(1)));
  if (name == "repeat") return t.repeat(ints(a(1)));
  if (name == "contiguous") return t.contiguous();
  ADD_FAILURE() << "unknown step " << name;
  return t;
}

inline Tensor apply_steps(Tensor t, const json& steps) {
  for (const json& s : steps) t = apply_step(t, s);
  return t;
}

// Compares a result with a fixture record {shape, strides, offset, contiguous, shares, values}.
inline ::testing::AssertionResult matches_record(const Tensor& t, const Tensor& root,
                                                 const json& rec) {
  auto fail = [&](const char* what) {
    return ::testing::AssertionFailure()
           << what << ": got shape " << to_string(t.sizes()) << " strides "
           << to_string(t.strides()) << " offset " << t.storage_offset() << " contiguous "
           << t.is_contiguous() << "; expected " << rec.dump().substr(0, 200);
  };
  if (!(t.sizes() == ints(rec.at("shape")))) return fail("shape");
  if (!(t.strides() == ints(rec.at("strides")))) return fail("strides");
  if (t.storage_offset() != rec.at("offset").get<int64_t>()) return fail("offset");
  if (t.is_contiguous() != rec.at("contiguous").get<bool>()) return fail("contiguous");
  bool shares = t.storage() == root.storage() && root.numel() > 0;
  if (shares != rec.at("shares").get<bool>()) return fail("shared storage");
  return tensors_equal(t, tensor_from_json(rec.at("values")));
}

// Runs f expecting the fixture's error: same message, IndexError when PyTorch raised one.
template <class F>
::testing::AssertionResult throws_record(F&& f, const json& rec) {
  const std::string want = rec.at("error").get<std::string>();
  const bool index_error = rec.at("index_error").get<bool>();
  try {
    f();
  } catch (const IndexError& e) {
    if (!index_error) return ::testing::AssertionFailure() << "unexpected IndexError: " << e.what();
    if (e.what() != want) return ::testing::AssertionFailure() << "message was: " << e.what();
    return ::testing::AssertionSuccess();
  } catch (const Error& e) {
    if (index_error) return ::testing::AssertionFailure() << "expected IndexError: " << e.what();
    if (e.what() != want) return ::testing::AssertionFailure() << "message was: " << e.what();
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no error; expected: " << want;
}

}  // namespace ember::test
