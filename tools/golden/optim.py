"""Golden fixtures for ember::optim (run: /usr/bin/python3 tools/golden/optim.py).

Writes tests/fixtures/optim_<family>.json for sgd, adam (Adam + AdamW), rmsprop and adagrad, and
tests/fixtures/lr_scheduler.json. PyTorch 1.13 on CPU runs the `_single_tensor_*` update
functions (foreach is off by default), which is what these fixtures record.

Optimizer files:
  params: six initial parameters (float32 of 1, 7 and 3x11 elements, float64 of 1, 7 and 33
          elements: 33 elements exercise ATen's vector loop plus a scalar tail).
  grads:  per step, one gradient per parameter (null: `p.grad = None`, the parameter is skipped).
  configs: per optimizer configuration, the constructor arguments (`defaults`, and `groups` as
          lists of parameter indices with per-group overrides), the parameter values after every
          step (`trajectory`), and Python's final `optimizer.state_dict()`.
  errors: constructor arguments PyTorch rejects, with its message.
Tensors are {"dtype", "shape", "b64"}: the raw little-endian bytes, base64 (exact and compact).
A state_dict value is encoded as: null (None), bool, int, float, {"tuple": [...]}, [...] (list),
{"dict": [[key, value], ...]} (keys int or str, in order), {"tensor": tensor}.

lr_scheduler.json: per scheduler configuration, the lrs (and momentum / betas where OneCycleLR
cycles them) of every parameter group after construction and after each of 50+ steps.
"""
import base64
import math

import torch

from common import write_fixture

STEPS = 20


def b64(t):
    t = t.detach().contiguous()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "b64": base64.b64encode(t.numpy().tobytes()).decode("ascii")}


