// .pth interop: files written by PyTorch 1.13's torch.save (tools/golden/serialization.py) load
// into ember models with bit-identical predictions; every dtype, shared and strided storages,
// parameters, nested containers, the legacy format and optimizer checkpoints load; ember's saves
// round-trip; hostile pickles are refused naming the global.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <cstring>

#include "ember/io/serialize.h"
#include "ember/io/zip.h"
#include "support/fixture.h"
#include "support/temp_dir.h"

using namespace ember;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

using ember::test::TempDir;

namespace {

const test::json& fx() {
  static const test::json j = test::load_fixture("serialization.json");
  return j;
}
std::string pth(const std::string& name) { return test::fixture_path("serialization/" + name); }

// expected: {"keys": [...in Python's order...], "values": {key: tensor}}
void expect_state(const OrderedDict<std::string, Tensor>& sd, const test::json& expected) {
  const auto keys = expected["keys"].get<std::vector<std::string>>();
  ASSERT_EQ(sd.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(sd[i].key(), keys[i]);  // same order as Python's state_dict
    EXPECT_TENSOR_EQ(sd[i].value(), test::tensor_from_json(expected["values"][keys[i]]));
  }
}

struct LinearRegressionImpl : nn::Module {
  LinearRegressionImpl() { linear_layer = register_module("linear_layer", nn::Linear(1, 1)); }
  Tensor forward(const Tensor& x) { return linear_layer(x); }
  nn::Linear linear_layer{nullptr};
};
EMBER_MODULE(LinearRegression);

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

// The tutorial's chapter-03 TinyVGG for 1x28x28 FashionMNIST images.
struct TinyVGGImpl : nn::Module {
  TinyVGGImpl(int64_t in, int64_t hidden, int64_t out) {
    auto conv = [](int64_t i, int64_t o) {
      return nn::Conv2d(nn::Conv2dOptions(i, o, 3).stride(1).padding(1));
    };
    block_1 = register_module(
        "block_1", nn::Sequential{conv(in, hidden), nn::ReLU(), conv(hidden, hidden), nn::ReLU(),
                                  nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2))});
    block_2 = register_module("block_2",
                              nn::Sequential{conv(hidden, hidden), nn::ReLU(), conv(hidden, hidden),
                                             nn::ReLU(), nn::MaxPool2d(nn::MaxPool2dOptions(2))});
    classifier = register_module("classifier",
                                 nn::Sequential{nn::Flatten(), nn::Linear(hidden * 7 * 7, out)});
  }
  Tensor forward(const Tensor& x) { return classifier(block_2(block_1(x))); }
  nn::Sequential block_1{nullptr}, block_2{nullptr}, classifier{nullptr};
};
EMBER_MODULE(TinyVGG);

}  // namespace

TEST(Serialization, LinearRegressionFromPyTorch) {
  const auto& f = fx()["linear_regression"];
  auto sd = load_state_dict(pth("linear_regression.pth"));
  expect_state(sd, f["state"]);
  LinearRegression model;
  load(model, pth("linear_regression.pth"));
  NoGradGuard ng;
  EXPECT_TENSOR_EQ(model(test::tensor_from_json(f["X"])), test::tensor_from_json(f["y"]));
}

TEST(Serialization, CircleModelsFromPyTorch) {
  const auto& fs_ = fx()["circle_sequential"];
  nn::Sequential seq{nn::Linear(2, 10), nn::ReLU(), nn::Linear(10, 10), nn::ReLU(),
                     nn::Linear(10, 1)};
  load(seq, pth("circle_sequential.pth"));
  expect_state(seq->state_dict(), fs_["state"]);
  NoGradGuard ng;
  EXPECT_TENSOR_EQ(seq->forward(test::tensor_from_json(fs_["X"])),
                   test::tensor_from_json(fs_["y"]));

  const auto& fc = fx()["circle_custom"];
  CircleModelV2 custom;
  load(custom, pth("circle_custom.pth"));
  EXPECT_TENSOR_EQ(custom(test::tensor_from_json(fc["X"])), test::tensor_from_json(fc["y"]));
}

