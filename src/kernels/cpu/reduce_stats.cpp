// Sequential per-output reductions in PyTorch 1.13's visiting order (binary_kernel_reduce):
// argmax/argmin, max/min along a dim, Welford std/var, vector norms, cumsum, and the squared
// deviation sum of the full std/var.
#include <cmath>
#include <cstring>
#include <limits>

#include "core/cast.h"
#include "core/dispatch.h"
#include "kernels/cpu/reduce_avx2.h"
#include "kernels/cpu/reduce_iter.h"
#include "kernels/cpu/reduce_kernels.h"

namespace ember::kernels {

namespace {

template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <class T>
inline void store(char* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}
template <class T>
inline bool is_nan(T v) {
  if constexpr (is_floating_v<T>) {
    return std::isnan(static_cast<opmath_t<T>>(v));
  } else {
    return false;
  }
}

IterGeometry reduce_geometry(const Tensor& out, const Tensor& in) {
  return make_iter_geometry(in.sizes(), 2, {out.sizes(), in.sizes(), IntArrayRef()},
                            {out.strides(), in.strides(), IntArrayRef()},
                            {out.element_size(), in.element_size(), 0}, 1, true);
}

// For every output element: f(out_ptr, in_base, visit) where visit(g) calls g(in_ptr, index) over
// the reduced elements in iterator order (fastest reduced dim first), index counting from 0.
template <class F>
void for_each_output(const Tensor& out, const Tensor& in, F&& f) {
  IterGeometry g = reduce_geometry(out, in);
  const int64_t nd = g.ndim(), R = g.num_reduce_dims();
  char* ob = static_cast<char*>(out.data_ptr());
  const char* ib = static_cast<const char*>(in.data_ptr());
  auto visit_from = [&](const char* base) {
    return [&g, R, base](auto&& elem) {
      if (R == 0) {
        elem(base, int64_t{0});
        return;
      }
      if (R == 1) {
        const int64_t n = g.shape[0], s = g.strides[1][0];
        for (int64_t i = 0; i < n; ++i) elem(base + i * s, i);
        return;
      }
      DimVector idx(static_cast<size_t>(R));
      int64_t lin = 0;
      while (true) {
        const char* p = base;
        for (int64_t d = 1; d < R; ++d) p += idx[d] * g.strides[1][d];
        for (int64_t i = 0; i < g.shape[0]; ++i) elem(p + i * g.strides[1][0], lin++);
        int64_t d = 1;
        for (; d < R; ++d) {
          if (++idx[d] < g.shape[d]) break;
          idx[d] = 0;
        }
        if (d == R) return;
      }
    };
  };
  if (g.numel() == 0) return;
  DimVector oidx(static_cast<size_t>(nd));
  while (true) {
    char* o = ob;
    const char* x = ib;
    for (int64_t d = R; d < nd; ++d) {
      o += oidx[d] * g.strides[0][d];
      x += oidx[d] * g.strides[1][d];
    }
    f(o, x, visit_from(x));
    int64_t d = R;
    for (; d < nd; ++d) {
      if (++oidx[d] < g.shape[d]) break;
      oidx[d] = 0;
    }
    if (d >= nd) return;
  }
}

// a + b * c as PyTorch's AVX2-compiled kernels evaluate it (GCC contracts it into an FMA there).
template <class A>
inline A madd(A a, A b, A c) {
  return std::fma(b, c, a);
}

}  // namespace

void argmax_kernel(const Tensor& out, const Tensor& in, bool is_max) {
  visit_dtype(in.dtype(), [&]<class T>() {
    using A = opmath_t<T>;
    // Float/double rows that are contiguous: the same first-extreme index by AVX2 passes.
    bool fast = false;
    int64_t run = 0;
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      const IterGeometry g = reduce_geometry(out, in);
      fast = reduce_avx2::available() && g.num_reduce_dims() == 1 &&
             g.strides[1][0] == static_cast<int64_t>(sizeof(T));
      run = fast ? g.shape[0] : 0;
      // Whole contiguous matrices of short rows: several rows per register.
      if (fast && in.is_contiguous() && out.is_contiguous() && out.numel() * run == in.numel() &&
          reduce_avx2::arg_extreme_rows<T>(out.data_ptr<int64_t>(), in.data_ptr<T>(), out.numel(),
                                           run, is_max))
        return;
    }
    for_each_output(out, in, [&](char* o, const char* base, auto visit) {
      if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        if (fast) {
          store<int64_t>(
              o, reduce_avx2::arg_extreme<T>(reinterpret_cast<const T*>(base), run, is_max));
          return;
        }
      }
      A best = is_max ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::infinity();
      if constexpr (!is_floating_v<T>)
        best = is_max ? std::numeric_limits<A>::lowest() : std::numeric_limits<A>::max();
      int64_t best_i = 0;
      // PyTorch's GreaterOrNan / LessOrNan: keep the accumulator on ties and once it is NaN.
      visit([&](const char* p, int64_t i) {
        A v = static_cast<A>(load<T>(p));
        bool keep;
        if (is_nan(best)) {
          keep = is_nan(v) ? best_i < i : true;
        } else {
          keep = (best == v) ? best_i < i : (is_max ? best > v : best < v);
        }
        if (!keep) {
          best = v;
          best_i = i;
        }
      });
      store<int64_t>(o, best_i);
    });
  });
}

