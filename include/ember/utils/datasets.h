// scikit-learn's toy-data helpers (make_circles, make_moons, make_blobs, train_test_split) with
// sklearn 1.2.1's numbers bit for bit for the same random_state: X float64, y int64, as numpy
// returns them. Spec and platform notes: ../shared/spec/numpy_sklearn_rng.md, docs/toy-data.md.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "ember/core/tensor.h"
#include "ember/utils/numpy_random.h"

namespace ember::datasets {

using utils::NumpyRandomState;
using utils::RandomStateArg;

// X: (n_samples, n_features) float64, y: (n_samples,) int64. `auto [X, y] = make_circles(...)`.
struct Samples {
  Tensor X;
  Tensor y;
};

// make_circles: a circle of radius 1 (label 0, n // 2 points) around one of radius `factor`
// (label 1, the other n - n // 2), angles i * (2pi / m) with cos/sin from the C library (see
// docs/toy-data.md), rows shuffled by RandomState(random_state), then N(0, noise^2) added.
// n_samples >= 0; factor in [0, 1); noise >= 0.
Samples make_circles(int64_t n_samples = 100, bool shuffle = true,
                     std::optional<double> noise = std::nullopt,
                     RandomStateArg random_state = std::nullopt, double factor = 0.8);
// n_samples as (n_outer, n_inner), like sklearn's 2-tuple.
Samples make_circles(std::pair<int64_t, int64_t> n_samples, bool shuffle = true,
                     std::optional<double> noise = std::nullopt,
                     RandomStateArg random_state = std::nullopt, double factor = 0.8);

// make_circles with caller-supplied cos/sin of the outer and inner angles instead of the C
// library's, e.g. numpy's own values from a machine where numpy computes float64 trig with SVML
// (numpy_sklearn_rng.md 6.3). Inner points are (cos * factor, sin * factor); everything else
// (labels, shuffle, noise, checks) is make_circles'. Each pair of spans must have equal size.
Samples make_circles_from_trig(std::span<const double> cos_outer, std::span<const double> sin_outer,
                               std::span<const double> cos_inner, std::span<const double> sin_inner,
                               bool shuffle = true, std::optional<double> noise = std::nullopt,
                               RandomStateArg random_state = std::nullopt, double factor = 0.8);

// make_moons: two interleaving half circles, angles linspace(0, pi, m) (endpoint included);
// upper moon (cos t, sin t) label 0 with n // 2 points, lower moon (1 - cos t, 1 - sin t - 0.5)
// label 1. n_samples >= 1 (or a pair with both >= 0); noise >= 0.
Samples make_moons(int64_t n_samples = 100, bool shuffle = true,
                   std::optional<double> noise = std::nullopt,
                   RandomStateArg random_state = std::nullopt);
Samples make_moons(std::pair<int64_t, int64_t> n_samples, bool shuffle = true,
                   std::optional<double> noise = std::nullopt,
                   RandomStateArg random_state = std::nullopt);

// make_blobs' `n_samples`: a total split evenly over the centers (the first n % k centers get
// one more), or explicit per-center counts ({300, 300, 400}).
class BlobSamples {
 public:
  BlobSamples(int64_t total) : total_(total) {}                                         // NOLINT
  BlobSamples(std::vector<int64_t> per_center) : per_center_(std::move(per_center)) {}  // NOLINT
  BlobSamples(std::initializer_list<int64_t> per_center) : per_center_(per_center) {}   // NOLINT
  bool is_total() const { return !per_center_.has_value(); }
  int64_t total() const { return total_; }
  const std::vector<int64_t>& per_center() const { return *per_center_; }

 private:
  int64_t total_ = 0;
  std::optional<std::vector<int64_t>> per_center_;
};

// make_blobs' `centers`: None (3 random centers, or one per entry of a per-center n_samples),
// a count of random centers drawn uniformly in center_box, or explicit centers, (k, F) of any
// floating or integer dtype (n_features then comes from them).
class BlobCenters {
 public:
  BlobCenters() = default;
  BlobCenters(std::nullopt_t) {}                                 // NOLINT
  BlobCenters(int64_t count) : count_(count) {}                  // NOLINT
  BlobCenters(Tensor centers) : centers_(std::move(centers)) {}  // NOLINT
  BlobCenters(std::initializer_list<std::vector<double>> rows);  // NOLINT: {{1, 2}, {3, 4}}
  bool is_none() const { return !count_ && !centers_.defined(); }
  std::optional<int64_t> count() const { return count_; }
  const Tensor& centers() const { return centers_; }

