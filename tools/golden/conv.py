"""Golden fixtures for conv1d / conv2d / F.pad (tests/nn/conv_test.cpp).

Each case: input (stored contiguous, then viewed as `view` says), weight, bias, options, the
output, a grad_output and the gradients of input, weight and bias. Also module init after
manual_seed, reprs, and a TinyVGG forward. Run: /usr/bin/python3 tools/golden/conv.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import tensor_json, write_fixture
from tutorial_models import TinyVGG

torch.manual_seed(0)


def make_view(x, view):
    if view == "permute_0312":  # stored (N, H, W, C) -> (N, C, H, W)
        return x.permute(0, 3, 1, 2)
    if view == "step_w2":  # every other column
        return x[..., ::2]
    return x


def conv_case(name, op, dtype, in_shape, w_shape, bias=True, stride=1, padding=0, dilation=1,
              groups=1, view="contiguous"):
    stored = torch.randn(*in_shape, dtype=dtype)
    w = torch.randn(*w_shape, dtype=dtype)
    b = torch.randn(w_shape[0], dtype=dtype) if bias else None
    x = make_view(stored, view).detach().requires_grad_(True)
    wr = w.clone().requires_grad_(True)
    br = b.clone().requires_grad_(True) if bias else None
    fn = F.conv2d if op == "conv2d" else F.conv1d
    out = fn(x, wr, br, stride=stride, padding=padding, dilation=dilation, groups=groups)
    go = torch.randn(out.shape, dtype=dtype)
    out.backward(go)
    return {
        "name": name, "op": op, "view": view,
        "input": tensor_json(stored), "weight": tensor_json(w),
        "bias": tensor_json(b) if bias else None,
        "stride": [stride] if isinstance(stride, int) else list(stride),
        "padding": padding if isinstance(padding, str) else ([padding] if isinstance(padding, int) else list(padding)),
        "dilation": [dilation] if isinstance(dilation, int) else list(dilation),
        "groups": groups,
        "output": tensor_json(out), "grad_output": tensor_json(go),
        "grad_input": tensor_json(x.grad), "grad_weight": tensor_json(wr.grad),
        "grad_bias": tensor_json(br.grad) if bias else None,
        "grad_fn": type(out.grad_fn).__name__,
    }


cases = []
for dt in (torch.float32, torch.float64):
    s = "f32" if dt == torch.float32 else "f64"
    cases += [
        conv_case(f"basic_{s}", "conv2d", dt, (2, 3, 7, 6), (4, 3, 3, 3)),
        conv_case(f"pad1_{s}", "conv2d", dt, (2, 1, 8, 8), (5, 1, 3, 3), padding=1),
        conv_case(f"stride2_pad_{s}", "conv2d", dt, (2, 3, 9, 8), (4, 3, 3, 2), stride=2, padding=(1, 2)),
        conv_case(f"dilation_{s}", "conv2d", dt, (1, 2, 10, 9), (3, 2, 3, 3), dilation=(2, 3), padding=1),
        conv_case(f"groups_{s}", "conv2d", dt, (2, 4, 6, 6), (6, 2, 3, 3), groups=2, bias=False),
        conv_case(f"depthwise_{s}", "conv2d", dt, (2, 3, 5, 5), (3, 1, 3, 3), groups=3, padding=1),
        conv_case(f"same_odd_{s}", "conv2d", dt, (2, 2, 6, 7), (3, 2, 3, 5), padding="same"),
        conv_case(f"same_even_{s}", "conv2d", dt, (1, 2, 6, 7), (3, 2, 2, 4), padding="same"),
        conv_case(f"valid_{s}", "conv2d", dt, (1, 2, 6, 7), (3, 2, 3, 3), padding="valid"),
        conv_case(f"pointwise_{s}", "conv2d", dt, (2, 4, 5, 5), (3, 4, 1, 1)),
        conv_case(f"permuted_{s}", "conv2d", dt, (2, 6, 5, 3), (4, 3, 3, 3), padding=1, view="permute_0312"),
        conv_case(f"sliced_{s}", "conv2d", dt, (2, 3, 6, 12), (2, 3, 3, 3), stride=(1, 2), view="step_w2"),
        conv_case(f"unbatched_{s}", "conv2d", dt, (3, 6, 6), (2, 3, 3, 3), padding=1),
        conv_case(f"conv1d_{s}", "conv1d", dt, (2, 3, 11), (4, 3, 3), stride=2, padding=1),
        conv_case(f"conv1d_same_{s}", "conv1d", dt, (2, 2, 9), (4, 2, 4), padding="same", dilation=2),
        conv_case(f"conv1d_unbatched_{s}", "conv1d", dt, (3, 10), (2, 3, 3), groups=1),
        conv_case(f"conv1d_groups_{s}", "conv1d", dt, (2, 4, 10), (4, 2, 5), groups=2, bias=False),
    ]

# F.pad
pads = []
for mode, shape, p in [("reflect", (2, 3, 5, 6), (1, 2, 3, 1)), ("reflect", (3, 4, 5), (2, 2, 1, 0)),
                       ("reflect", (2, 3, 7), (3, 1)), ("reflect", (3, 7), (2, 4)),
                       ("constant", (2, 3, 4), (1, 2, 0, 1)), ("constant", (2, 3, 4), (-1, 2, 1, -1)),
                       ("replicate", (2, 3, 4, 5), (2, 1, 3, 0)), ("replicate", (2, 3, 4), (3, 2)),
                       ("replicate", (3, 4, 5), (-1, 2, 1, -2)), ("circular", (2, 3, 4, 5), (2, 1, 3, 0)),
                       ("circular", (2, 3, 5), (2, 4)), ("circular", (1, 2, 4, 5), (-1, 2, 1, -2))]:
    x = torch.randn(*shape, dtype=torch.float64).requires_grad_(True)
    y = F.pad(x, p, mode=mode, value=0.5) if mode == "constant" else F.pad(x, p, mode=mode)
    go = torch.randn(y.shape, dtype=torch.float64)
    y.backward(go)
    pads.append({"mode": mode, "pad": list(p), "input": tensor_json(x), "output": tensor_json(y),
                 "grad_output": tensor_json(go), "grad_input": tensor_json(x.grad),
                 "grad_fn": type(y.grad_fn).__name__})

# Modules: init after manual_seed, reprs, reflect padding mode.
modules = []
for name, ctor in [
    ("conv2d_1_10_3_p1", lambda: nn.Conv2d(1, 10, 3, padding=1)),
    ("conv2d_3_6_k35_s2_g3_nobias", lambda: nn.Conv2d(3, 6, (3, 5), stride=2, padding=(1, 2), dilation=2, groups=3, bias=False)),
    ("conv2d_reflect", lambda: nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect")),
    ("conv2d_same_reflect", lambda: nn.Conv2d(2, 3, (2, 3), padding="same", padding_mode="reflect")),
    ("conv2d_valid", lambda: nn.Conv2d(2, 3, 3, padding="valid")),
    ("conv1d_3_6_3", lambda: nn.Conv1d(3, 6, 3)),
    ("conv1d_reflect", lambda: nn.Conv1d(2, 4, 3, stride=2, padding=1, padding_mode="reflect")),
    ("conv2d_circular", lambda: nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode="circular")),
    ("conv2d_replicate", lambda: nn.Conv2d(2, 3, 3, padding=2, padding_mode="replicate")),
]:
    torch.manual_seed(42)
    m = ctor()
    in_ch = m.in_channels
    if isinstance(m, nn.Conv2d):
        x = torch.randn(2, in_ch, 6, 7)
    else:
        x = torch.randn(2, in_ch, 9)
    y = m(x)
    modules.append({"name": name, "repr": repr(m), "weight": tensor_json(m.weight.detach()),
                    "bias": tensor_json(m.bias.detach()) if m.bias is not None else None,
                    "input": tensor_json(x), "output": tensor_json(y.detach())})


# TinyVGG (the demo's model) after manual_seed(42): repr, state_dict keys, forward.
torch.manual_seed(42)
tv = TinyVGG(1, 10, 10, 28)
x = torch.randn(4, 1, 28, 28)
y = tv(x)
loss = F.cross_entropy(y, torch.tensor([0, 3, 9, 1]))
loss.backward()
tiny = {"repr": repr(tv), "keys": list(tv.state_dict().keys()), "input": tensor_json(x),
        "output": tensor_json(y.detach()), "loss": loss.item(),
        "grad_conv1_weight": tensor_json(tv.block_1[0].weight.grad),
        "grad_conv4_bias": tensor_json(tv.block_2[2].bias.grad)}

write_fixture("conv", {"cases": cases, "pads": pads, "modules": modules, "tinyvgg": tiny})
