// scikit-learn 1.2.1's make_circles / make_moons / make_blobs / train_test_split, step for step
// (numpy_sklearn_rng.md sections 6-8): same draws from NumpyRandomState, same f64 arithmetic
// (no FMA: the library builds with -ffp-contract=off), cos/sin from the C library.
#include "ember/utils/datasets.h"

#include <cmath>
#include <cstring>
#include <string>

#include "ember/ops/creation.h"

namespace ember::datasets {

namespace {

// sklearn >= 1.3's parameter-validation wording, used where 1.2.1 has no check of its own.
[[noreturn]] void invalid_parameter(const char* param, const char* caller, const char* constraint,
                                    const std::string& got) {
  EMBER_ERROR("The '", param, "' parameter of ", caller, " must be ", constraint, ". Got ", got,
              " instead.");
}

std::string int_list(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

std::string double_list(const std::vector<double>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + detail::format_double(v[i]);
  return s + "]";
}

std::string shape_string(int64_t rows, int64_t cols) {
  return "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
}

// numpy.linspace(0.0, stop, m, endpoint) for m >= 0: i * (stop / div) + 0.0 (a product, not a
// running sum), with the last value set to `stop` exactly when the endpoint is included.
std::vector<double> linspace_from_zero(double stop, int64_t m, bool endpoint) {
  std::vector<double> out(static_cast<size_t>(m));
  const int64_t div = endpoint ? m - 1 : m;
  if (div > 0) {
    const double step = stop / static_cast<double>(div);
    for (int64_t i = 0; i < m; ++i)
      out[static_cast<size_t>(i)] = static_cast<double>(i) * step + 0.0;
  } else {
    for (int64_t i = 0; i < m; ++i)
      out[static_cast<size_t>(i)] = static_cast<double>(i) * stop + 0.0;
  }
  if (endpoint && m > 1) out.back() = stop;
  return out;
}

void check_arc_counts(int64_t n_out, int64_t n_in) {
  // numpy.linspace's own error, checked for the outer count first as sklearn calls it.
  EMBER_CHECK(n_out >= 0, "Number of samples, ", n_out, ", must be non-negative.");
  EMBER_CHECK(n_in >= 0, "Number of samples, ", n_in, ", must be non-negative.");
}

void check_noise(std::optional<double> noise, const char* caller) {
  if (noise && !(*noise >= 0.0)) {
    invalid_parameter("noise", caller, "a float in the range [0.0, inf) or None",
                      detail::format_double(*noise));
  }
}

// The rows `pts` (n x 2, row-major; the first n_out labelled 0, the rest 1), shuffled and then
// noised with `gen`, exactly as make_circles / make_moons do after building the two arcs.
Samples finish_two_arcs(const std::vector<double>& pts, int64_t n_out, int64_t n_in, bool shuffle,
                        std::optional<double> noise, NumpyRandomState& gen) {
  const int64_t n = n_out + n_in;
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  if (shuffle) gen.shuffle(order);  // sklearn.utils.shuffle: RandomState.shuffle(arange(n))

  Tensor X = ember::empty({n, 2}, kFloat64);
  Tensor y = ember::empty({n}, kInt64);
  double* xp = X.data_ptr<double>();
  int64_t* yp = y.data_ptr<int64_t>();
  for (int64_t k = 0; k < n; ++k) {
    const int64_t src = order[static_cast<size_t>(k)];
    xp[2 * k] = pts[static_cast<size_t>(2 * src)];
    xp[2 * k + 1] = pts[static_cast<size_t>(2 * src + 1)];
    yp[k] = src < n_out ? 0 : 1;
  }
  if (noise) {
    // X += gen.normal(scale=noise, size=(n, 2)): Z = 0.0 + noise * g in row-major order.
    for (int64_t i = 0; i < 2 * n; ++i) {
      const double z = gen.normal(0.0, *noise);
      xp[i] = xp[i] + z;
    }
  }
  return {X, y};
}

Samples circles_impl(std::span<const double> cos_out, std::span<const double> sin_out,
                     std::span<const double> cos_in, std::span<const double> sin_in, bool shuffle,
                     std::optional<double> noise, const RandomStateArg& random_state,
                     double factor) {
  check_noise(noise, "make_circles");
  EMBER_CHECK(factor < 1 && factor >= 0, "'factor' has to be between 0 and 1.");
  EMBER_CHECK(cos_out.size() == sin_out.size() && cos_in.size() == sin_in.size(),
              "make_circles_from_trig: the cos and sin tables of a circle must have equal sizes");
  const auto n_out = static_cast<int64_t>(cos_out.size());
  const auto n_in = static_cast<int64_t>(cos_in.size());
  std::vector<double> pts(static_cast<size_t>(2 * (n_out + n_in)));
  for (int64_t i = 0; i < n_out; ++i) {
    pts[static_cast<size_t>(2 * i)] = cos_out[static_cast<size_t>(i)];
    pts[static_cast<size_t>(2 * i + 1)] = sin_out[static_cast<size_t>(i)];
  }
  for (int64_t i = 0; i < n_in; ++i) {
    const size_t row = static_cast<size_t>(n_out + i);
    pts[2 * row] = cos_in[static_cast<size_t>(i)] * factor;  // the trig value, then one multiply
    pts[2 * row + 1] = sin_in[static_cast<size_t>(i)] * factor;
  }
  return random_state.apply([&](NumpyRandomState& gen) {
    return finish_two_arcs(pts, n_out, n_in, shuffle, noise, gen);
  });
}

Samples circles_from_counts(int64_t n_out, int64_t n_in, bool shuffle, std::optional<double> noise,
                            const RandomStateArg& random_state, double factor) {
  check_arc_counts(n_out, n_in);
  // cos/sin of linspace(0, 2pi, m, endpoint=False); 2pi is the double 2 * np.pi.
  const double two_pi = 2.0 * 3.141592653589793;
  auto trig = [&](int64_t m, std::vector<double>& c, std::vector<double>& s) {
    const std::vector<double> theta = linspace_from_zero(two_pi, m, /*endpoint=*/false);
    c.resize(theta.size());
    s.resize(theta.size());
    for (size_t i = 0; i < theta.size(); ++i) {
      c[i] = std::cos(theta[i]);
      s[i] = std::sin(theta[i]);
    }
  };
  std::vector<double> co, so, ci, si;
  trig(n_out, co, so);
  trig(n_in, ci, si);
  return circles_impl(co, so, ci, si, shuffle, noise, random_state, factor);
}

Samples moons_from_counts(int64_t n_out, int64_t n_in, bool shuffle, std::optional<double> noise,
                          const RandomStateArg& random_state) {
  check_arc_counts(n_out, n_in);
  check_noise(noise, "make_moons");
  const double pi = 3.141592653589793;
  const std::vector<double> t_out = linspace_from_zero(pi, n_out, /*endpoint=*/true);
  const std::vector<double> t_in = linspace_from_zero(pi, n_in, /*endpoint=*/true);
  std::vector<double> pts(static_cast<size_t>(2 * (n_out + n_in)));
  for (size_t i = 0; i < t_out.size(); ++i) {
    pts[2 * i] = std::cos(t_out[i]);
    pts[2 * i + 1] = std::sin(t_out[i]);
  }
  for (size_t i = 0; i < t_in.size(); ++i) {
    const size_t row = t_out.size() + i;
    pts[2 * row] = 1.0 - std::cos(t_in[i]);
    pts[2 * row + 1] = (1.0 - std::sin(t_in[i])) - 0.5;  // `1 - sin - 0.5`, left to right
  }
  return random_state.apply([&](NumpyRandomState& gen) {
    return finish_two_arcs(pts, n_out, n_in, shuffle, noise, gen);
  });
}

}  // namespace

// ---- make_circles / make_moons

Samples make_circles(int64_t n_samples, bool shuffle, std::optional<double> noise,
                     RandomStateArg random_state, double factor) {
  if (n_samples < 0) {
    invalid_parameter("n_samples", "make_circles",
                      "an int in the range [0, inf) or an instance of 'tuple'",
                      std::to_string(n_samples));
  }
  const int64_t n_out = n_samples / 2;
  return circles_from_counts(n_out, n_samples - n_out, shuffle, noise, random_state, factor);
}

Samples make_circles(std::pair<int64_t, int64_t> n_samples, bool shuffle,
                     std::optional<double> noise, RandomStateArg random_state, double factor) {
  return circles_from_counts(n_samples.first, n_samples.second, shuffle, noise, random_state,
                             factor);
}

Samples make_circles_from_trig(std::span<const double> cos_outer, std::span<const double> sin_outer,
                               std::span<const double> cos_inner, std::span<const double> sin_inner,
                               bool shuffle, std::optional<double> noise,
                               RandomStateArg random_state, double factor) {
  return circles_impl(cos_outer, sin_outer, cos_inner, sin_inner, shuffle, noise, random_state,
                      factor);
}

Samples make_moons(int64_t n_samples, bool shuffle, std::optional<double> noise,
                   RandomStateArg random_state) {
  if (n_samples < 1) {
    invalid_parameter("n_samples", "make_moons",
                      "an int in the range [1, inf) or an instance of 'tuple'",
                      std::to_string(n_samples));
  }
  const int64_t n_out = n_samples / 2;
  return moons_from_counts(n_out, n_samples - n_out, shuffle, noise, random_state);
}

Samples make_moons(std::pair<int64_t, int64_t> n_samples, bool shuffle, std::optional<double> noise,
                   RandomStateArg random_state) {
  return moons_from_counts(n_samples.first, n_samples.second, shuffle, noise, random_state);
}

// ---- make_blobs

BlobCenters::BlobCenters(std::initializer_list<std::vector<double>> rows) {
  const auto k = static_cast<int64_t>(rows.size());
  const auto f = k > 0 ? static_cast<int64_t>(rows.begin()->size()) : 0;
  for (const auto& r : rows) {
    EMBER_CHECK(static_cast<int64_t>(r.size()) == f,
                "make_blobs: every center must have the same number of features");
  }
  centers_ = ember::empty({k, f}, kFloat64);
  double* p = centers_.data_ptr<double>();
  for (const auto& r : rows) p = std::copy(r.begin(), r.end(), p);
}

Samples make_blobs(const BlobsOptions& o, Tensor* centers_out) {
  const char* caller = "make_blobs";
  if (o.n_samples.is_total() && o.n_samples.total() < 1) {
    invalid_parameter("n_samples", caller, "an int in the range [1, inf) or an array-like",
                      std::to_string(o.n_samples.total()));
  }
  if (o.n_features < 1) {
    invalid_parameter("n_features", caller, "an int in the range [1, inf)",
                      std::to_string(o.n_features));
  }
  if (o.centers.count() && *o.centers.count() < 1) {
    invalid_parameter("centers", caller, "an int in the range [1, inf), an array-like or None",
                      std::to_string(*o.centers.count()));
  }
  if (o.cluster_std.is_scalar() && !(o.cluster_std.scalar() >= 0.0)) {
    invalid_parameter("cluster_std", caller, "a float in the range [0.0, inf) or an array-like",
                      detail::format_double(o.cluster_std.scalar()));
  }

  return o.random_state.apply([&](NumpyRandomState& gen) -> Samples {
    // Centers: uniform(center_box, (k, F)) row-major, or the given ones (as float64).
    int64_t n_features = o.n_features;
    int64_t k = 0;
    std::vector<double> centers;
    auto draw_centers = [&](int64_t count) {
      k = count;
      centers = gen.uniform(o.center_box.first, o.center_box.second, k * n_features);
    };
    auto take_centers = [&](const Tensor& c) {
      EMBER_CHECK(c.dim() == 2, "Expected 2D array, got ", c.dim(),
                  "D array instead: centers must have shape (n_centers, n_features)");
      k = c.size(0);
      n_features = c.size(1);
      EMBER_CHECK(k >= 1, "Found array with ", k, " sample(s) (shape=", shape_string(k, n_features),
                  ") while a minimum of 1 is required.");
      EMBER_CHECK(n_features >= 1, "Found array with ", n_features,
                  " feature(s) (shape=", shape_string(k, n_features),
                  ") while a minimum of 1 is required.");
      const Tensor c64 = c.to(kFloat64).contiguous();
      const double* p = c64.data_ptr<double>();
      centers.assign(p, p + k * n_features);
    };
    if (o.n_samples.is_total()) {
      if (o.centers.is_none()) {
        draw_centers(3);
      } else if (o.centers.count()) {
        draw_centers(*o.centers.count());
      } else {
        take_centers(o.centers.centers());
      }
    } else {
      const auto n_centers = static_cast<int64_t>(o.n_samples.per_center().size());
      EMBER_CHECK(!o.centers.count(), "Parameter `centers` must be array-like. Got ",
                  o.centers.count().value_or(0), " instead");
      if (o.centers.is_none()) {
        draw_centers(n_centers);
        EMBER_CHECK(k >= 1, "Found array with 0 sample(s) (shape=", shape_string(0, n_features),
                    ") while a minimum of 1 is required.");
      } else {
        const Tensor& c = o.centers.centers();
        EMBER_CHECK(c.dim() >= 1 && c.size(0) == n_centers,
                    "Length of `n_samples` not consistent with number of centers. Got n_samples = ",
                    int_list(o.n_samples.per_center()), " and centers of shape ", c.sizes());
        take_centers(c);
      }
    }

    std::vector<double> stds;
    if (o.cluster_std.is_scalar()) {
      stds.assign(static_cast<size_t>(k), o.cluster_std.scalar());
    } else {
      stds = o.cluster_std.per_cluster();
      EMBER_CHECK(static_cast<int64_t>(stds.size()) == k,
                  "Length of `clusters_std` not consistent with number of centers. Got ", k,
                  " centers and cluster_std = ", double_list(stds));
    }

    std::vector<int64_t> counts;
    if (o.n_samples.is_total()) {
      counts.assign(static_cast<size_t>(k), o.n_samples.total() / k);
      for (int64_t i = 0; i < o.n_samples.total() % k; ++i) counts[static_cast<size_t>(i)] += 1;
    } else {
      counts = o.n_samples.per_center();
    }
    int64_t n = 0;
    for (int64_t c : counts) {
      EMBER_CHECK(c >= 0, "negative dimensions are not allowed");
      n += c;
    }

    // Block i: gen.normal(loc=center[i], scale=std_i, size=(n_i, F)), drawn row-major; the
    // Gaussian cache carries over between blocks.
    std::vector<double> rows(static_cast<size_t>(n * n_features));
    std::vector<int64_t> labels(static_cast<size_t>(n));
    size_t at = 0, row = 0;
    for (int64_t i = 0; i < k; ++i) {
      const double sd = stds[static_cast<size_t>(i)];
      EMBER_CHECK(!std::signbit(sd) || std::isnan(sd), "scale < 0");
      const double* loc = centers.data() + i * n_features;
      for (int64_t r = 0; r < counts[static_cast<size_t>(i)]; ++r) {
        for (int64_t c = 0; c < n_features; ++c) rows[at++] = gen.normal(loc[c], sd);
        labels[row++] = i;
      }
    }

    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    if (o.shuffle) gen.shuffle(order);

    Tensor X = ember::empty({n, n_features}, kFloat64);
    Tensor y = ember::empty({n}, kInt64);
    double* xp = X.data_ptr<double>();
    int64_t* yp = y.data_ptr<int64_t>();
    for (int64_t r = 0; r < n; ++r) {
      const auto src = static_cast<size_t>(order[static_cast<size_t>(r)]);
      std::memcpy(xp + r * n_features, rows.data() + src * static_cast<size_t>(n_features),
                  static_cast<size_t>(n_features) * sizeof(double));
      yp[r] = labels[src];
    }
    if (centers_out) {
      *centers_out = ember::empty({k, n_features}, kFloat64);
      std::copy(centers.begin(), centers.end(), centers_out->data_ptr<double>());
    }
    return {X, y};
  });
}

Samples make_blobs(int64_t n_samples, int64_t n_features, BlobCenters centers,
                   ClusterStd cluster_std, std::pair<double, double> center_box, bool shuffle,
                   RandomStateArg random_state) {
  return make_blobs(BlobsOptions{n_samples, n_features, std::move(centers), std::move(cluster_std),
                                 center_box, shuffle, random_state});
}

}  // namespace ember::datasets
