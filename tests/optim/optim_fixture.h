// Test support for the optimizer fixtures (tools/golden/optim.py): base64 tensors, state-dict
// values decoded from / compared with Python's JSON encoding, optimizers built from Python kwargs,
// and the replay of a recorded run (same gradients, parameters compared bit for bit every step).
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "ember/optim.h"
#include "support/fixture.h"

namespace ember::optim::kernels {
void set_simd_enabled(bool on);  // internal (src/optim/update_kernels.h): AVX2 copy or baseline
bool simd_enabled();
}  // namespace ember::optim::kernels

namespace ember::test {

// {"dtype", "shape", "b64"} -> tensor with exactly those bytes (support/fixture.h reads the
// packed form).
inline Tensor tensor_from_b64(const json& j) { return tensor_from_json(j); }

// Python's JSON encoding of a state-dict value (see tools/golden/optim.py) -> StateValue.
inline optim::StateValue state_from_json(const json& j) {
  using optim::StateValue;
  if (j.is_null()) return StateValue();
  if (j.is_boolean()) return StateValue(j.get<bool>());
  if (j.is_number_integer()) return StateValue(j.get<int64_t>());
  if (j.is_number_float()) return StateValue(j.get<double>());
  if (j.is_string()) return StateValue(j.get<std::string>());
  if (j.is_array()) {
    std::vector<StateValue> xs;
    for (const auto& x : j) xs.push_back(state_from_json(x));
    return StateValue::list(std::move(xs));
  }
  if (j.contains("tuple")) {
    std::vector<StateValue> xs;
    for (const auto& x : j.at("tuple")) xs.push_back(state_from_json(x));
    return StateValue::tuple(std::move(xs));
  }
  if (j.contains("tensor")) return StateValue(tensor_from_b64(j.at("tensor")));
  optim::StateDict d;
  for (const auto& kv : j.at("dict")) {
    if (kv[0].is_string()) {
      d.set(kv[0].get<std::string>(), state_from_json(kv[1]));
    } else {
      d.set(kv[0].get<int64_t>(), state_from_json(kv[1]));
    }
  }
  return d;
}

// ember's value against Python's encoding. Numbers: a Python int may be an ember float of the
// same value (ember stores hyper-parameters as double); everything else must match in kind.
// Dict order is checked when `ordered`.
inline ::testing::AssertionResult state_matches(const optim::StateValue& e, const json& py,
                                                const std::string& path, bool ordered) {
  using K = optim::StateValue::Kind;
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure() << path << ": " << why << " (ember " << e.repr()
                                         << ", python " << py.dump().substr(0, 200) << ")";
  };
  if (py.is_null()) return e.is_none() ? ::testing::AssertionSuccess() : fail("expected None");
  if (py.is_boolean())
    return e.is_bool() && e.to_bool() == py.get<bool>() ? ::testing::AssertionSuccess()
                                                        : fail("bool");
  if (py.is_number_integer()) {
    if (e.is_int() && e.to_int() == py.get<int64_t>()) return ::testing::AssertionSuccess();
    if (e.is_double() && e.to_double() == static_cast<double>(py.get<int64_t>()))
      return ::testing::AssertionSuccess();
    return fail("int");
  }
  if (py.is_number_float())
    return e.is_double() && e.to_double() == py.get<double>() ? ::testing::AssertionSuccess()
                                                              : fail("float");
  if (py.is_array() || py.contains("tuple")) {
    const json& xs = py.is_array() ? py : py.at("tuple");
    if (e.kind() != (py.is_array() ? K::List : K::Tuple)) return fail("list/tuple kind");
    if (e.items().size() != xs.size()) return fail("length");
    for (size_t i = 0; i < xs.size(); ++i) {
      auto r = state_matches(e.items()[i], xs[i], path + "[" + std::to_string(i) + "]", ordered);
      if (!r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  if (py.contains("tensor")) {
    if (!e.is_tensor()) return fail("tensor");
    return tensors_equal(e.to_tensor(), tensor_from_b64(py.at("tensor")));
  }
  if (!e.is_dict()) return fail("dict");
  const auto& items = py.at("dict");
  const optim::StateDict& d = e.dict();
  if (d.size() != items.size()) return fail("dict size " + std::to_string(d.size()));
  for (size_t i = 0; i < items.size(); ++i) {
    optim::StateKey key = items[i][0].is_string() ? optim::StateKey(items[i][0].get<std::string>())
                                                  : optim::StateKey(items[i][0].get<int64_t>());
    const optim::StateValue* v = d.find(key);
    if (!v) return fail("missing key " + optim::to_string(key));
    if (ordered && !(d.key(i) == key)) return fail("key order at " + optim::to_string(key));
    auto r = state_matches(*v, items[i][1], path + "[" + optim::to_string(key) + "]", ordered);
    if (!r) return r;
  }
  return ::testing::AssertionSuccess();
}

// Options of `name` ("SGD", "Adam", ...) from Python keyword arguments.
inline std::unique_ptr<optim::OptimizerOptions> options_from_kwargs(const std::string& name,
                                                                    const json& kwargs) {
  std::unique_ptr<optim::OptimizerOptions> o;
  if (name == "SGD") o = std::make_unique<optim::SGDOptions>(0.0);
  if (name == "Adam") o = std::make_unique<optim::AdamOptions>();
  if (name == "AdamW") o = std::make_unique<optim::AdamWOptions>();
  if (name == "RMSprop") o = std::make_unique<optim::RMSpropOptions>();
  if (name == "Adagrad") o = std::make_unique<optim::AdagradOptions>();
  EXPECT_TRUE(o) << "unknown optimizer " << name;
  for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
    optim::StateValue v = it.value().is_array() ? state_from_json(json{{"tuple", it.value()}})
                                                : state_from_json(it.value());
    EXPECT_TRUE(o->set(it.key(), v)) << "unknown option " << it.key();
  }
  return o;
}

inline std::unique_ptr<optim::Optimizer> make_optimizer(
    const std::string& name, const std::vector<optim::OptimizerParamGroup>& groups,
    const optim::OptimizerOptions& d) {
  using namespace optim;
  if (name == "SGD") return std::make_unique<SGD>(groups, static_cast<const SGDOptions&>(d));
  if (name == "Adam") return std::make_unique<Adam>(groups, static_cast<const AdamOptions&>(d));
  if (name == "AdamW") return std::make_unique<AdamW>(groups, static_cast<const AdamWOptions&>(d));
  if (name == "RMSprop")
    return std::make_unique<RMSprop>(groups, static_cast<const RMSpropOptions&>(d));
  return std::make_unique<Adagrad>(groups, static_cast<const AdagradOptions&>(d));
}

// The optimizer a fixture config describes, over `params`.
inline std::unique_ptr<optim::Optimizer> optimizer_for(const json& cfg,
                                                       const std::vector<Tensor>& params) {
  const std::string name = cfg.at("optimizer").get<std::string>();
  auto defaults = options_from_kwargs(name, cfg.at("defaults"));
  std::vector<optim::OptimizerParamGroup> groups;
  if (cfg.at("groups").is_null()) {
    groups.emplace_back(params);
  } else {
    for (const auto& g : cfg.at("groups")) {
      std::vector<Tensor> ps;
      for (const auto& i : g.at("params")) ps.push_back(params.at(i.get<size_t>()));
      auto o = defaults->clone();
      for (auto it = g.at("options").begin(); it != g.at("options").end(); ++it) {
        optim::StateValue v = it.value().is_array() ? state_from_json(json{{"tuple", it.value()}})
                                                    : state_from_json(it.value());
        EXPECT_TRUE(o->set(it.key(), v));
      }
      groups.emplace_back(ps, std::move(o));
    }
  }
  return make_optimizer(name, groups, *defaults);
}

inline std::vector<Tensor> fixture_params(const json& fx) {
  std::vector<Tensor> ps;
  for (const auto& p : fx.at("params")) ps.push_back(tensor_from_b64(p).requires_grad_(true));
  return ps;
}

inline void set_grads(const json& fx, size_t step, const std::vector<Tensor>& params) {
  const json& row = fx.at("grads").at(step);
  for (size_t i = 0; i < params.size(); ++i)
    params[i].grad() = row.at(i).is_null() ? Tensor() : tensor_from_b64(row.at(i));
}

// Steps [from, to) of a config; the parameters must equal Python's bit for bit after each one.
inline void replay(const json& fx, const json& cfg, optim::Optimizer& opt,
                   const std::vector<Tensor>& params, size_t from, size_t to) {
  const std::string name = cfg.at("name").get<std::string>();
  for (size_t k = from; k < to; ++k) {
    set_grads(fx, k, params);
    opt.step();
    for (size_t i = 0; i < params.size(); ++i) {
      auto r = tensors_equal(params[i].detach(), tensor_from_b64(cfg.at("trajectory").at(k).at(i)));
      ASSERT_TRUE(r) << name << ": step " << k + 1 << ", parameter " << i;
    }
  }
}

// Every config of a fixture file: a full run compared bit for bit with Python, the final
// state_dict compared with Python's (values and layout), a resume from an ember state_dict after
// 10 steps, and Python's state_dict loaded and written back unchanged. Run with the AVX2 loops
// (when the CPU has them) and with the baseline loops.
inline void check_fixture_file_once(const std::string& file);
inline void check_fixture_file(const std::string& file) {
  const bool was = optim::kernels::simd_enabled();
  for (bool simd : {true, false}) {
    SCOPED_TRACE(simd ? "AVX2 loops" : "baseline loops");
    optim::kernels::set_simd_enabled(simd);
    check_fixture_file_once(file);
  }
  optim::kernels::set_simd_enabled(was);
}
inline void check_fixture_file_once(const std::string& file) {
  json fx = load_fixture(file);
  ASSERT_FALSE(fx.is_null());
  const size_t steps = fx.at("grads").size();
  for (const auto& cfg : fx.at("configs")) {
    SCOPED_TRACE(cfg.at("name").get<std::string>());
    const bool ordered = cfg.at("groups").is_null();
    auto params = fixture_params(fx);
    auto opt = optimizer_for(cfg, params);
    replay(fx, cfg, *opt, params, 0, steps);
    EXPECT_TRUE(state_matches(optim::StateValue(opt->state_dict()), cfg.at("state_dict"),
                              "state_dict", ordered));

    // Resume: 10 steps, state_dict(), a new optimizer on copies of the parameters, continue.
    auto params_a = fixture_params(fx);
    auto opt_a = optimizer_for(cfg, params_a);
    replay(fx, cfg, *opt_a, params_a, 0, 10);
    std::vector<Tensor> params_b;
    for (const auto& p : params_a) params_b.push_back(p.detach().clone().requires_grad_(true));
    auto opt_b = optimizer_for(cfg, params_b);
    opt_b->load_state_dict(opt_a->state_dict());
    replay(fx, cfg, *opt_b, params_b, 10, steps);

    // Python's final state_dict loads into a fresh optimizer and comes back identical.
    auto params_c = fixture_params(fx);
    auto opt_c = optimizer_for(cfg, params_c);
    optim::StateValue py = state_from_json(cfg.at("state_dict"));
    opt_c->load_state_dict(py.dict());
    EXPECT_TRUE(state_matches(optim::StateValue(opt_c->state_dict()), cfg.at("state_dict"),
                              "reloaded", ordered));
  }
}

// PyTorch's constructor errors, message for message.
inline void check_fixture_errors(const std::string& file) {
  json fx = load_fixture(file);
  ASSERT_FALSE(fx.is_null());
  for (const auto& e : fx.at("errors")) {
    const std::string name = e.at("optimizer").get<std::string>();
    std::vector<Tensor> params{zeros({2}).requires_grad_(true)};
    try {
      auto d = options_from_kwargs(name, e.at("kwargs"));
      make_optimizer(name, {optim::OptimizerParamGroup(params)}, *d);
      ADD_FAILURE() << name << " accepted " << e.at("kwargs").dump();
    } catch (const Error& err) {
      EXPECT_EQ(std::string(err.what()), e.at("message").get<std::string>())
          << e.at("kwargs").dump();
    }
  }
}

}  // namespace ember::test