TEST(Serialization, BatchNormBuffersAndMetadata) {
  const auto& f = fx()["batchnorm"];
  PthContents c = load_pth(pth("batchnorm.pth"));
  EXPECT_TRUE(c.ordered_dict);
  // The state_dict's _metadata attribute: per-module versions (BatchNorm is version 2).
  ASSERT_TRUE(c.metadata.is_dict());
  EXPECT_EQ(c.metadata.dict().at(std::string("1")).dict().at(std::string("version")).to_int(), 2);
  auto sd = load_state_dict(pth("batchnorm.pth"));
  expect_state(sd, f["state"]);
  EXPECT_EQ(sd["1.num_batches_tracked"].dtype(), kInt64);
  EXPECT_EQ(sd["1.num_batches_tracked"].dim(), 0);
  EXPECT_EQ(sd["1.num_batches_tracked"].item<int64_t>(), 2);

  // Loaded into the same model, in eval mode (running statistics): PyTorch's predictions.
  nn::Sequential model{nn::Linear(3, 4), nn::BatchNorm1d(4), nn::ReLU(), nn::Linear(4, 2)};
  load(model, pth("batchnorm.pth"));
  expect_state(model->state_dict(), f["state"]);
  model->eval();
  NoGradGuard ng;
  EXPECT_TENSOR_EQ(model->forward(test::tensor_from_json(f["X"])), test::tensor_from_json(f["y"]));
}

