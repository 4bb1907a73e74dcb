"""Fixtures for tests/io/serialization_test.cpp: .pth files written by PyTorch 1.13's torch.save
(tests/fixtures/serialization/*.pth) and the expected tensors and predictions
(tests/fixtures/serialization.json). Also hostile pickles that a weights-only loader must refuse.

Run with Debian's /usr/bin/python3 (python3-torch 1.13).
"""
import collections
import io
import os
import pickle
import zipfile

import torch
from torch import nn

from common import FIXTURES, tensor_json, write_fixture
from tutorial_models import TinyVGG

OUT = os.path.join(FIXTURES, "serialization")
os.makedirs(OUT, exist_ok=True)
fx = {}


def path(name):
    return os.path.join(OUT, name)


def sd_json(sd):
    """A state_dict: its keys in order (JSON objects are read back sorted) and its tensors."""
    return {"keys": list(sd.keys()), "values": {k: tensor_json(v) for k, v in sd.items()}}


# ---- tutorial models
torch.manual_seed(42)


class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_layer = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear_layer(x)


lin = LinearRegressionModel()
X = torch.arange(0, 1, 0.02).unsqueeze(1)[:10]
torch.save(lin.state_dict(), path("linear_regression.pth"))
with torch.inference_mode():
    fx["linear_regression"] = {"state": sd_json(lin.state_dict()), "X": tensor_json(X), "y": tensor_json(lin(X))}

circle_seq = nn.Sequential(nn.Linear(2, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 1))


class CircleModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_1 = nn.Linear(2, 10)
        self.layer_2 = nn.Linear(10, 10)
        self.layer_3 = nn.Linear(10, 1)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.layer_3(self.relu(self.layer_2(self.relu(self.layer_1(x)))))


circle = CircleModelV2()
Xc = torch.randn(8, 2)
torch.save(circle_seq.state_dict(), path("circle_sequential.pth"))
torch.save(circle.state_dict(), path("circle_custom.pth"))
with torch.inference_mode():
    fx["circle_sequential"] = {"state": sd_json(circle_seq.state_dict()), "X": tensor_json(Xc),
                               "y": tensor_json(circle_seq(Xc))}
    fx["circle_custom"] = {"state": sd_json(circle.state_dict()), "X": tensor_json(Xc), "y": tensor_json(circle(Xc))}

# A model with BatchNorm buffers (running stats moved by two training batches).
bn = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
bn.train()
for _ in range(2):
    bn(torch.randn(5, 3))
torch.save(bn.state_dict(), path("batchnorm.pth"))
Xb = torch.randn(6, 3)
bn.eval()
with torch.inference_mode():
    fx["batchnorm"] = {"state": sd_json(bn.state_dict()), "X": tensor_json(Xb), "y": tensor_json(bn(Xb))}


# The tutorial's TinyVGG (chapter 03, FashionMNIST 1x28x28, 10 classes), trained for a few SGD
# steps so that its weights are not just the initialisation.
torch.manual_seed(42)
vgg = TinyVGG(1, 10, 10)
opt = torch.optim.SGD(vgg.parameters(), lr=0.1)
for _ in range(3):
    xb, yb = torch.rand(8, 1, 28, 28), torch.randint(0, 10, (8,))
    opt.zero_grad()
    nn.functional.cross_entropy(vgg(xb), yb).backward()
    opt.step()
torch.save(vgg.state_dict(), path("tiny_vgg.pth"))
Xv = torch.rand(4, 1, 28, 28)
vgg.eval()
with torch.inference_mode():
    yv = vgg(Xv)
    fx["tiny_vgg"] = {"keys": list(vgg.state_dict().keys()), "X": tensor_json(Xv), "y": tensor_json(yv),
                      "pred": yv.argmax(dim=1).tolist()}

# A small CNN with BatchNorm2d buffers (running stats after three training batches), in eval mode.
torch.manual_seed(3)
cnn_bn = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                       nn.Linear(4 * 3 * 3, 3))
cnn_bn.train()
with torch.no_grad():
    for _ in range(3):
        cnn_bn(torch.randn(5, 1, 8, 8))
