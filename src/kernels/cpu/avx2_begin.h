// Opens a region compiled for AVX2 + FMA (close it with avx2_end.h): GCC's target pragma, or
// clang's equivalent attribute region (clang ignores `#pragma GCC target`). Every function
// defined inside may use AVX2 intrinsics; call them only after a runtime CPU check. Deliberately
// no include guard: each begin pairs with one end.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC diagnostic ignored "-Wpsabi"  // AVX values never cross into non-AVX code
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
