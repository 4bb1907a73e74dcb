// Random op frontends: PyTorch's argument checks and error wording, bound adjustments for
// random_ on floating dtypes, output allocation; the typed fills live in kernels/cpu/random_*.cpp.
#include "ops/scalar_check.h"
#include "ember/ops/random.h"

#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "kernels/cpu/random_kernels.h"
#include "ops/op_utils.h"

namespace ember {

namespace {

// A double as C++ streams print it (PyTorch's messages): 6 significant digits, "1e+308".
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Largest finite value of a floating dtype.
double float_max(ScalarType t) {
  switch (t) {
    case kFloat16:
      return 65504.0;
    case kBFloat16:
      return 3.3895313892515355e38;  // 0x7f7f
    case kFloat32:
      return static_cast<double>(FLT_MAX);
    default:
      return DBL_MAX;
  }
}

// Mantissa digits (std::numeric_limits<T>::digits) of a floating dtype.
int float_digits(ScalarType t) {
  switch (t) {
    case kFloat16:
      return 11;
    case kBFloat16:
      return 8;
    case kFloat32:
      return 24;
    default:
      return 53;
  }
}

// A nullary op writes every element once: elements sharing memory (a stretched dim) are an error.
void check_no_internal_overlap(const Tensor& t) {
  for (int64_t d = 0; d < t.dim(); ++d) {
    EMBER_CHECK(
        !(t.stride(d) == 0 && t.size(d) > 1),
        "unsupported operation: more than one element of the written-to tensor refers to a "
        "single memory location. Please clone() the tensor before performing the operation.");
  }
}

// double -> int64 as x86's cvttsd2si: truncation, out of range (or NaN) gives INT64_MIN.
int64_t to_int64_x86(double v) {
  if (!(v >= -0x1p63 && v < 0x1p63)) return INT64_MIN;
  return static_cast<int64_t>(v);
}

// v rounded to the floating dtype t and read back as an integer.
int64_t round_trip(int64_t v, ScalarType t) {
  double r;
  switch (t) {
    case kFloat16:
      r = static_cast<float>(Half(static_cast<float>(v)));
      break;
    case kBFloat16:
      r = static_cast<float>(BFloat16(static_cast<float>(v)));
      break;
    case kFloat32:
      r = static_cast<float>(v);
      break;
    default:
      r = static_cast<double>(v);
      break;
  }
  return to_int64_x86(r);
}

int floor_log2(uint64_t v) {
  int n = 0;
  while (v >>= 1) ++n;
  return n;
}
uint64_t magnitude(int64_t v) {
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}
int64_t pow2(int e) { return e <= 0 ? 1 : (e >= 63 ? INT64_MAX : int64_t{1} << e); }

// PyTorch moves `from` up (and `to` down) to the nearest integers that stay inside [from, to)
// after rounding to a floating dtype.
int64_t update_from(int64_t from, ScalarType t) {
  const int64_t from_plus_1 = round_trip(from + 1, t);
  if (from_plus_1 < from) {
    const int n = floor_log2(magnitude(from + 1));
    from = static_cast<int64_t>(static_cast<uint64_t>(from_plus_1) +
                                static_cast<uint64_t>(pow2(n - float_digits(t) + 1)));
  }
  return from;
}
int64_t update_to(int64_t to, ScalarType t) {
  const int64_t to_minus_1 = round_trip(to - 1, t);
  if (to_minus_1 >= to) {
    const int n = floor_log2(magnitude(to - 1));
    to = static_cast<int64_t>(static_cast<uint64_t>(to_minus_1) -
                              static_cast<uint64_t>(pow2(n - float_digits(t) + 1)));
  }
  return to;
}

// Both ends of [from, to_inc] must be representable in the dtype.
void check_from_to_in_range(int64_t from, int64_t to_inc, ScalarType t) {
  const char* name = ops::typemeta_name(t);
  if (is_floating_point(t)) {
    const double max = float_max(t), min = -max;
    const double f = static_cast<double>(from), ti = static_cast<double>(to_inc);
    EMBER_CHECK(f >= min && f <= max, "from is out of bounds for ", name);
    EMBER_CHECK(ti >= min && ti <= max, "to - 1 is out of bounds for ", name);
    // PyTorch also warns when a bound is beyond +-2^digits; ember has no warning channel.
  } else {
    int64_t min = 0, max = 1;
    visit_dtype(t, [&]<class T>() {
      if constexpr (!std::is_same_v<T, bool> && std::is_integral_v<T>) {
        min = std::numeric_limits<T>::lowest();
        max = std::numeric_limits<T>::max();
      }
    });
    EMBER_CHECK(from >= min && from <= max, "from is out of bounds for ", name);
    EMBER_CHECK(to_inc >= min && to_inc <= max, "to - 1 is out of bounds for ", name);
  }
}

// Factories fill a plain tensor, then mark it as requiring grad if asked.
Tensor finish(Tensor t, const TensorOptions& o) {
  if (o.requires_grad()) t.requires_grad_(true);
  return t;
}
Tensor fresh(IntArrayRef sizes, const TensorOptions& o, ScalarType dtype) {
  return empty(sizes, o.dtype(dtype).requires_grad(false));
}
ScalarType like_dtype(const Tensor& t, const TensorOptions& o) {
  return o.has_dtype() ? o.dtype() : t.dtype();
}

}  // namespace

// ---- in-place fills

Tensor& Tensor::uniform_(double from, double to, Generator* gen) {
  const ScalarType t = dtype();
  if (!ember::is_floating_point(t)) throw_not_implemented("check_uniform_bounds", t);
  const double max = float_max(t), min = -max;
  const char* name = ops::typemeta_name(t);
  EMBER_CHECK(from >= min && from <= max, "from is out of bounds for ", name);
  EMBER_CHECK(to >= min && to <= max, "to is out of bounds for ", name);
  EMBER_CHECK(from <= to,
              "uniform_ expects to return a [from, to) range, but found from=", num(from),
              " > to=", num(to));
  EMBER_CHECK(to - from <= max, "uniform_ expects to-from <= std::numeric_limits<",
              dtype_short_name(t), ">::max(), but found to=", num(to), " and from=", num(from),
              " which result in to-from to exceed the limit");
  check_no_internal_overlap(*this);
  kernels::uniform_kernel(*this, from, to, generator_or_default(gen));
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::normal_(double mean, double std, Generator* gen) {
  EMBER_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", num(std));
  if (!ember::is_floating_point(dtype())) throw_not_implemented("normal_kernel_cpu", dtype());
  check_no_internal_overlap(*this);
  kernels::normal_kernel(*this, mean, std, generator_or_default(gen));
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::random_(int64_t from, std::optional<int64_t> to, Generator* gen) {
  check_no_internal_overlap(*this);
  const ScalarType t = dtype();
  Generator& g = generator_or_default(gen);
  if (to.has_value()) {
    int64_t hi = *to;
    EMBER_CHECK(from < hi, "random_ expects 'from' to be less than 'to', but got from=", from,
                " >= to=", hi);
    if (ember::is_floating_point(t)) {
      from = update_from(from, t);
      hi = update_to(hi, t);
      EMBER_CHECK(
          from < hi,
          "random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but "
          "got from=",
          from, " >= to=", hi);
    }
    check_from_to_in_range(from, hi - 1, t);
    kernels::random_from_to_kernel(*this, static_cast<uint64_t>(hi) - static_cast<uint64_t>(from),
                                   from, g);
  } else if (from != INT64_MIN) {
    // [from, the dtype's largest exactly representable integer]
    int64_t to_inc;
    if (ember::is_floating_point(t)) {
      const int digits = float_digits(t);
      to_inc = digits >= 63 ? INT64_MAX : int64_t{1} << digits;
      from = update_from(from, t);
      EMBER_CHECK(from < to_inc,
                  "random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                  "casted to dtype, but got from=",
                  from, " > to_inc=", to_inc);
    } else {
      to_inc = 1;
      visit_dtype(t, [&]<class T>() {
        if constexpr (!std::is_same_v<T, bool> && std::is_integral_v<T>)
          to_inc = std::numeric_limits<T>::max();
      });
    }
    check_from_to_in_range(from, to_inc, t);
    kernels::random_from_to_kernel(
        *this, static_cast<uint64_t>(to_inc) - static_cast<uint64_t>(from) + 1, from, g);
  } else {
    kernels::random_full_range_kernel(*this, g);  // [INT64_MIN, INT64_MAX]
  }
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::random_(Generator* gen) {
  check_no_internal_overlap(*this);
  kernels::random_kernel(*this, generator_or_default(gen));
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::bernoulli_(double p, Generator* gen) {
  EMBER_CHECK(0 <= p && p <= 1, "bernoulli_ expects p to be in [0, 1], but got p=", num(p));
  check_no_internal_overlap(*this);
  kernels::bernoulli_scalar_kernel(*this, p, generator_or_default(gen));
  storage()->bump_version();
  return *this;
}

Tensor& Tensor::bernoulli_(const Tensor& p, Generator* gen) {
  check_no_internal_overlap(*this);
  if (dtype() == kFloat16) throw_not_implemented("bernoulli_tensor_cpu_self_", dtype());
  Tensor pe = ops::expand_view(p, sizes());
  kernels::bernoulli_tensor_kernel(*this, pe, generator_or_default(gen));
  storage()->bump_version();
  return *this;
}

// ---- factories

Tensor rand(IntArrayRef sizes, const TensorOptions& o) { return rand(sizes, nullptr, o); }
Tensor rand(IntArrayRef sizes, Generator* gen, const TensorOptions& o) {
  Tensor t = fresh(sizes, o, o.dtype());
  t.uniform_(0, 1, gen);
  return finish(t, o);
}

Tensor randn(IntArrayRef sizes, const TensorOptions& o) { return randn(sizes, nullptr, o); }
Tensor randn(IntArrayRef sizes, Generator* gen, const TensorOptions& o) {
  Tensor t = fresh(sizes, o, o.dtype());
  t.normal_(0, 1, gen);
  return finish(t, o);
}

Tensor randint(int64_t high, IntArrayRef sizes, const TensorOptions& o) {
  return randint(0, high, sizes, nullptr, o);
}
Tensor randint(int64_t high, IntArrayRef sizes, Generator* gen, const TensorOptions& o) {
  return randint(0, high, sizes, gen, o);
}
Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, const TensorOptions& o) {
  return randint(low, high, sizes, nullptr, o);
}
Tensor randint(int64_t low, int64_t high, IntArrayRef sizes, Generator* gen,
               const TensorOptions& o) {
  Tensor t = fresh(sizes, o, o.has_dtype() ? o.dtype() : kInt64);
  t.random_(low, high, gen);
  return finish(t, o);
}

Tensor randperm(int64_t n, const TensorOptions& o) { return randperm(n, nullptr, o); }
Tensor randperm(int64_t n, Generator* gen, const TensorOptions& o) {
  const ScalarType dt = o.has_dtype() ? o.dtype() : kInt64;
  if (n < 0) fresh({n}, o, dt);  // "Trying to create tensor with negative dimension ..."
  // The largest value, n - 1, must fit the dtype (PyTorch converts it to a scalar tensor first),
  // and floating dtypes must hold every integer up to n exactly.
  const int64_t top = n > 0 ? n - 1 : n;
  const char* cname = nullptr;
  switch (dt) {
    case kUInt8:
      cname = top > 255 ? "uint8_t" : nullptr;
      break;
    case kInt8:
      cname = top > 127 ? "int8_t" : nullptr;
      break;
    case kInt16:
      cname = top > 32767 ? "int16_t" : nullptr;
      break;
    case kInt32:
      cname = top > INT32_MAX ? "int32_t" : nullptr;
      break;
    case kFloat16:
      cname = top > 65504 ? "at::Half" : nullptr;
      break;
    default:
      break;
  }
  EMBER_CHECK(cname == nullptr, "value cannot be converted to type ", cname, " without overflow");
  EMBER_CHECK(dt != kFloat16 || n <= (int64_t{1} << 11) + 1,
              "n cannot be greater than 2049 for Half type.");
  EMBER_CHECK(dt != kFloat32 || n <= (int64_t{1} << 24) + 1,
              "n cannot be greater than 2^24+1 for Float type.");
  EMBER_CHECK(dt != kFloat64 || n <= (int64_t{1} << 53) + 1,
              "n cannot be greater than 2^53+1 for Double type.");
  Tensor t = fresh({n}, o, dt);
  kernels::randperm_kernel(t, generator_or_default(gen));
  return finish(t, o);
}

Tensor normal(double mean, double std, IntArrayRef sizes, Generator* gen, const TensorOptions& o) {
  Tensor t = fresh(sizes, o, o.dtype());
  t.normal_(mean, std, gen);
  return finish(t, o);
}

Tensor rand_like(const Tensor& t, const TensorOptions& o) {
  Tensor r = ops::empty_preserved(t, like_dtype(t, o));
  r.uniform_(0, 1);
  return finish(r, o);
}
Tensor randn_like(const Tensor& t, const TensorOptions& o) {
  Tensor r = ops::empty_preserved(t, like_dtype(t, o));
  r.normal_(0, 1);
  return finish(r, o);
}
Tensor randint_like(const Tensor& t, int64_t high, const TensorOptions& o) {
  return randint_like(t, 0, high, o);
}
Tensor randint_like(const Tensor& t, int64_t low, int64_t high, const TensorOptions& o) {
  Tensor r = ops::empty_preserved(t, like_dtype(t, o));
  r.random_(low, high);
  return finish(r, o);
}

Tensor bernoulli(const Tensor& p, Generator* gen) {
  Tensor r = empty(p.sizes(), p.dtype());
  r.bernoulli_(p, gen);
  return r;
}
Tensor bernoulli(const Tensor& input, double p, Generator* gen) {
  Tensor r = empty(input.sizes(), input.dtype());
  r.bernoulli_(p, gen);
  return r;
}

}  // namespace ember
