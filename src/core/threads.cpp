// Threading knob shared by ember's loops and OpenBLAS.
#include "ember/core/threads.h"

#include <omp.h>

#include "ember/core/error.h"

extern "C" void openblas_set_num_threads(int);

namespace ember {

namespace {
int& thread_count() {
  static int n = omp_get_max_threads();
  return n;
}
}  // namespace

void set_num_threads(int n) {
  EMBER_CHECK(n > 0, "set_num_threads expects a positive integer, got ", n);
  thread_count() = n;
  omp_set_num_threads(n);
  openblas_set_num_threads(n);
}

int get_num_threads() { return thread_count(); }

namespace kernels {
int num_threads() { return thread_count(); }
}  // namespace kernels

}  // namespace ember
