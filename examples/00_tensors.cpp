// Chapter 0 of the tutorial: tensors. (Grows with the tensor core.)
#include <ember/ember.h>

#include <cstdio>

int main() {
  using namespace ember;
  Tensor scalar = tensor(7);
  std::printf("scalar.dim() = %lld\n", static_cast<long long>(scalar.dim()));
  Tensor matrix = tensor({{7, 8}, {9, 10}});
  std::printf("matrix shape = %s\n", size_repr(matrix.sizes()).c_str());
  return 0;
}
