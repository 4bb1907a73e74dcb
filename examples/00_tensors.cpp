// Chapter 0 of the tutorial, tensors, in C++: creation, attributes, arithmetic, matmul and its
// shape error, aggregation, argmax/argmin, dtypes, reshape/view/stack/squeeze/unsqueeze/permute,
// indexing, NumPy interop through .npy files, seeds and devices. It prints exactly what
// tools/golden/example_00_tensors.py prints with PyTorch (checked by tests/examples).
#include <ember/ember.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

using namespace ember;
using namespace ember::indexing;

// Python's f"{t}" of a 0-d tensor formats the number (t.item()), print(t) the tensor: the example
// writes .item() where the tutorial uses an f-string.

int main() {
  std::cout << "== Introduction to tensors ==\n";
  Tensor scalar = tensor(7);
  std::cout << scalar << "\n" << scalar.dim() << "\n" << scalar.item<int64_t>() << "\n";
  Tensor vector = tensor({7, 7});
  std::cout << vector << "\n" << vector.dim() << "\n" << size_repr(vector.sizes()) << "\n";
  Tensor MATRIX = tensor({{7, 8}, {9, 10}});
  std::cout << MATRIX << "\n" << MATRIX.dim() << "\n" << size_repr(MATRIX.sizes()) << "\n";
  Tensor TENSOR = tensor({{{1, 2, 3}, {3, 6, 9}, {2, 4, 5}}});
  std::cout << TENSOR << "\n" << TENSOR.dim() << "\n" << size_repr(TENSOR.sizes()) << "\n";

  std::cout << "== Random tensors ==\n";
  manual_seed(42);
  Tensor random_tensor = rand({3, 4});
  std::cout << random_tensor << "\n" << random_tensor.dtype() << "\n";
  Tensor random_image_size_tensor = rand({224, 224, 3});
  std::cout << size_repr(random_image_size_tensor.sizes()) << " " << random_image_size_tensor.dim()
            << "\n";

  std::cout << "== Zeros and ones ==\n";
  Tensor zeros_t = zeros({3, 4});
  std::cout << zeros_t << "\n" << zeros_t.dtype() << "\n";
  Tensor ones_t = ones({3, 4});
  std::cout << ones_t << "\n" << ones_t.dtype() << "\n";

  std::cout << "== Range and like ==\n";
  Tensor zero_to_ten = arange(0, 10, 1);
  std::cout << zero_to_ten << "\n" << zeros_like(zero_to_ten) << "\n";

  std::cout << "== Datatypes ==\n";
  Tensor float_32_tensor = tensor({3.0, 6.0, 9.0});
  std::cout << size_repr(float_32_tensor.sizes()) << " " << float_32_tensor.dtype() << " "
            << float_32_tensor.device() << "\n";
  Tensor float_16_tensor = tensor({3.0, 6.0, 9.0}, kFloat16);
  std::cout << float_16_tensor.dtype() << "\n" << float_16_tensor << "\n";
  std::cout << float_32_tensor * float_16_tensor << "\n";

  std::cout << "== Getting information from tensors ==\n";
  Tensor some_tensor = rand({3, 4});
  std::cout << some_tensor << "\n";
  std::cout << "Shape of tensor: " << size_repr(some_tensor.sizes()) << "\n";
  std::cout << "Datatype of tensor: " << some_tensor.dtype() << "\n";
  std::cout << "Device tensor is stored on: " << some_tensor.device() << "\n";

  std::cout << "== Manipulating tensors ==\n";
  Tensor t = tensor({1, 2, 3});
  std::cout << t + 10 << "\n" << t * 10 << "\n" << t - 10 << "\n" << mul(t, 10) << "\n";
  std::cout << t << " * " << t << "\n";
  std::cout << "Equals: " << t * t << "\n";

  std::cout << "== Matrix multiplication ==\n";
  std::cout << matmul(t, t) << "\n" << t.matmul(t) << "\n";
  Tensor tensor_A = tensor({{1, 2}, {3, 4}, {5, 6}}, kFloat32);
  Tensor tensor_B = tensor({{7, 10}, {8, 11}, {9, 12}}, kFloat32);
  try {
    matmul(tensor_A, tensor_B);
  } catch (const Error& e) {
    std::cout << "RuntimeError: " << e.what() << "\n";
  }
  std::cout << tensor_A << "\n" << tensor_B.T() << "\n";
  std::cout << "Original shapes: tensor_A = " << size_repr(tensor_A.sizes())
            << ", tensor_B = " << size_repr(tensor_B.sizes()) << "\n";
  std::cout << "New shapes: tensor_A = " << size_repr(tensor_A.sizes())
            << " (same as above), tensor_B.T = " << size_repr(tensor_B.T().sizes()) << "\n";
  Tensor output = matmul(tensor_A, tensor_B.T());
  std::cout << output << "\n";
  std::cout << "Output shape: " << size_repr(output.sizes()) << "\n";
  std::cout << mm(tensor_A, tensor_B.T()) << "\n";

  std::cout << "== Finding the min, max, mean, sum ==\n";
  Tensor x = arange(0, 100, 10);
  std::cout << x << "\n";
  std::cout << "Minimum: " << x.min().item() << "\n";
  std::cout << "Maximum: " << x.max().item() << "\n";
  std::cout << "Mean: " << x.to(kFloat32).mean().item() << "\n";
  std::cout << "Sum: " << x.sum().item() << "\n";
  std::cout << max(x) << " " << min(x) << " " << mean(x.to(kFloat32)) << " " << sum(x) << "\n";

  std::cout << "== Positional min/max ==\n";
  t = arange(10, 100, 10);
  std::cout << "Tensor: " << t << "\n";
  std::cout << "Index where max value occurs: " << t.argmax().item() << "\n";
  std::cout << "Index where min value occurs: " << t.argmin().item() << "\n";

  std::cout << "== Change tensor datatype ==\n";
  t = arange(10., 100., 10.);
  std::cout << t.dtype() << "\n" << t.to(kFloat16) << "\n" << t.to(kInt8) << "\n";

  std::cout << "== Reshaping, stacking, squeezing and unsqueezing ==\n";
  x = arange(1., 8.);
  std::cout << x << " " << size_repr(x.sizes()) << "\n";
  Tensor x_reshaped = x.reshape({1, 7});
  std::cout << x_reshaped << " " << size_repr(x_reshaped.sizes()) << "\n";
  Tensor z = x.view({1, 7});
  std::cout << z << " " << size_repr(z.sizes()) << "\n";
  z.index_put_({Slice(), 0}, 5);
  std::cout << z << " " << x << "\n";
  std::cout << stack({x, x, x, x}, 0) << "\n";
  std::cout << "Previous tensor: " << x_reshaped << "\n";
  std::cout << "Previous shape: " << size_repr(x_reshaped.sizes()) << "\n";
  Tensor x_squeezed = x_reshaped.squeeze();
  std::cout << "New tensor: " << x_squeezed << "\n";
  std::cout << "New shape: " << size_repr(x_squeezed.sizes()) << "\n";
  Tensor x_unsqueezed = x_squeezed.unsqueeze(0);
  std::cout << "New tensor: " << x_unsqueezed << "\n";
  std::cout << "New shape: " << size_repr(x_unsqueezed.sizes()) << "\n";
  Tensor x_original = rand({224, 224, 3});
  Tensor x_permuted = x_original.permute({2, 0, 1});
  std::cout << "Previous shape: " << size_repr(x_original.sizes()) << "\n";
  std::cout << "New shape: " << size_repr(x_permuted.sizes()) << "\n";

  std::cout << "== Indexing ==\n";
  x = arange(1, 10).reshape({1, 3, 3});
  std::cout << x << " " << size_repr(x.sizes()) << "\n";
  std::cout << "First square bracket:\n" << x[0] << "\n";
  std::cout << "Second square bracket: " << x[0][0] << "\n";
  std::cout << "Third square bracket: " << x[0][0][0].item() << "\n";
  std::cout << x.index({Slice(), 0}) << "\n";
  std::cout << x.index({Slice(), Slice(), 1}) << "\n";
  std::cout << x.index({Slice(), 1, 1}) << "\n";
  std::cout << x.index({0, 0, Slice()}) << "\n";
  std::cout << x.index({x > 4}) << "\n";

  std::cout << "== NumPy interop (.npy) ==\n";
  {
    auto dir = std::filesystem::temp_directory_path() / "ember_example_00";
    std::filesystem::create_directories(dir);
    auto path = (dir / "array.npy").string();
    save_npy(path, arange(1.0, 8.0, TensorOptions(kFloat64)));  // np.arange(1.0, 8.0)
    std::cout << load_npy(path) << "\n";
    save_npy(path, ones({7}));
    std::cout << load_npy(path) << "\n";
    std::filesystem::remove_all(dir);
  }

  std::cout << "== Reproducibility ==\n";
  const int RANDOM_SEED = 42;
  manual_seed(RANDOM_SEED);
  Tensor random_tensor_C = rand({3, 4});
  manual_seed(RANDOM_SEED);
  Tensor random_tensor_D = rand({3, 4});
  std::cout << "Tensor C:\n" << random_tensor_C << "\n\n";
  std::cout << "Tensor D:\n" << random_tensor_D << "\n\n";
  std::cout << "Does Tensor C equal Tensor D? (anywhere)\n";
  std::cout << (random_tensor_C == random_tensor_D) << "\n";

  std::cout << "== Devices ==\n";
  std::cout << (cuda::is_available() ? "True" : "False") << "\n";
  Device device = cuda::is_available() ? kCUDA : kCPU;
  std::cout << device << "\n";
  return 0;
}