torch.save(cnn_bn.state_dict(), path("cnn_batchnorm.pth"))
Xn = torch.randn(3, 1, 8, 8)
cnn_bn.eval()
with torch.inference_mode():
    fx["cnn_batchnorm"] = {"state": sd_json(cnn_bn.state_dict()), "X": tensor_json(Xn), "y": tensor_json(cnn_bn(Xn))}

# ---- every dtype, 0-d and empty tensors
dt = {}
base = torch.tensor([0.0, -1.5, 2.25, 3.0e3, -0.0, 7.0])
for name, t in [("bool", torch.bool), ("uint8", torch.uint8), ("int8", torch.int8), ("int16", torch.int16),
                ("int32", torch.int32), ("int64", torch.int64), ("float16", torch.float16),
                ("bfloat16", torch.bfloat16), ("float32", torch.float32), ("float64", torch.float64)]:
    dt[name] = base.to(t).view(2, 3) if t != torch.int64 else torch.tensor([[0, -1, 2], [2**40, -2**40, 7]])
dt["scalar"] = torch.tensor(3.5)
dt["scalar_long"] = torch.tensor(-9)
dt["empty"] = torch.zeros(0, 3)
dt["empty_1d"] = torch.zeros(0, dtype=torch.int32)
torch.save(dt, path("dtypes.pth"))
fx["dtypes"] = sd_json(dt)

# ---- shared storage and non-contiguous views
b = torch.arange(12, dtype=torch.float32).view(3, 4)
shared = {"base": b, "t": b.t(), "row": b[1], "col": b[:, 2], "again": b, "step": b.view(-1)[1::3]}
torch.save(shared, path("shared.pth"))
fx["shared"] = {k: {"value": tensor_json(v), "offset": v.storage_offset(), "stride": list(v.stride())}
                for k, v in shared.items()}

# ---- plain tensors, parameters, lists and nested containers
torch.save(torch.arange(6, dtype=torch.int16).view(2, 3), path("tensor_only.pth"))
torch.save(nn.Parameter(torch.tensor([1.0, 2.0])), path("parameter.pth"))
nested = [torch.tensor([1.0, 2.0]), {"a": torch.tensor([[5]]), "n": 3, "f": 1.5, "big": 2**40, "neg": -70000},
          (1, "x", None, True, False), [], {}, {7: "seven"}]
torch.save(nested, path("nested.pth"))

# ---- legacy (pre-1.6) format
torch.save({"w": b[:, 1], "b": torch.ones(2, dtype=torch.int64), "h": torch.tensor([1.5], dtype=torch.float16)},
           path("legacy.pth"), _use_new_zipfile_serialization=False)
fx["legacy"] = sd_json({"w": b[:, 1], "b": torch.ones(2, dtype=torch.int64),
                        "h": torch.tensor([1.5], dtype=torch.float16)})


# ---- optimizer checkpoints: train 2 steps, save; then one more step gives the expected params
def checkpoint(name, make_opt):
    torch.manual_seed(7)
    model = nn.Linear(2, 1)
    opt = make_opt(model.parameters())
    Xs = torch.randn(4, 2)
    ys = torch.randn(4, 1)
    loss_fn = nn.MSELoss()
    for _ in range(2):
        opt.zero_grad()
        loss = loss_fn(model(Xs), ys)
        loss.backward()
        opt.step()
    torch.save({"epoch": 2, "model_state_dict": model.state_dict(), "optimizer_state_dict": opt.state_dict(),
                "metrics": {"loss": loss.item(), "acc": 0.5}}, path(name + ".pth"))
    opt.zero_grad()
    loss_fn(model(Xs), ys).backward()
    opt.step()
    fx[name] = {"X": tensor_json(Xs), "y": tensor_json(ys), "loss": loss.item(),
                "after": sd_json(model.state_dict())}