void max_min_dim_kernel(const Tensor& values, const Tensor& indices, const Tensor& self,
                        int64_t dim, bool is_max) {
  visit_dtype(self.dtype(), [&]<class T>() {
    using A = opmath_t<T>;
    const int64_t n = self.size(dim), st = self.stride(dim) * self.element_size();
    // Walk every slice: values/indices and self share the dims other than `dim`.
    DimVector sizes(self.sizes());
    sizes[static_cast<size_t>(dim)] = 1;
    const int64_t nd = self.dim();
    DimVector idx(static_cast<size_t>(nd));
    int64_t total = 1;
    for (int64_t s : sizes) total *= s;
    char* vb = static_cast<char*>(values.data_ptr());
    char* ib = static_cast<char*>(indices.data_ptr());
    const char* sb = static_cast<const char*>(self.data_ptr());
    for (int64_t k = 0; k < total; ++k) {
      int64_t rem = k, vo = 0, io = 0, so = 0;
      for (int64_t d = nd - 1; d >= 0; --d) {
        int64_t i = rem % sizes[d];
        rem /= sizes[d];
        vo += i * values.stride(d);
        io += i * indices.stride(d);
        so += i * self.stride(d);
      }
      const char* p = sb + so * self.element_size();
      if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        if (st == static_cast<int64_t>(sizeof(T)) && n > 0 && reduce_avx2::available()) {
          const int64_t i = reduce_avx2::arg_extreme<T>(reinterpret_cast<const T*>(p), n, is_max);
          store<T>(vb + vo * values.element_size(), load<T>(p + i * st));
          store<int64_t>(ib + io * 8, i);
          continue;
        }
      }
      T best = load<T>(p);
      int64_t best_i = 0;
      for (int64_t i = 0; i < n; ++i) {
        T v = load<T>(p + i * st);
        bool replace = is_max ? !(static_cast<A>(v) <= static_cast<A>(best))
                              : !(static_cast<A>(v) >= static_cast<A>(best));
        if (replace) {
          best = v;
          best_i = i;
          if (is_nan(v)) break;
        }
      }
      store<T>(vb + vo * values.element_size(), best);
      store<int64_t>(ib + io * 8, best_i);
    }
  });
}

void std_var_kernel(const Tensor& out, const Tensor& in, int64_t correction, bool take_sqrt) {
  visit_floating(in.dtype(), "std_cpu", [&]<class T>() {
    for_each_output(out, in, [&](char* o, const char*, auto visit) {
      double mean = 0, m2 = 0, nf = 0;
      int64_t n = 0;
      visit([&](const char* p, int64_t) {
        const double x = static_cast<double>(static_cast<opmath_t<T>>(load<T>(p)));
        const double delta = x - mean;
        const double new_mean = mean + delta / (nf + 1);
        const double new_delta = x - new_mean;
        m2 = madd(m2, delta, new_delta);
        mean = new_mean;
        ++n;
        nf = static_cast<double>(n);
      });
      const double divisor =
          nf > static_cast<double>(correction) ? nf - static_cast<double>(correction) : 0;
      const double var = m2 / divisor;
      store<T>(o, T(static_cast<opmath_t<T>>(take_sqrt ? std::sqrt(var) : var)));
    });
  });
}

double sum_sq_dev_all(const Tensor& in, double mean) {
  // A single-input iterator: dims sorted by stride, coalesced, walked in 2-D blocks.
  IterGeometry g = make_iter_geometry(in.sizes(), 1, {in.sizes(), IntArrayRef(), IntArrayRef()},
                                      {in.strides(), IntArrayRef(), IntArrayRef()},
                                      {in.element_size(), 0, 0}, 0, false);
  double total = 0;
  visit_floating(in.dtype(), "std_var_all_cpu", [&]<class T>() {
    for_each_block(g, {static_cast<char*>(in.data_ptr()), nullptr, nullptr},
                   [&](const std::array<char*, 3>& p, const int64_t* s, int64_t n0, int64_t n1) {
                     double local = 0;
                     for (int64_t j = 0; j < n1; ++j)
                       for (int64_t i = 0; i < n0; ++i) {
                         double dx =
                             static_cast<double>(load<T>(p[0] + j * s[1] + i * s[0])) - mean;
                         local += dx * dx;
                       }
                     total += local;
                   });
  });
  return total;
}