TEST(Serialization, TinyVGGFromPyTorch) {
  // The tutorial's TinyVGG after three SGD steps in PyTorch: same keys, and the same logits (up
  // to float32 rounding: ember's convolution sums in another order than PyTorch's, see
  // docs/numerics-cnn.md) and the same predicted classes.
  const auto& f = fx()["tiny_vgg"];
  TinyVGG model(1, 10, 10);
  load(model, pth("tiny_vgg.pth"));
  const auto sd = model->state_dict();
  const auto keys = f["keys"].get<std::vector<std::string>>();
  ASSERT_EQ(sd.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(sd[i].key(), keys[i]);
  EXPECT_TENSOR_EQ(sd["classifier.1.weight"],
                   load_state_dict(pth("tiny_vgg.pth"))["classifier.1.weight"]);
  model->eval();
  NoGradGuard ng;
  Tensor y = model(test::tensor_from_json(f["X"]));
  EXPECT_TENSOR_CLOSE(y, test::tensor_from_json(f["y"]), 1e-5, 1e-6);
  EXPECT_EQ(y.argmax(1).to_vector<int64_t>(), f["pred"].get<std::vector<int64_t>>());
}

TEST(Serialization, CnnWithBatchNorm2dFromPyTorch) {
  const auto& f = fx()["cnn_batchnorm"];
  nn::Sequential model{nn::Conv2d(1, 4, 3), nn::BatchNorm2d(4), nn::ReLU(),
                       nn::MaxPool2d(2),    nn::Flatten(),      nn::Linear(4 * 3 * 3, 3)};
  load(model, pth("cnn_batchnorm.pth"));
  expect_state(model->state_dict(), f["state"]);
  EXPECT_EQ(model->state_dict()["1.num_batches_tracked"].item<int64_t>(), 3);
  model->eval();
  NoGradGuard ng;
  EXPECT_TENSOR_CLOSE(model->forward(test::tensor_from_json(f["X"])),
                      test::tensor_from_json(f["y"]), 1e-5, 1e-6);
}

TEST(Serialization, EveryDtypeZeroDimAndEmpty) {
  auto sd = load_state_dict(pth("dtypes.pth"));
  expect_state(sd, fx()["dtypes"]);
  EXPECT_EQ(sd["scalar"].dim(), 0);
  EXPECT_EQ(sd["empty"].numel(), 0);
  EXPECT_EQ(sd["empty"].sizes(), (std::vector<int64_t>{0, 3}));
}

TEST(Serialization, SharedAndStridedStoragesStayShared) {
  auto sd = load_state_dict(pth("shared.pth"));
  const auto& f = fx()["shared"];
  for (auto it = f.begin(); it != f.end(); ++it) {
    const Tensor& t = sd[it.key()];
    EXPECT_TENSOR_EQ(t, test::tensor_from_json(it.value()["value"]));
    EXPECT_EQ(t.storage_offset(), it.value()["offset"].get<int64_t>()) << it.key();
    EXPECT_EQ(t.strides(), it.value()["stride"].get<std::vector<int64_t>>()) << it.key();
    EXPECT_EQ(t.storage().get(), sd["base"].storage().get()) << it.key();
  }
  EXPECT_FALSE(sd["t"].is_contiguous());
  // Writes through one view are seen by the others, as in Python.
  sd["base"].fill_(1.0);
  EXPECT_EQ(sd["col"][0].item<float>(), 1.0f);

  // Saving writes one storage for all of them, and reloading keeps the sharing.
  TempDir dir;
  save(sd, dir / "shared.pth");
  auto back = load_state_dict(dir / "shared.pth");
  EXPECT_EQ(back["t"].storage().get(), back["row"].storage().get());
  EXPECT_EQ(back["step"].strides(), (std::vector<int64_t>{3}));
  EXPECT_TENSOR_EQ(back["t"], sd["t"]);
  io::ZipReader z(dir / "shared.pth");
  EXPECT_NE(z.find("shared/data/0"), nullptr);
  EXPECT_EQ(z.find("shared/data/1"), nullptr);
}

TEST(Serialization, TensorParameterAndNestedContainers) {
  io::Value t = load(pth("tensor_only.pth"));
  ASSERT_TRUE(t.is_tensor());
  EXPECT_TENSOR_EQ(t.to_tensor(), arange(6, kInt16).view({2, 3}));

  io::Value p = load(pth("parameter.pth"));
  ASSERT_TRUE(p.is_tensor());
  EXPECT_TRUE(p.to_tensor().impl()->is_parameter);
  EXPECT_TRUE(p.to_tensor().requires_grad());

  io::Value n = load(pth("nested.pth"));
  ASSERT_TRUE(n.is_list());
  EXPECT_EQ(n.repr(),
            "[tensor([1., 2.]), {'a': tensor([[5]]), 'n': 3, 'f': 1.5, 'big': 1099511627776, "
            "'neg': -70000}, "
            "(1, 'x', None, True, False), [], {}, {7: 'seven'}]");
  EXPECT_THROW(load_state_dict(pth("nested.pth")), Error);
}

TEST(Serialization, LegacyFormat) {
  auto sd = load_state_dict(pth("legacy.pth"));
  expect_state(sd, fx()["legacy"]);
}

TEST(Serialization, RoundTripKeepsValuesDtypesAndOrder) {
  TempDir dir;
  auto sd = load_state_dict(pth("dtypes.pth"));
  save(sd, dir / "d.pth");
  auto back = load_state_dict(dir / "d.pth");
  ASSERT_EQ(back.size(), sd.size());
  for (size_t i = 0; i < sd.size(); ++i) {
    EXPECT_EQ(back[i].key(), sd[i].key());
    EXPECT_TENSOR_EQ(back[i].value(), sd[i].value());
  }
  // A value tree with every kind of value.
  io::ValueDict d;
  d.set("list", io::Value::list({1, 2.5, "s", nullptr, true}));
  d.set("tuple", io::Value::tuple({int64_t{-5}, int64_t{1} << 40, int64_t{-(int64_t{1} << 62)}}));
  d.set(int64_t{3}, io::Value(ones({2}, kBFloat16)));
  Tensor w = nn::Parameter(randn({2, 2}));
  d.set("param", io::Value(w));
  save(io::Value(d), dir / "v.pth");
  io::Value v = load(dir / "v.pth");
  EXPECT_EQ(v.repr(), io::Value(d).repr());
  EXPECT_TRUE(v.dict().at(std::string("param")).to_tensor().impl()->is_parameter);
}

TEST(Serialization, SavedArchiveHasTorchLayout) {
  TempDir dir;
  OrderedDict<std::string, Tensor> sd;
  sd.insert("w", ones({3}));
  save(sd, dir / "model.pth");
  io::ZipReader z(dir / "model.pth");
  ASSERT_EQ(z.entries().size(), 3u);
  EXPECT_EQ(z.entries()[0].name, "model/data.pkl");
  EXPECT_EQ(z.entries()[1].name, "model/data/0");
  EXPECT_EQ(z.entries()[2].name, "model/version");
  for (const auto& e : z.entries()) EXPECT_EQ(e.data_offset % 64, 0) << e.name;
  EXPECT_EQ(z.read(z.entries()[2]), "3\n");
  // The pickle is what torch.save(OrderedDict) writes.
  const std::string pkl = z.read(z.entries()[0]);
  EXPECT_EQ(pkl.substr(0, 27), std::string("\x80\x02"
                                           "ccollections\nOrderedDict\nq\x00",
                                           28)
                                   .substr(0, 27));
  EXPECT_NE(pkl.find("torch._utils\n_rebuild_tensor_v2\n"), std::string::npos);
  EXPECT_NE(pkl.find("torch\nFloatStorage\n"), std::string::npos);
}

TEST(Serialization, CheckpointsFromPyTorchContinueTraining) {
  for (const char* name : {"ckpt_sgd", "ckpt_adam"}) {
    SCOPED_TRACE(name);
    const auto& f = fx()[name];
    nn::Linear model(2, 1);
    std::unique_ptr<optim::Optimizer> opt;
    if (std::string(name) == "ckpt_sgd")
      opt = std::make_unique<optim::SGD>(model->parameters(), optim::SGDOptions(0.1).momentum(0.9));
    else
      opt = std::make_unique<optim::Adam>(model->parameters(), optim::AdamOptions(0.01));
    CheckpointInfo info = load_checkpoint(pth(std::string(name) + ".pth"), *model, *opt);
    EXPECT_EQ(info.epoch, 2);
    EXPECT_EQ(info.metrics.at(std::string("loss")).to_double(), f["loss"].get<double>());
    EXPECT_EQ(info.metrics.at(std::string("acc")).to_double(), 0.5);
    opt->zero_grad();
    nn::functional::mse_loss(model(test::tensor_from_json(f["X"])), test::tensor_from_json(f["y"]))
        .backward();
    opt->step();
    expect_state(model->state_dict(), f["after"]);
  }
}

TEST(Serialization, CheckpointRoundTrip) {
  TempDir dir;
  manual_seed(1);
  nn::Linear model(2, 1);
  optim::Adam opt(model->parameters(), optim::AdamOptions(0.01));
  Tensor X = randn({4, 2}), y = randn({4, 1});
  for (int i = 0; i < 2; ++i) {
    opt.zero_grad();
    nn::functional::mse_loss(model(X), y).backward();
    opt.step();
  }
  io::ValueDict metrics;
  metrics.set("loss", 0.25);
  save_checkpoint(dir / "ckpt.pth", *model, opt, 2, metrics);

  nn::Linear model2(2, 1);
  optim::Adam opt2(model2->parameters(), optim::AdamOptions(0.5));
  CheckpointInfo info = load_checkpoint(dir / "ckpt.pth", *model2, opt2);
  EXPECT_EQ(info.epoch, 2);
  EXPECT_EQ(info.metrics.at(std::string("loss")).to_double(), 0.25);
  EXPECT_EQ(opt2.state_dict().repr(), opt.state_dict().repr());
  for (auto* o : {&opt, &opt2}) {
    o->zero_grad();
  }
  nn::functional::mse_loss(model(X), y).backward();
  opt.step();
  nn::functional::mse_loss(model2(X), y).backward();
  opt2.step();
  EXPECT_TENSOR_EQ(model2->weight, model->weight);
}

TEST(Serialization, SafetensorsByExtension) {
  TempDir dir;
  auto sd = load_state_dict(pth("circle_custom.pth"));
  save(sd, dir / "m.safetensors");
  CircleModelV2 m;
  load(m, dir / "m.safetensors");
  NoGradGuard ng;
  const auto& f = fx()["circle_custom"];
  EXPECT_TENSOR_EQ(m(test::tensor_from_json(f["X"])), test::tensor_from_json(f["y"]));
  EXPECT_THAT(
      [&] { save(io::Value(1), dir / "x.safetensors"); },
      ::testing::ThrowsMessage<Error>(HasSubstr("safetensors files hold only a dict of tensors")));
}

TEST(Serialization, LoadStateDictErrorsLikePyTorch) {
  LinearRegression model;
  EXPECT_THAT([&] { load(model, pth("circle_custom.pth")); },
              ::testing::ThrowsMessage<Error>(
                  HasSubstr("Missing key(s) in state_dict: \"linear_layer.weight\"")));
}

// ---- hostile files: refused before anything runs, with the global named

TEST(Serialization, HostilePicklesAreRefused) {
  EXPECT_THAT([] { load(pth("hostile_os_system.pth")); },
              ::testing::ThrowsMessage<Error>(HasSubstr("Unsupported global: GLOBAL os.system")));
  EXPECT_THAT(
      [] { load(pth("hostile_eval.pth")); },
      ::testing::ThrowsMessage<Error>(HasSubstr("Unsupported global: GLOBAL builtins.eval")));
  EXPECT_THAT(
      [] { load(pth("hostile_reduce.pth")); },
      ::testing::ThrowsMessage<Error>(HasSubstr("Unsupported global: GLOBAL commands.Popen")));
  EXPECT_THAT(
      [] { load(pth("hostile_stack_global.pth")); },
      ::testing::ThrowsMessage<Error>(HasSubstr("Unsupported global: STACK_GLOBAL os.system")));
  // The message names the file, the record and the byte offset.
  EXPECT_THAT(
      [] { load(pth("hostile_os_system.pth")); },
      ::testing::ThrowsMessage<Error>(HasSubstr("hostile_os_system/data.pkl': Unsupported")));
  EXPECT_THAT([] { load(pth("hostile_os_system.pth")); },
              ::testing::ThrowsMessage<Error>(HasSubstr("(at byte offset 2)")));
}

TEST(Serialization, ByteOrderRecord) {
  // PyTorch >= 2.1 adds <archive>/byteorder; "little" loads, anything else is refused.
  const std::string pkl = "\x80\x02K\x07.";
  for (const char* order : {"little", "big"}) {
    std::string z;
    io::ZipWriter w([&](const void* p, size_t n) { z.append(static_cast<const char*>(p), n); });
    w.add("a/data.pkl", pkl.data(), pkl.size());
    w.add("a/byteorder", order, std::strlen(order));
    w.add("a/version", "3\n", 2);
    w.finish();
    if (std::string(order) == "little")
      EXPECT_EQ(load_pth_from_memory(z.data(), z.size()).value.to_int(), 7);
    else
      EXPECT_THAT(
          [&] { load_pth_from_memory(z.data(), z.size()); },
          ::testing::ThrowsMessage<Error>(HasSubstr("big-endian archives are not supported")));
  }
}

TEST(Serialization, NotAPyTorchFile) {
  TempDir dir;
  std::ofstream(dir / "x.pth") << "hello";
  EXPECT_THAT([&] { load(dir / "x.pth"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("not a PyTorch file")));
  EXPECT_THAT([&] { load(dir / "missing.pth"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("cannot open")));
}