checkpoint("ckpt_sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9))
checkpoint("ckpt_adam", lambda p: torch.optim.Adam(p, lr=0.01))


# ---- hostile pickles, in torch.save's zip layout
def hostile(name, pkl):
    with zipfile.ZipFile(path(name + ".pth"), "w") as z:
        for rec, data in ((name + "/data.pkl", pkl), (name + "/version", b"3\n")):
            z.writestr(zipfile.ZipInfo(rec, date_time=(2020, 1, 1, 0, 0, 0)), data)


hostile("hostile_os_system", b"\x80\x02cos\nsystem\nq\x00X\x0a\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03.")
hostile("hostile_eval", b"\x80\x02cbuiltins\neval\nX\x0e\x00\x00\x00print('pwned')\x85R.")


class Evil:
    def __reduce__(self):
        import subprocess
        return (subprocess.Popen, (["echo", "pwned"],))


buf = io.BytesIO()
torch.save({"w": torch.ones(1), "evil": Evil()}, buf)
with open(path("hostile_reduce.pth"), "wb") as f:
    f.write(buf.getvalue())
# protocol 4 STACK_GLOBAL naming os.system
hostile("hostile_stack_global", b"\x80\x04\x8c\x02os\x8c\x06system\x93X\x02\x00\x00\x00id\x85R.")

# ---- corrupt files: truncated archive, one flipped data byte (CRC mismatch)
with open(path("linear_regression.pth"), "rb") as f:
    good = f.read()
with open(path("corrupt_truncated.pth"), "wb") as f:
    f.write(good[: len(good) // 2])
flipped = bytearray(good)
data_at = good.index(b"linear_regression/data/0") + len("linear_regression/data/0")
data_at = (data_at + 63) // 64 * 64  # records are 64-byte aligned
flipped[data_at] ^= 0x40
with open(path("corrupt_bitflip.pth"), "wb") as f:
    f.write(bytes(flipped))

# ---- a torch.save archive whose records were recompressed with deflate (torch never does this;
# other zip tools might)
with zipfile.ZipFile(path("linear_regression.pth")) as src, \
        zipfile.ZipFile(path("deflated.pth"), "w", zipfile.ZIP_DEFLATED) as dst:
    for info in src.infolist():
        dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), src.read(info.filename),
                     compress_type=zipfile.ZIP_DEFLATED)


# ---- pickles of plain values in every protocol (opcode coverage), with the repr ember prints
def ember_repr(v):
    if isinstance(v, (dict, collections.OrderedDict)):
        return "{" + ", ".join(f"{ember_repr(k)}: {ember_repr(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(ember_repr(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(ember_repr(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v)


shared_list = [1, "s"]
values = [None, True, False, 0, 255, 256, 65535, 65536, -1, -129, 2**31, -2**31 - 1, 2**63 - 1, -2**63,
          1.5, -0.0, 1e300, 5e-324, "", "abc", (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [], [1, [2, [3]]],
          {}, {"a": 1, 2: "b", 3: None}, collections.OrderedDict([("x", 1), ("y", [2.5])]),
          [shared_list, shared_list, (shared_list,)]]
fx["pickles"] = []
for proto in range(6):
    for v in values:
        fx["pickles"].append({"protocol": proto, "hex": pickle.dumps(v, protocol=proto).hex(), "repr": ember_repr(v)})
    for v in ["h\u00e9llo \u2603", b"raw\x00bytes", 2**64]:
        fx["pickles"].append({"protocol": proto, "hex": pickle.dumps(v, protocol=proto).hex(), "repr": None})
for proto in (2, 4):  # more than 1000 items: the pickler batches APPENDS/SETITEMS
    for v in [list(range(1001)), {i: -i for i in range(1001)}]:
        fx["pickles"].append({"protocol": proto, "hex": pickle.dumps(v, protocol=proto).hex(), "repr": ember_repr(v)})

write_fixture("serialization", fx)
for f in sorted(os.listdir(OUT)):
    print(f, os.path.getsize(os.path.join(OUT, f)))