void norm_kernel(const Tensor& out, const Tensor& in, double p_in) {
  const float p = static_cast<float>(p_in);  // PyTorch reads p into a float
  visit_floating(in.dtype(), "norm_cpu", [&]<class T>() {
    using A = T;  // the accumulator is the element type itself (Half stays Half)
    IterGeometry g = reduce_geometry(out, in);
    const bool lastdim = g.num_reduce_dims() == 1 && g.strides[1][0] == in.element_size();
    if (p == 2 && lastdim && std::is_same_v<T, float>) {
      // Vectorised fast path: 8 lanes of x*x (fused), lanes summed in order, scalar tail.
      const int64_t n = g.shape[0];
      for_each_output(out, in, [&](char* o, const char* base, auto) {
        float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t d = 0;
        for (; d < n - (n % 8); d += 8)
          for (int l = 0; l < 8; ++l) {
            float v = load<float>(base + (d + l) * 4);
            acc[l] = madd(acc[l], v, v);
          }
        for (int l = 1; l < 8; ++l) acc[0] = acc[0] + acc[l];
        for (; d < n; ++d) {
          float v = load<float>(base + d * 4);
          acc[0] += v * v;  // the scalar tail is not fused in PyTorch's build
        }
        store<float>(o, std::sqrt(acc[0]));
      });
      return;
    }
    auto absv = [](T v) { return static_cast<A>(std::abs(static_cast<opmath_t<T>>(v))); };
    for_each_output(out, in, [&](char* o, const char*, auto visit) {
      A acc = A(0);
      if (p == 0) {
        visit([&](const char* q, int64_t) { acc = A(acc + (load<T>(q) == T(0) ? A(0) : A(1))); });
      } else if (p == 1) {
        visit([&](const char* q, int64_t) { acc = A(acc + absv(load<T>(q))); });
      } else if (p == 2) {
        visit([&](const char* q, int64_t) {
          A v = static_cast<A>(load<T>(q));
          if constexpr (is_reduced_float_v<T>) {
            acc = A(acc + A(v * v));
          } else {
            acc = madd(acc, v, v);
          }
        });
        acc = A(std::sqrt(static_cast<opmath_t<A>>(acc)));
      } else if (std::isinf(p) && p > 0) {
        visit([&](const char* q, int64_t) {
          A v = absv(load<T>(q));
          acc = (is_nan(acc) || is_nan(v))
                    ? A(NAN)
                    : (static_cast<opmath_t<A>>(acc) < static_cast<opmath_t<A>>(v) ? v : acc);
        });
      } else if (std::isinf(p)) {
        acc = A(INFINITY);
        visit([&](const char* q, int64_t) {
          A v = absv(load<T>(q));
          acc = (is_nan(acc) || is_nan(v))
                    ? A(NAN)
                    : (static_cast<opmath_t<A>>(v) < static_cast<opmath_t<A>>(acc) ? v : acc);
        });
      } else {
        const A pp = A(p);
        visit([&](const char* q, int64_t) {
          acc = A(acc + A(std::pow(static_cast<opmath_t<A>>(absv(load<T>(q))),
                                   static_cast<opmath_t<A>>(pp))));
        });
        acc = A(std::pow(static_cast<opmath_t<A>>(acc), static_cast<opmath_t<A>>(A(1) / pp)));
      }
      store<T>(o, acc);
    });
  });
}

void cumsum_kernel(const Tensor& out, const Tensor& in, int64_t dim) {
  visit_dtype(in.dtype(), [&]<class T>() {
    if constexpr (is_reduced_float_v<T>) {
      throw_not_implemented("cumsum_out_cpu", in.dtype());
    } else {
      // PyTorch's acc_type on CPU: double for float, int64 for integers.
      using Acc = std::conditional_t<std::is_floating_point_v<T>, double,
                                     std::conditional_t<std::is_same_v<T, bool>, bool, int64_t>>;
      const int64_t n = in.size(dim);
      const int64_t ist = in.stride(dim) * in.element_size(),
                    ost = out.stride(dim) * out.element_size();
      DimVector sizes(in.sizes());
      sizes[static_cast<size_t>(dim)] = 1;
      int64_t total = 1;
      for (int64_t s : sizes) total *= s;
      const int64_t nd = in.dim();
      for (int64_t k = 0; k < total; ++k) {
        int64_t rem = k, io = 0, oo = 0;
        for (int64_t d = nd - 1; d >= 0; --d) {
          int64_t i = rem % sizes[d];
          rem /= sizes[d];
          io += i * in.stride(d);
          oo += i * out.stride(d);
        }
        const char* x = static_cast<const char*>(in.data_ptr()) + io * in.element_size();
        char* y = static_cast<char*>(out.data_ptr()) + oo * out.element_size();
        Acc acc = Acc(0);
        for (int64_t i = 0; i < n; ++i) {
          if constexpr (std::is_same_v<Acc, int64_t>) {
            acc = static_cast<int64_t>(
                static_cast<uint64_t>(acc) +
                static_cast<uint64_t>(static_cast<int64_t>(load<T>(x + i * ist))));
          } else if constexpr (std::is_same_v<Acc, bool>) {
            acc = acc || load<T>(x + i * ist);
          } else {
            acc += static_cast<Acc>(load<T>(x + i * ist));
          }
          store<T>(y + i * ost, static_cast<T>(acc));
        }
      }
    }
  });
}

}  // namespace ember::kernels