def encode(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        if math.isinf(v) or math.isnan(v):
            return {"float": repr(v)}
        return v
    if isinstance(v, torch.Tensor):
        return {"tensor": b64(v)}
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {"dict": [[k, encode(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def make_params():
    g = torch.Generator().manual_seed(2024)
    specs = [(torch.float32, (1,)), (torch.float32, (7,)), (torch.float32, (3, 11)),
             (torch.float64, (1,)), (torch.float64, (7,)), (torch.float64, (33,))]
    return [torch.randn(shape, generator=g, dtype=dt) for dt, shape in specs]


def make_grads(params):
    g = torch.Generator().manual_seed(7)
    scales = [1.0, 0.01, 3.0, 1.0, 0.3, 30.0]
    steps = []
    for k in range(STEPS):
        row = []
        for i, p in enumerate(params):
            if (i == 1 and k in (3, 7)) or (i == 4 and k == 0):
                row.append(None)  # skipped this step (its state, and step counter, lag behind)
            elif i == 0 and k == 0:
                row.append(torch.zeros_like(p))  # a zero gradient on the first step
            else:
                row.append(torch.randn(p.shape, generator=g, dtype=p.dtype) * scales[i])
        steps.append(row)
    return steps


def run(cls, defaults, groups, params0, grads):
    params = [p.clone().requires_grad_(True) for p in params0]
    if groups is None:
        opt = cls(params, **defaults)
    else:
        opt = cls([dict(params=[params[i] for i in gr["params"]], **gr["options"]) for gr in groups],
                  **defaults)
    traj = []
    for row in grads:
        for p, gr in zip(params, row):
            p.grad = None if gr is None else gr.clone()
        opt.step()
        traj.append([b64(p) for p in params])
    return traj, encode(opt.state_dict())


def optimizer_file(name, cases, errors):
    params = make_params()
    grads = make_grads(params)
    configs = []
    for cname, cls, defaults, groups in cases:
        traj, sd = run(cls, defaults, groups, params, grads)
        configs.append({"name": cname, "optimizer": cls.__name__,
                        "defaults": {k: list(v) if isinstance(v, tuple) else v
                                     for k, v in defaults.items()},
                        "groups": groups, "trajectory": traj, "state_dict": sd})
    errs = []
    for cls, kwargs in errors:
        try:
            cls([torch.zeros(2, requires_grad=True)], **kwargs)
        except ValueError as e:
            errs.append({"optimizer": cls.__name__,
                         "kwargs": {k: list(v) if isinstance(v, tuple) else v
                                    for k, v in kwargs.items()},
                         "message": str(e)})
        else:
            raise AssertionError("expected an error for %r" % (kwargs,))
    write_fixture("optim_" + name, {
        "params": [b64(p) for p in params],
        "grads": [[None if g is None else b64(g) for g in row] for row in grads],
        "configs": configs, "errors": errs})


O = torch.optim
SGD_CASES = [
    ("plain", O.SGD, dict(lr=0.1), None),
    ("momentum", O.SGD, dict(lr=0.05, momentum=0.9), None),
    ("dampening", O.SGD, dict(lr=0.05, momentum=0.9, dampening=0.3), None),
    ("nesterov", O.SGD, dict(lr=0.05, momentum=0.8, nesterov=True), None),
    ("weight_decay", O.SGD, dict(lr=0.1, weight_decay=0.01), None),
    ("maximize", O.SGD, dict(lr=0.07, momentum=0.5, maximize=True), None),
    ("all", O.SGD, dict(lr=0.03, momentum=0.9, weight_decay=1e-3, nesterov=True, maximize=True),
     None),
    ("groups", O.SGD, dict(lr=0.1),
     [{"params": [0, 3], "options": {}},
      {"params": [1, 2, 4, 5], "options": {"lr": 0.01, "momentum": 0.7, "dampening": 0.1}}]),
]
SGD_ERRORS = [
    (O.SGD, dict(lr=-0.1)),
    (O.SGD, dict(lr=0.1, momentum=-0.5)),
    (O.SGD, dict(lr=0.1, weight_decay=-1e-4)),
    (O.SGD, dict(lr=0.1, nesterov=True)),
    (O.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)),
]
ADAM_CASES = [
    ("adam_plain", O.Adam, dict(), None),
    ("adam_betas", O.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6), None),
    ("adam_amsgrad", O.Adam, dict(lr=0.02, amsgrad=True), None),
    ("adam_weight_decay", O.Adam, dict(lr=0.005, weight_decay=0.05), None),
    ("adam_maximize", O.Adam, dict(lr=0.003, maximize=True, amsgrad=True, weight_decay=0.01), None),
    ("adam_groups", O.Adam, dict(lr=0.01),
     [{"params": [5, 0, 1], "options": {"betas": (0.5, 0.9)}},
      {"params": [2, 3, 4], "options": {"lr": 0.1, "amsgrad": True}}]),
    ("adamw_plain", O.AdamW, dict(), None),
    ("adamw_all", O.AdamW, dict(lr=0.01, betas=(0.85, 0.995), weight_decay=0.1, amsgrad=True,
                                maximize=True), None),
]
ADAM_ERRORS = [
    (O.Adam, dict(lr=-0.001)),
    (O.Adam, dict(eps=-1e-8)),
    (O.Adam, dict(betas=(1.0, 0.999))),
    (O.Adam, dict(betas=(0.9, -0.1))),
    (O.Adam, dict(weight_decay=-0.5)),
    (O.AdamW, dict(lr=-1.0)),
    (O.AdamW, dict(betas=(0.9, 1.5))),
]
RMSPROP_CASES = [
    ("plain", O.RMSprop, dict(), None),
    ("centered", O.RMSprop, dict(lr=0.005, centered=True), None),
    ("momentum", O.RMSprop, dict(lr=0.001, alpha=0.9, momentum=0.9), None),
    ("all", O.RMSprop, dict(lr=0.002, centered=True, momentum=0.5, weight_decay=0.01,
                            maximize=True, eps=1e-6), None),
]
RMSPROP_ERRORS = [
    (O.RMSprop, dict(lr=-0.01)),
    (O.RMSprop, dict(eps=-1.0)),
    (O.RMSprop, dict(momentum=-0.9)),
    (O.RMSprop, dict(weight_decay=-0.1)),
    (O.RMSprop, dict(alpha=-0.99)),
]
ADAGRAD_CASES = [
    ("plain", O.Adagrad, dict(lr=0.1), None),
    ("all", O.Adagrad, dict(lr=0.05, lr_decay=0.01, weight_decay=0.02,
                            initial_accumulator_value=0.1, eps=1e-8, maximize=True), None),
]
ADAGRAD_ERRORS = [
    (O.Adagrad, dict(lr=-0.1)),
    (O.Adagrad, dict(lr_decay=-0.5)),
    (O.Adagrad, dict(weight_decay=-0.5)),
    (O.Adagrad, dict(initial_accumulator_value=-0.5)),
    (O.Adagrad, dict(eps=-1e-10)),
]


# ---- lr schedulers
def scheduler_case(name, opt_name, opt_kwargs, group_lrs, sched_name, sched_kwargs, steps,
                   metrics=None, chain=None):
    params = [torch.zeros(2, requires_grad=True) for _ in group_lrs]
    cls = getattr(O, opt_name)
    opt = cls([{"params": [p], "lr": lr} for p, lr in zip(params, group_lrs)], **opt_kwargs)
    scheds = [getattr(O.lr_scheduler, sched_name)(opt, **sched_kwargs)]
    if chain is not None:
        scheds.append(getattr(O.lr_scheduler, chain[0])(opt, **chain[1]))

    def snapshot():
        rec = {"lr": [g["lr"] for g in opt.param_groups]}
        if "momentum" in opt.defaults:
            rec["momentum"] = [g["momentum"] for g in opt.param_groups]
        if "betas" in opt.defaults:
            rec["beta1"] = [g["betas"][0] for g in opt.param_groups]
            rec["beta2"] = [g["betas"][1] for g in opt.param_groups]
        if sched_name != "ReduceLROnPlateau":
            rec["last_epoch"] = scheds[0].last_epoch
            assert scheds[-1].get_last_lr() == rec["lr"]
        return rec

    records = [snapshot()]
    for k in range(steps):
        opt.step()
        for s in scheds:
            if metrics is not None:
                s.step(metrics[k])
            else:
                s.step()
        records.append(snapshot())
    error = None
    if sched_name == "OneCycleLR":
        try:
            scheds[0].step()
        except ValueError as e:
            error = str(e)
    out = {"name": name, "optimizer": opt_name, "optimizer_kwargs": opt_kwargs,
           "group_lrs": group_lrs, "scheduler": sched_name,
           "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in sched_kwargs.items()},
           "records": records}
    if chain is not None:
        out["chain"] = {"scheduler": chain[0], "kwargs": chain[1]}
    if metrics is not None:
        out["metrics"] = metrics
    if error is not None:
        out["error"] = error
    return out


def plateau_metrics(n, seed):
    g = torch.Generator().manual_seed(seed)
    vals = []
    level = 1.0
    for k in range(n):
        if k % 9 == 0:
            level *= 0.8
        vals.append(level + 0.05 * torch.rand(1, generator=g, dtype=torch.float64).item())
    return vals


def scheduler_file():
    cases = [
        scheduler_case("step", "SGD", {}, [0.1, 0.03], "StepLR", dict(step_size=7, gamma=0.5), 60),
        scheduler_case("multistep", "SGD", {}, [0.1, 0.7], "MultiStepLR",
                       dict(milestones=[10, 25, 25, 40], gamma=0.3), 60),
        scheduler_case("exponential", "Adam", {}, [0.01, 0.002], "ExponentialLR",
                       dict(gamma=0.93), 60),
        scheduler_case("cosine", "SGD", {}, [0.1, 0.05], "CosineAnnealingLR",
                       dict(T_max=15, eta_min=0.001), 70),
        scheduler_case("cosine_zero_min", "SGD", {}, [0.3], "CosineAnnealingLR", dict(T_max=10), 55),
        scheduler_case("linear_warmup", "SGD", {}, [0.1, 0.02], "LinearLR",
                       dict(start_factor=0.25, total_iters=8), 55),
        scheduler_case("linear_decay", "SGD", {}, [0.5], "LinearLR",
                       dict(start_factor=1.0, end_factor=0.1, total_iters=30), 55),
        scheduler_case("linear_then_exponential", "SGD", {}, [0.1], "LinearLR",
                       dict(start_factor=0.5, total_iters=4), 55,
                       chain=("ExponentialLR", dict(gamma=0.9))),
        scheduler_case("onecycle_cos_sgd", "SGD", dict(momentum=0.9), [0.1, 0.1], "OneCycleLR",
                       dict(max_lr=0.1, total_steps=60), 60),
        scheduler_case("onecycle_linear_three_phase_adam", "Adam", {}, [0.001], "OneCycleLR",
                       dict(max_lr=0.01, total_steps=57, anneal_strategy="linear",
                            three_phase=True, pct_start=0.25, div_factor=10.0,
                            final_div_factor=100.0), 57),
        scheduler_case("onecycle_no_momentum_groups", "SGD", {}, [0.1, 0.1], "OneCycleLR",
                       dict(max_lr=[0.2, 0.05], epochs=6, steps_per_epoch=9,
                            cycle_momentum=False), 54),
        scheduler_case("onecycle_rmsprop_momentum", "RMSprop", dict(momentum=0.5), [0.01],
                       "OneCycleLR", dict(max_lr=0.03, total_steps=50, base_momentum=0.8,
                                          max_momentum=0.9), 50),
        scheduler_case("plateau_min_rel", "SGD", {}, [0.1, 0.02], "ReduceLROnPlateau",
                       dict(factor=0.5, patience=3, cooldown=2, min_lr=[0.004, 0.001]), 60,
                       metrics=plateau_metrics(60, 3)),
        scheduler_case("plateau_max_abs", "SGD", {}, [0.1], "ReduceLROnPlateau",
                       dict(mode="max", threshold_mode="abs", threshold=0.01, patience=2,
                            factor=0.3, min_lr=1e-3), 60,
                       metrics=[-v for v in plateau_metrics(60, 4)]),
        scheduler_case("plateau_eps", "SGD", {}, [1e-7], "ReduceLROnPlateau",
                       dict(factor=0.9, patience=0, eps=1e-8), 30,
                       metrics=[1.0] * 30),
    ]
    write_fixture("lr_scheduler", {"cases": cases})


if __name__ == "__main__":
    assert torch.__version__.startswith("1.13"), torch.__version__
    optimizer_file("sgd", SGD_CASES, SGD_ERRORS)
    optimizer_file("adam", ADAM_CASES, ADAM_ERRORS)
    optimizer_file("rmsprop", RMSPROP_CASES, RMSPROP_ERRORS)
    optimizer_file("adagrad", ADAGRAD_CASES, ADAGRAD_ERRORS)
    scheduler_file()
