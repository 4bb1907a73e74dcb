"""Golden fixtures for batch_norm and nn.BatchNorm1d / 2d (tests/nn/batchnorm_test.cpp):
training (batch statistics, running-stat updates with momentum and unbiased variance), eval
(running statistics), no affine, no running stats, momentum=None, gradients, state_dict keys and
reprs. Run: /usr/bin/python3 tools/golden/batchnorm.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import tensor_json, write_fixture

torch.manual_seed(0)
# PyTorch sums (N, C) inputs per thread (float partials): one thread makes its order fixed.
torch.set_num_threads(1)


def fn_case(name, dtype, shape, training, affine=True, running=True, momentum=0.1, eps=1e-5,
            permute=False):
    C = shape[1] if not permute else shape[3]
    stored = (torch.randn(*shape, dtype=dtype) * 2 + 0.5)
    x = (stored.permute(0, 3, 1, 2) if permute else stored).detach().requires_grad_(True)
    w = (torch.rand(C, dtype=dtype) + 0.5).requires_grad_(True) if affine else None
    b = torch.randn(C, dtype=dtype).requires_grad_(True) if affine else None
    rm = torch.randn(C, dtype=dtype) * 0.1 if running else None
    rv = torch.rand(C, dtype=dtype) + 0.5 if running else None
    rm0 = rm.clone() if running else None
    rv0 = rv.clone() if running else None
    y = F.batch_norm(x, rm, rv, w, b, training=training, momentum=momentum, eps=eps)
    go = torch.randn(y.shape, dtype=dtype)
    y.backward(go)
    return {"name": name, "training": training, "momentum": momentum, "eps": eps, "permute": permute,
            "input": tensor_json(stored),
            "weight": tensor_json(w) if affine else None, "bias": tensor_json(b) if affine else None,
            "running_mean": tensor_json(rm0) if running else None,
            "running_var": tensor_json(rv0) if running else None,
            "running_mean_after": tensor_json(rm) if running else None,
            "running_var_after": tensor_json(rv) if running else None,
            "output": tensor_json(y), "grad_output": tensor_json(go),
            "grad_input": tensor_json(x.grad),
            "grad_weight": tensor_json(w.grad) if affine else None,
            "grad_bias": tensor_json(b.grad) if affine else None,
            "grad_fn": type(y.grad_fn).__name__}


cases = []
for dt in (torch.float32, torch.float64):
    s = "f32" if dt == torch.float32 else "f64"
    cases += [
        fn_case(f"train_4d_{s}", dt, (4, 3, 5, 6), True),
        fn_case(f"train_2d_{s}", dt, (8, 5), True, momentum=0.3),
        fn_case(f"train_3d_{s}", dt, (4, 3, 7), True, eps=1e-3),
        fn_case(f"eval_4d_{s}", dt, (4, 3, 5, 6), False),
        fn_case(f"eval_2d_{s}", dt, (6, 4), False),
        fn_case(f"train_noaffine_{s}", dt, (3, 4, 4, 4), True, affine=False),
        fn_case(f"train_norunning_{s}", dt, (3, 4, 4, 4), True, running=False),
        fn_case(f"train_permuted_{s}", dt, (3, 4, 5, 2), True, permute=True),
    ]

# Modules: three training steps then eval, for several configurations.
mods = []
for name, ctor, shape in [
    ("bn2d", lambda: nn.BatchNorm2d(3), (4, 3, 5, 5)),
    ("bn2d_momentum_none", lambda: nn.BatchNorm2d(3, momentum=None), (4, 3, 5, 5)),
    ("bn1d_noaffine", lambda: nn.BatchNorm1d(4, eps=1e-3, affine=False), (6, 4)),
    ("bn1d_3d", lambda: nn.BatchNorm1d(4, momentum=0.5), (6, 4, 3)),
    ("bn2d_no_stats", lambda: nn.BatchNorm2d(3, track_running_stats=False), (4, 3, 5, 5)),
]:
    m = ctor()
    steps = []
    for i in range(3):
        x = torch.randn(*shape) * (i + 1) + i
        y = m(x)
        steps.append({"input": tensor_json(x), "output": tensor_json(y.detach())})
    m.eval()
    xe = torch.randn(*shape)
    ye = m(xe)
    mods.append({"name": name, "repr": repr(m), "keys": list(m.state_dict().keys()), "steps": steps,
                 "eval_input": tensor_json(xe), "eval_output": tensor_json(ye.detach()),
                 "state": {k: tensor_json(v) for k, v in m.state_dict().items()}})

write_fixture("batchnorm", {"cases": cases, "modules": mods})
