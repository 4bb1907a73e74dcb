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

// The tutorial's chapter-03 TinyVGG for 1x28x28 images (tools/golden/check_ember_saved.py has the
// Python class with the same attribute names).
struct TinyVGGImpl : nn::Module {
  TinyVGGImpl(int64_t in, int64_t hidden, int64_t out) {
    auto conv = [](int64_t i, int64_t o) {
      return nn::Conv2d(nn::Conv2dOptions(i, o, 3).padding(1));
    };
    block_1 = register_module(
        "block_1", nn::Sequential{conv(in, hidden), nn::ReLU(), conv(hidden, hidden), nn::ReLU(),
                                  nn::MaxPool2d(2)});
    block_2 = register_module("block_2",
                              nn::Sequential{conv(hidden, hidden), nn::ReLU(), conv(hidden, hidden),
                                             nn::ReLU(), nn::MaxPool2d(2)});
    classifier = register_module("classifier",
                                 nn::Sequential{nn::Flatten(), nn::Linear(hidden * 7 * 7, out)});
  }
  Tensor forward(const Tensor& x) { return classifier(block_2(block_1(x))); }
  nn::Sequential block_1{nullptr}, block_2{nullptr}, classifier{nullptr};
};
EMBER_MODULE(TinyVGG);

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

  // TinyVGG after two SGD steps, and a CNN with BatchNorm2d running statistics; their eval-mode
  // predictions.
  manual_seed(5);
  TinyVGG vgg(1, 10, 10);
  {
    optim::SGD sgd(vgg->parameters(), optim::SGDOptions(0.1));
    for (int i = 0; i < 2; ++i) {
      sgd.zero_grad();
      nn::functional::cross_entropy(vgg(rand({4, 1, 28, 28})), randint(0, 10, {4})).backward();
      sgd.step();
    }
  }
  nn::Sequential cnn_bn{nn::Conv2d(1, 4, 3), nn::BatchNorm2d(4), nn::ReLU(),
                        nn::MaxPool2d(2),    nn::Flatten(),      nn::Linear(36, 3)};
  {
    NoGradGuard ng;
    for (int i = 0; i < 3; ++i) cnn_bn->forward(randn({5, 1, 8, 8}));
  }
  vgg->eval();
  cnn_bn->eval();
  OrderedDict<std::string, Tensor> cnn_io;
  {
    NoGradGuard ng;
    Tensor Xv = rand({4, 1, 28, 28}), Xn = randn({3, 1, 8, 8});
    cnn_io.insert("X_vgg", Xv);
    cnn_io.insert("y_vgg", vgg(Xv));
    cnn_io.insert("X_bn", Xn);
    cnn_io.insert("y_bn", cnn_bn->forward(Xn));
  }
  save(vgg, dir / "tiny_vgg.pth");
  save(cnn_bn, dir / "cnn_batchnorm.pth");
  save(cnn_io, dir / "cnn_io.pth");

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
  TinyVGG vgg_back(1, 10, 10);
  load(vgg_back, dir / "tiny_vgg.pth");
  vgg_back->eval();
  EXPECT_TENSOR_EQ(vgg_back(cnn_io["X_vgg"]), cnn_io["y_vgg"]);
}
