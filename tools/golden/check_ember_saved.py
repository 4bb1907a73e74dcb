"""Checks files written by ember (tests/io/interop_export_test.cpp) in PyTorch 1.13:
every file loads with torch.load(weights_only=True) and gives the values and predictions ember
computed, bit for bit. Usage: /usr/bin/python3 check_ember_saved.py DIR  (exit status 0 = ok).

PyTorch 1.13's weights-only unpickler has no BINFLOAT opcode, so any pickle holding a Python
float (an optimizer's lr, metrics) is refused by 1.13 itself (PyTorch >= 2.0 accepts it). For
those files only, this script checks the pickle's globals against 1.13's own allow-list and its
opcodes against the safe set, then loads it with weights_only=False.
"""
import json
import os
import pickletools
import struct
import sys
import zipfile

import torch
from torch import nn
from tutorial_models import TinyVGG
from torch import _weights_only_unpickler as wo

DIR = sys.argv[1]
failures = []


def p(name):
    return os.path.join(DIR, name)


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def bits_equal(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.numel() == 0:
        return True
    if a.dtype == torch.bool:
        return torch.equal(a, b)
    return bytes(a.contiguous().view(-1).view(torch.uint8).numpy()) == bytes(b.contiguous().view(-1).view(torch.uint8).numpy())


def load(name):
    path = p(name)
    try:
        return torch.load(path, weights_only=True)
    except Exception as e:  # 1.13 cannot read floats weights-only: see the module docstring
        if "Unsupported operand 71" not in str(e):
            raise
    print(f"note: {name} holds Python floats, which PyTorch 1.13's weights-only unpickler cannot read;"
          " checking its globals and opcodes against the allow-list instead")
    allowed = wo._get_allowed_globals()
    with zipfile.ZipFile(path) as z:
        pkl = z.read([n for n in z.namelist() if n.endswith("/data.pkl")][0])
    for op, arg, _ in pickletools.genops(pkl):
        if op.name == "GLOBAL":
            check(arg.replace(" ", ".") in allowed, f"{name}: global {arg} not in the weights-only allow-list")
        check(op.name not in ("INST", "OBJ", "STACK_GLOBAL", "EXT1", "EXT2", "EXT4"), f"{name}: opcode {op.name}")
    return torch.load(path, weights_only=False)


class CircleModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_1 = nn.Linear(2, 10)
        self.layer_2 = nn.Linear(10, 10)
        self.layer_3 = nn.Linear(10, 1)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.layer_3(self.relu(self.layer_2(self.relu(self.layer_1(x)))))


# ---- a model: same predictions as ember's
m = CircleModelV2()
sd = load("circle.pth")
check(type(sd).__name__ == "OrderedDict", "circle.pth is an OrderedDict")
check(list(sd.keys()) == list(m.state_dict().keys()), "state_dict keys and order")
m.load_state_dict(sd)
io_ = load("circle_io.pth")
with torch.no_grad():
    check(bits_equal(m(io_["X"]), io_["y"]), "circle model predictions")

# ---- TinyVGG and a CNN with BatchNorm2d buffers: PyTorch's eval predictions equal ember's up to
# float32 rounding (the convolutions sum in another order), with the same predicted classes.
cnn_io = load("cnn_io.pth")
vgg = TinyVGG(1, 10, 10)
vgg.load_state_dict(load("tiny_vgg.pth"))  # strict: same keys and shapes
cnn_bn = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                       nn.Linear(36, 3))
cnn_bn.load_state_dict(load("cnn_batchnorm.pth"))
check(int(cnn_bn[1].num_batches_tracked) == 3, "BatchNorm2d num_batches_tracked")
vgg.eval()
cnn_bn.eval()
with torch.no_grad():
    for name, model, X, y in [("TinyVGG", vgg, cnn_io["X_vgg"], cnn_io["y_vgg"]),
                              ("BatchNorm2d CNN", cnn_bn, cnn_io["X_bn"], cnn_io["y_bn"])]:
        out = model(X)
        check(torch.allclose(out, y, rtol=1e-5, atol=1e-6), f"{name} predictions")
        check(torch.equal(out.argmax(1), y.argmax(1)), f"{name} predicted classes")

# ---- safetensors, parsed by hand (no safetensors package on Debian)
with open(p("circle.safetensors"), "rb") as f:
    raw = f.read()
(hlen,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + hlen])
data = raw[8 + hlen:]
check(hlen % 8 == 0, "safetensors header padded to 8 bytes")
check(list(header.keys()) == list(sd.keys()), "safetensors key order")
for k, v in sd.items():
    e = header[k]
    b, end = e["data_offsets"]
    t = torch.frombuffer(bytearray(data[b:end]), dtype=torch.float32).view(e["shape"])
    check(e["dtype"] == "F32" and bits_equal(t, v), f"safetensors tensor {k}")

# ---- every dtype, shared and strided views
dt = load("dtypes.pth")
base = torch.tensor([0.0, -1.5, 2.25, 3000.0, -0.0, 7.0]).view(2, 3)
for t in [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16,
          torch.bfloat16, torch.float32, torch.float64]:
    name = str(t).replace("torch.", "")
    check(bits_equal(dt[name], base.to(t)), f"dtype {name}")
check(bits_equal(dt["scalar"], torch.tensor(3.5)) and dt["scalar"].dim() == 0, "0-d tensor")
check(dt["empty"].shape == (0, 3), "empty tensor")
shared = torch.arange(12, dtype=torch.float32).view(3, 4)
check(bits_equal(dt["shared_t"], shared.t()) and dt["shared_t"].stride() == (1, 4), "transposed view")
check(bits_equal(dt["shared_col"], shared[:, 2]) and dt["shared_col"].storage_offset() == 2, "column view")
check(dt["shared"].data_ptr() == dt["shared_t"].data_ptr(), "views share one storage")

# ---- nested values
n = load("nested.pth")
check(bits_equal(n[0], torch.ones(2, dtype=torch.int32)), "nested tensor")
check(n[1] == (1, "x", None, True, False), "nested tuple")
check(n[2] == {7: "seven", "big": 2**40, "neg": -70000}, "nested dict")

# ---- checkpoint: Python's optimizer continues ember's training bit for bit
ck = load("ckpt_sgd.pth")
check(ck["epoch"] == 2 and ck["metrics"] == {"acc": 0.5}, "checkpoint epoch and metrics")
lin = nn.Linear(2, 1)
opt = torch.optim.SGD(lin.parameters(), lr=0.5)
lin.load_state_dict(ck["model_state_dict"])
opt.load_state_dict(ck["optimizer_state_dict"])
check(opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[0]["momentum"] == 0.9, "optimizer hyperparameters")
after = load("ckpt_sgd_after.pth")
opt.zero_grad()
nn.functional.mse_loss(lin(after["X"]), after["y"]).backward()
opt.step()
check(bits_equal(lin.weight.detach(), after["weight"]) and bits_equal(lin.bias.detach(), after["bias"]),
      "SGD step after loading ember's checkpoint")

print("ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
