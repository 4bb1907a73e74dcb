"""Golden fixtures for max_pool2d (with indices), avg_pool2d, adaptive_avg_pool2d and the pooling
modules (tests/nn/pooling_test.cpp). Run: /usr/bin/python3 tools/golden/pooling.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import tensor_json, write_fixture

torch.manual_seed(0)


def make_view(x, view):
    if view == "permute_0312":
        return x.permute(0, 3, 1, 2)
    if view == "step_w2":
        return x[..., ::2]
    return x


def case(name, op, dtype, shape, view="contiguous", with_nan=False, **kw):
    stored = torch.randn(*shape, dtype=dtype)
    if with_nan:
        stored.view(-1)[3] = float("nan")
        stored.view(-1)[10] = float("-inf")
    # ties: repeat some values so the first maximum rule is exercised
    stored.view(-1)[5] = stored.view(-1)[4]
    x = make_view(stored, view).detach().requires_grad_(True)
    idx = None
    if op == "max_pool2d":
        out, idx = F.max_pool2d(x, return_indices=True, **kw)
    elif op == "avg_pool2d":
        out = F.avg_pool2d(x, **kw)
    else:
        out = F.adaptive_avg_pool2d(x, **kw)
    go = torch.randn(out.shape, dtype=dtype)
    out.backward(go)
    args = {}
    for k, v in kw.items():
        args[k] = list(v) if isinstance(v, tuple) else v
    return {"name": name, "op": op, "view": view, "args": args, "input": tensor_json(stored),
            "output": tensor_json(out), "indices": tensor_json(idx) if idx is not None else None,
            "grad_output": tensor_json(go), "grad_input": tensor_json(x.grad),
            "grad_fn": type(out.grad_fn).__name__}


cases = []
for dt in (torch.float32, torch.float64):
    s = "f32" if dt == torch.float32 else "f64"
    cases += [
        case(f"max_2_{s}", "max_pool2d", dt, (2, 3, 8, 8), kernel_size=2),
        case(f"max_odd_{s}", "max_pool2d", dt, (2, 2, 7, 9), kernel_size=2),
        case(f"max_3_s2_p1_{s}", "max_pool2d", dt, (2, 2, 9, 8), kernel_size=3, stride=2, padding=1),
        case(f"max_dil_ceil_{s}", "max_pool2d", dt, (1, 2, 10, 11), kernel_size=(3, 2), stride=(2, 3), padding=1, dilation=2, ceil_mode=True),
        case(f"max_ceil_{s}", "max_pool2d", dt, (2, 2, 5, 5), kernel_size=2, ceil_mode=True),
        case(f"max_nan_{s}", "max_pool2d", dt, (1, 2, 6, 6), kernel_size=2, with_nan=True),
        case(f"max_permuted_{s}", "max_pool2d", dt, (2, 6, 6, 3), kernel_size=2, view="permute_0312"),
        case(f"max_unbatched_{s}", "max_pool2d", dt, (3, 6, 6), kernel_size=3, stride=1),
        case(f"avg_2_{s}", "avg_pool2d", dt, (2, 3, 8, 8), kernel_size=2),
        case(f"avg_3_s2_p1_{s}", "avg_pool2d", dt, (2, 2, 9, 8), kernel_size=3, stride=2, padding=1),
        case(f"avg_nopad_count_{s}", "avg_pool2d", dt, (2, 2, 9, 8), kernel_size=3, stride=2, padding=1, count_include_pad=False),
        case(f"avg_ceil_{s}", "avg_pool2d", dt, (1, 2, 7, 7), kernel_size=(2, 3), stride=2, padding=1, ceil_mode=True),
        case(f"avg_ceil_nopad_{s}", "avg_pool2d", dt, (1, 2, 7, 7), kernel_size=(2, 3), stride=2, padding=1, ceil_mode=True, count_include_pad=False),
        case(f"avg_divisor_{s}", "avg_pool2d", dt, (1, 2, 6, 6), kernel_size=2, divisor_override=3),
        case(f"avg_sliced_{s}", "avg_pool2d", dt, (2, 2, 6, 12), kernel_size=2, view="step_w2"),
        case(f"adaptive_3_{s}", "adaptive_avg_pool2d", dt, (2, 3, 8, 7), output_size=3),
        case(f"adaptive_up_{s}", "adaptive_avg_pool2d", dt, (2, 2, 3, 4), output_size=(5, 6)),
        case(f"adaptive_1_{s}", "adaptive_avg_pool2d", dt, (2, 3, 5, 5), output_size=1),
        case(f"adaptive_unbatched_{s}", "adaptive_avg_pool2d", dt, (3, 7, 9), output_size=(2, 4)),
        case(f"adaptive_permuted_{s}", "adaptive_avg_pool2d", dt, (2, 6, 6, 3), output_size=(4, 3), view="permute_0312"),
    ]

reprs = {
    "max_2": repr(nn.MaxPool2d(2)),
    "max_full": repr(nn.MaxPool2d((2, 3), stride=(1, 2), padding=1, dilation=2, ceil_mode=True, return_indices=True)),
    "avg_2": repr(nn.AvgPool2d(2)),
    "avg_full": repr(nn.AvgPool2d((2, 3), stride=(1, 2), padding=1, ceil_mode=True, count_include_pad=False, divisor_override=3)),
    "adaptive_1": repr(nn.AdaptiveAvgPool2d(1)),
    "adaptive_23": repr(nn.AdaptiveAvgPool2d((2, 3))),
    "adaptive_none3": repr(nn.AdaptiveAvgPool2d((None, 3))),
}
x = torch.randn(2, 3, 5, 7)
none_out = nn.AdaptiveAvgPool2d((None, 3))(x)
write_fixture("pooling", {"cases": cases, "reprs": reprs,
                          "adaptive_none": {"input": tensor_json(x), "output": tensor_json(none_out)}})
