// The optimizer update loops built for AVX2 + FMA (used after a CPU check): the fma steps become
// single instructions and the loops vectorise; the rounding is the same as the baseline copy.
#include <cstdint>
#include <limits>

#include "optim/update_kernels.h"

#include "kernels/cpu/avx2_begin.h"

#define EMBER_OPTIM_ISA avx2
#include "optim/update_loops.h"

namespace ember::optim::kernels {

const UpdateTable kAvx2Table = {
    &avx2::sgd<float>,     &avx2::sgd<double>,     &avx2::adam<float>,    &avx2::adam<double>,
    &avx2::rmsprop<float>, &avx2::rmsprop<double>, &avx2::adagrad<float>, &avx2::adagrad<double>,
};

}  // namespace ember::optim::kernels

#include "kernels/cpu/avx2_end.h"
