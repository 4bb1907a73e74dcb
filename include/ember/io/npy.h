// NumPy .npy files: load_npy reads format versions 1.0, 2.0 and 3.0 (any byte order, C or Fortran
// order, 0-d and empty arrays) into a contiguous tensor; save_npy writes exactly the bytes NumPy's
// np.save writes, atomically (a temporary file in the same folder, then a rename). Malformed
// files give an ember::Error naming the file and the byte offset, never a crash or a huge
// allocation.
#pragma once
#include <cstddef>
#include <string>

#include "ember/core/tensor.h"

namespace ember {

// dtypes: bool (|b1), uint8, int8, int16, int32, int64, float16, float32, float64. NumPy dtypes
// without an ember counterpart (uint16/32/64, complex, strings, objects, structured) are errors.
Tensor load_npy(const std::string& path);
// bfloat16 has no NumPy dtype: convert first (t.to(ember::kFloat32)).
void save_npy(const std::string& path, const Tensor& t);

// The same formats in memory (for .npz members and tests). `name` appears in error messages.
Tensor npy_from_bytes(const void* data, size_t size, const std::string& name = "<memory>");
std::string npy_to_bytes(const Tensor& t);

}  // namespace ember
