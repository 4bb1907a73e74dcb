// Tensor-core benchmarks: per-op overhead on tiny tensors, bandwidth-bound elementwise and
// reductions on large tensors, and sgemm (ember vs OpenBLAS called directly). Names match the
// workloads in bench/torch_ops.py so bench/compare.py can print ratios.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <ember/ember.h>

#include <vector>

using namespace ember;

static void tiny_add(benchmark::State& s) {
  Tensor a = rand({2, 2}), b = rand({2, 2});
  for (auto _ : s) benchmark::DoNotOptimize(a + b);
}
static void tiny_mul_scalar(benchmark::State& s) {
  Tensor a = rand({2, 2});
  for (auto _ : s) benchmark::DoNotOptimize(a * 2.0);
}
static void tiny_matmul(benchmark::State& s) {
  Tensor a = rand({2, 2}), b = rand({2, 2});
  for (auto _ : s) benchmark::DoNotOptimize(a.matmul(b));
}
static void tiny_sum(benchmark::State& s) {
  Tensor a = rand({2, 2});
  for (auto _ : s) benchmark::DoNotOptimize(a.sum());
}
static void tiny_view(benchmark::State& s) {
  Tensor a = rand({2, 2});
  for (auto _ : s) benchmark::DoNotOptimize(a.view({4}));
}
static void large_add(benchmark::State& s) {
  Tensor a = rand({4096, 1024}), b = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a + b);
  s.SetBytesProcessed(s.iterations() * a.nbytes() * 3);
}
// In-place add over 16 MB operands, and the same traffic as a plain C++ loop over raw buffers:
// the memory-bandwidth yardstick for large elementwise ops (compare.py prints the ratio).
static void large_add_inplace(benchmark::State& s) {
  Tensor x = rand({4096, 1024}), b = rand({4096, 1024});
  for (auto _ : s) {
    x.add_(b);
    benchmark::ClobberMemory();
  }
  s.SetBytesProcessed(s.iterations() * x.nbytes() * 3);
}
static void raw_add_inplace_loop(benchmark::State& s) {
  std::vector<float> x(4096 * 1024, 0.5f), b(4096 * 1024, 0.25f);
  for (auto _ : s) {
    float* __restrict xp = x.data();
    const float* __restrict bp = b.data();
    for (size_t i = 0; i < x.size(); ++i) xp[i] += bp[i];
    benchmark::ClobberMemory();
  }
  s.SetBytesProcessed(s.iterations() * static_cast<int64_t>(x.size() * sizeof(float)) * 3);
}
static void large_exp(benchmark::State& s) {
  Tensor a = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.exp());
  s.SetBytesProcessed(s.iterations() * a.nbytes() * 2);
}
static void large_copy(benchmark::State& s) {  // the bandwidth yardstick
  Tensor a = rand({4096, 1024}), b = empty({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(b.copy_(a));
  s.SetBytesProcessed(s.iterations() * a.nbytes() * 2);
}
static void large_sum(benchmark::State& s) {
  Tensor a = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.sum());
  s.SetBytesProcessed(s.iterations() * a.nbytes());
}
static void large_sum_dim1(benchmark::State& s) {
  Tensor a = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.sum({1}));
}
static void large_softmax(benchmark::State& s) {
  Tensor a = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.softmax(1));
}
static void large_sum_dim0(benchmark::State& s) {
  Tensor a = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.sum({0}));
}
static void large_log_softmax(benchmark::State& s) {
  Tensor a = rand({4096, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.log_softmax(1));
}
// Cache-resident reductions (1 MiB): the kernels' arithmetic rather than memory bandwidth.
static void mid_sum(benchmark::State& s) {
  Tensor a = rand({256, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.sum());
}
static void mid_sum_dim1(benchmark::State& s) {
  Tensor a = rand({256, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.sum({1}));
}
static void mid_softmax(benchmark::State& s) {
  Tensor a = rand({256, 1024});
  for (auto _ : s) benchmark::DoNotOptimize(a.softmax(1));
}
// The blobs classifier's shape: 800 rows of 4 classes (rows shorter than a register).
static void short_rows_softmax(benchmark::State& s) {
  Tensor a = rand({800, 4});
  for (auto _ : s) benchmark::DoNotOptimize(a.softmax(1));
}
static void short_rows_log_softmax_fwd_bwd(benchmark::State& s) {
  Tensor a = rand({800, 4}).requires_grad_(true), g = rand({800, 4});
  for (auto _ : s) {
    a.log_softmax(1).backward(g);
    a.grad() = Tensor();
  }
}
static void sgemm_512(benchmark::State& s) {
  Tensor a = rand({512, 512}), b = rand({512, 512});
  for (auto _ : s) benchmark::DoNotOptimize(a.matmul(b));
}
static void sgemm_512_openblas(benchmark::State& s) {
  Tensor a = rand({512, 512}), b = rand({512, 512}), c = empty({512, 512});
  for (auto _ : s) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 512, 512, 512, 1.f, a.data_ptr<float>(),
                512, b.data_ptr<float>(), 512, 0.f, c.data_ptr<float>(), 512);
    benchmark::ClobberMemory();
  }
}

BENCHMARK(tiny_add);
BENCHMARK(tiny_mul_scalar);
BENCHMARK(tiny_matmul);
BENCHMARK(tiny_sum);
BENCHMARK(tiny_view);
BENCHMARK(large_add);
BENCHMARK(large_add_inplace);
BENCHMARK(raw_add_inplace_loop);
BENCHMARK(large_exp);
BENCHMARK(large_copy);
BENCHMARK(large_sum);
BENCHMARK(large_sum_dim1);
BENCHMARK(large_softmax);
BENCHMARK(large_sum_dim0);
BENCHMARK(large_log_softmax);
BENCHMARK(mid_sum);
BENCHMARK(mid_sum_dim1);
BENCHMARK(mid_softmax);
BENCHMARK(short_rows_softmax);
BENCHMARK(short_rows_log_softmax_fwd_bwd);
BENCHMARK(sgemm_512);
BENCHMARK(sgemm_512_openblas);
BENCHMARK_MAIN();
