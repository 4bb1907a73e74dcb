// Files for tools/golden/check_ember_saved.py: ember saves models, tensors of every dtype, shared
// and strided views, nested values, a training checkpoint and a safetensors file, plus the
// predictions and parameter values Python must reproduce after loading them with
// torch.load(weights_only=True). Writes to $EMBER_INTEROP_DIR (a temporary folder otherwise) and
// checks every file reloads in ember, so it is a test on its own too.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "ember/ember.h"
#include "support/fixture.h"

using namespace ember;
namespace fs = std::filesystem;

namespace {

struct CircleModelV2Impl : nn::Module {
  CircleModelV2Impl() {
    layer_1 = register_module("layer_1", nn::Linear(2, 10));
    layer_2 = register_module("layer_2", nn::Linear(10, 10));
    layer_3 = register_module("layer_3", nn::Linear(10, 1));
  }
  Tensor forward(const Tensor& x) { return layer_3(relu(layer_2(relu(layer_1(x))))); }
  nn::Linear layer_1{nullptr}, layer_2{nullptr}, layer_3{nullptr};
};
EMBER_MODULE(CircleModelV2);

class OutDir {
 public:
  OutDir() {
    if (const char* d = std::getenv("EMBER_INTEROP_DIR"); d != nullptr && *d) {
      path_ = d;
      fs::create_directories(path_);
    } else {
      std::string tmpl = (fs::temp_directory_path() / "ember_interop_XXXXXX").string();
      path_ = ::mkdtemp(tmpl.data());
      owned_ = true;
    }
  }
  ~OutDir() {
    if (owned_) fs::remove_all(path_);
  }
  std::string operator/(const std::string& n) const { return (path_ / n).string(); }

 private:
  fs::path path_;
  bool owned_ = false;
};

}  // namespace

TEST(InteropExport, WritesFilesPythonChecks) {
  OutDir dir;
  manual_seed(42);
  CircleModelV2 model;
  Tensor X = randn({8, 2});
  Tensor y;
  {
    NoGradGuard ng;
    y = model(X);
  }
  save(model, dir / "circle.pth");
  OrderedDict<std::string, Tensor> io_;
  io_.insert("X", X);
  io_.insert("y", y);
  save(io_, dir / "circle_io.pth");
  save(model->state_dict(), dir / "circle.safetensors");

  // Every dtype from the same values; 0-d, empty, transposed and shared views.
  OrderedDict<std::string, Tensor> dt;
  Tensor base = tensor({0.0, -1.5, 2.25, 3000.0, -0.0, 7.0}).view({2, 3});
  for (ScalarType t :
       {kBool, kUInt8, kInt8, kInt16, kInt32, kInt64, kFloat16, kBFloat16, kFloat32, kFloat64})
    dt.insert(std::string(dtype_name(t)), base.to(t));
  dt.insert("scalar", tensor(3.5));
  dt.insert("empty", zeros({0, 3}));
  Tensor shared = arange(12, kFloat32).view({3, 4});
  dt.insert("shared", shared);
  dt.insert("shared_t", shared.t());
  dt.insert("shared_col", shared.select(1, 2));
  save(dt, dir / "dtypes.pth");

  io::Value nested = io::Value::list(
      {io::Value(ones({2}, kInt32)), io::Value::tuple({1, "x", nullptr, true, false}),
       io::Value(
           io::ValueDict{{int64_t{7}, "seven"}, {"big", int64_t{1} << 40}, {"neg", -70000}})});
  save(nested, dir / "nested.pth");

  // A checkpoint after two SGD steps, and the parameters after a third.
  manual_seed(7);
  nn::Linear lin(2, 1);
  optim::SGD opt(lin->parameters(), optim::SGDOptions(0.1).momentum(0.9));
  Tensor Xs = randn({4, 2}), ys = randn({4, 1});
  for (int i = 0; i < 2; ++i) {
    opt.zero_grad();
    nn::functional::mse_loss(lin(Xs), ys).backward();
    opt.step();
  }
  save_checkpoint(dir / "ckpt_sgd.pth", *lin, opt, 2, io::ValueDict{{"acc", 0.5}});
  opt.zero_grad();
  nn::functional::mse_loss(lin(Xs), ys).backward();
  opt.step();
  OrderedDict<std::string, Tensor> after;
  after.insert("X", Xs);
  after.insert("y", ys);
  after.insert("weight", lin->weight.detach());
  after.insert("bias", lin->bias.detach());
  save(after, dir / "ckpt_sgd_after.pth");

  // Everything reloads in ember.
  CircleModelV2 back;
  load(back, dir / "circle.pth");
  NoGradGuard ng;
  EXPECT_TENSOR_EQ(back(X), y);
  auto dt_back = load_state_dict(dir / "dtypes.pth");
  EXPECT_EQ(dt_back["shared_t"].storage().get(), dt_back["shared"].storage().get());
  EXPECT_EQ(load(dir / "nested.pth").repr(), nested.repr());
}