 private:
  std::optional<int64_t> count_;
  Tensor centers_;
};

// make_blobs' `cluster_std`: one standard deviation for every cluster, or one per cluster.
class ClusterStd {
 public:
  ClusterStd(double std) : std_(std) {}                                                  // NOLINT
  ClusterStd(std::vector<double> per_cluster) : per_cluster_(std::move(per_cluster)) {}  // NOLINT
  ClusterStd(std::initializer_list<double> per_cluster) : per_cluster_(per_cluster) {}   // NOLINT
  bool is_scalar() const { return !per_cluster_.has_value(); }
  double scalar() const { return std_; }
  const std::vector<double>& per_cluster() const { return *per_cluster_; }

 private:
  double std_ = 1.0;
  std::optional<std::vector<double>> per_cluster_;
};

// make_blobs' arguments with sklearn's defaults, for C++20 designated initializers:
// make_blobs({.n_samples = 1000, .n_features = 2, .centers = 4, .cluster_std = 1.5,
//             .random_state = 42}).
struct BlobsOptions {
  BlobSamples n_samples = 100;
  int64_t n_features = 2;
  BlobCenters centers = std::nullopt;
  ClusterStd cluster_std = 1.0;
  std::pair<double, double> center_box = {-10.0, 10.0};
  bool shuffle = true;
  RandomStateArg random_state = std::nullopt;
};

// make_blobs: isotropic Gaussian blobs. Centers come from uniform(box) draws when not given;
// cluster i's rows are center[i] + std_i * g (row-major draws), labels i; then the rows are
// shuffled with the same generator. `centers_out`, when given, receives the (k, F) float64
// centers (sklearn's return_centers=True).
Samples make_blobs(const BlobsOptions& options, Tensor* centers_out = nullptr);
// Positional form, sklearn's parameter order (per-center counts: use the options form; a
// BlobSamples first parameter would make GCC 12 call make_blobs({.centers = 3}) ambiguous).
Samples make_blobs(int64_t n_samples = 100, int64_t n_features = 2,
                   BlobCenters centers = std::nullopt, ClusterStd cluster_std = 1.0,
                   std::pair<double, double> center_box = {-10.0, 10.0}, bool shuffle = true,
                   RandomStateArg random_state = std::nullopt);

// train_test_split's test_size / train_size: a fraction in (0, 1) (a double), a count (an
// integer), or None (std::nullopt).
class SplitSize {
 public:
  SplitSize() = default;
  SplitSize(std::nullopt_t) {}                         // NOLINT
  SplitSize(double fraction) : fraction_(fraction) {}  // NOLINT
  template <std::integral I>
  requires(!std::same_as<I, bool>) SplitSize(I count)
      : count_(static_cast<int64_t>(count)) {}  // NOLINT
  bool is_none() const { return !fraction_ && !count_; }
  std::optional<double> fraction() const { return fraction_; }
  std::optional<int64_t> count() const { return count_; }

 private:
  std::optional<double> fraction_;
  std::optional<int64_t> count_;
};

// The four results of train_test_split(X, y): `auto [X_train, X_test, y_train, y_test] = ...`.
struct TrainTestSplit {
  Tensor X_train;
  Tensor X_test;
  Tensor y_train;
  Tensor y_test;
};

// train_test_split: n_test = ceil(test_size * n) for a fraction (test_size defaults to 0.25
// when both sizes are None), perm = RandomState(random_state).permutation(n), test rows =
// perm[:n_test], train rows = perm[n_test:n_test + n_train] (shuffle=false: train = the first
// n_train rows, test = the next n_test). Rows are copied out in that order, any dtype and
// shape with a leading sample dimension. Errors use sklearn's wording ("Found input variables
// with inconsistent numbers of samples: [1000, 999]", "test_size=1.5 should be either ...").
// The outputs are plain data: they do not record autograd history.
TrainTestSplit train_test_split(const Tensor& X, const Tensor& y, SplitSize test_size = {},
                                RandomStateArg random_state = std::nullopt, bool shuffle = true,
                                SplitSize train_size = {});
// Any number of arrays sharing dim 0: returns {a0_train, a0_test, a1_train, a1_test, ...}.
std::vector<Tensor> train_test_split(std::span<const Tensor> arrays, SplitSize test_size = {},
                                     RandomStateArg random_state = std::nullopt,
                                     bool shuffle = true, SplitSize train_size = {});
std::vector<Tensor> train_test_split(const std::vector<Tensor>& arrays, SplitSize test_size = {},
                                     RandomStateArg random_state = std::nullopt,
                                     bool shuffle = true, SplitSize train_size = {});

// The (n_train, n_test) sizes train_test_split uses for n samples (sklearn's
// _validate_shuffle_split, with its error messages).
std::pair<int64_t, int64_t> validate_shuffle_split(int64_t n_samples, SplitSize test_size,
                                                   SplitSize train_size,
                                                   double default_test_size = 0.25);

}  // namespace ember::datasets
